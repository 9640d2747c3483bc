import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra
import RandomStreams

@Suite("BLAS products")
struct BLASProductTests {
    /// Reference product by the defining triple loop (independent of BLAS).
    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
        return c
    }

    @Test("dgemm op(A)·op(B) equals the triple-loop product for all transpose combinations")
    func gemmMatchesLoops() async {
        await seededPropertyCheck(count: 100, input: Gen.int(in: 1...20), Gen.int(in: 1...20), Gen.int(in: 1...20),
                                  Gen.int(in: 0...3), Gen.int(in: 0...1_000_000)) { m, k, n, flags, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let a = Matrix.gaussian(rows: m, columns: k, stream: stream)
            let b = Matrix.gaussian(rows: k, columns: n, stream: stream)
            let transposeA = flags & 1 == 1, transposeB = flags & 2 == 2
            let product = Matrix.product(transposeA ? a.transposed : a, transposeA: transposeA,
                                         transposeB ? b.transposed : b, transposeB: transposeB)
            // Sums of k ≤ 20 products of standard normals: rounding ≲ k·ε·Σ|aᵢₖbₖⱼ| ≲ 20·ε·20·9.
            #expect(product.maxAbsoluteDifference(Self.naiveProduct(a, b)) < 1e-12)
            let vector = stream.gaussians(k)
            let mv = a * vector
            let reference = Self.naiveProduct(a, Matrix(rows: k, columns: 1, elements: vector)).elements
            #expect(zip(mv, reference).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }
}
