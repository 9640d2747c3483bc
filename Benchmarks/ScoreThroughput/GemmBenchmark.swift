import ClosedForm

/// The machine's `dgemm` rate through `Matrix.gemm` (OpenBLAS), at a given OpenBLAS thread count.
struct GemmBenchmark {
    /// C (m×n) ← A (m×k) · B (k×n); flops = 2·m·n·k.
    struct Shape: CustomStringConvertible {
        let m: Int, n: Int, k: Int
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
        var description: String { m == n && n == k ? "\(m)³" : "\(m)×\(k)·\(k)×\(n)" }
    }

    struct Result {
        let shape: Shape
        let threads: Int
        let timings: Timings
        var bestGFLOPS: Double { shape.flops / timings.best * 1e-9 }
        var medianGFLOPS: Double { shape.flops / timings.median * 1e-9 }
    }

    static func run(shape: Shape, threads: Int, runs: Int, seed: UInt64) -> Result {
        let stream = RandomStream(seed: seed)
        let a = Matrix(rows: shape.m, columns: shape.k, elements: stream.gaussians(shape.m * shape.k))
        let b = Matrix(rows: shape.k, columns: shape.n, elements: stream.gaussians(shape.k * shape.n))
        var c = Matrix(rows: shape.m, columns: shape.n)
        BLASThreads.set(threads)
        let timings = Timings.measure(runs: runs) {
            Matrix.gemm(a, b, into: &c)
        }
        consume(c)
        return Result(shape: shape, threads: threads, timings: timings)
    }
}
