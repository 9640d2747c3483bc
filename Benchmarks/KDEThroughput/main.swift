// closedform-kde-benchmark: score throughput of the Gaussian KDE (FittedKernelDensity) with many centres.
//
//   swift run -c release --package-path Benchmarks closedform-kde-benchmark [--centres N] [--queries M]
//                                                                   [--dimensions 16,2] [--runs R] [--seed S]
//
// Defaults: N = 100 000 centres (N(0, I) draws), M = 10 000 query points (draws of the KDE's noised law at
// t = 0.1, ou), h = 0.6 ([B]'s bandwidth), n ∈ {16, 2}, best of R = 3 runs.
//
// Cost model of one score call (FittedKernelDensity+Evaluation): blocks of b = blockSize(N) query rows
// (16 at N = 10⁵), each swept over tiles of C = max(256, 2¹⁵/b) centres (2048 at b = 16; a b×C tile is
// 256 KB); per tile one dgemm b×n·n×C for the cross terms (2·b·C·n flops), the online log-sum-exp pass
// (shift, maximum, b·C exponentials in `CLogSumExp`, rescaling of the running sums), and one dgemm
// b×C·C×n accumulating Σ_j e^{ℓ_j − m} y_j (2·b·C·n flops): 4·M·N·n flops and M·N exponentials in all,
// b·C doubles of memory per running block (never M×N). The breakdown times the kernel on
// single blocks on one thread, and its two dgemms alone, to apportion the time.
import ClosedForm
import Foundation

/// The options, given as `--name value` pairs.
struct Options {
    var centres = 100_000
    var queries = 10_000
    var dimensions = [16, 2]
    var runs = 3
    var seed: UInt64 = 7

    init(_ arguments: [String]) {
        guard arguments.count % 2 == 0 else { fail("options come as --name value pairs: \(arguments)") }
        for pair in stride(from: 0, to: arguments.count, by: 2) {
            let (name, text) = (arguments[pair], arguments[pair + 1])
            let values = text.split(separator: ",").compactMap { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 > 0 }) else { fail("\(name) needs positive integers, got \(text)") }
            switch name {
            case "--centres": centres = values[0]
            case "--queries": queries = values[0]
            case "--dimensions": dimensions = values
            case "--runs": runs = values[0]
            case "--seed": seed = UInt64(values[0])
            default: fail("unknown option \(name)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("closedform-kde-benchmark: \(message)\n".utf8))
    exit(2)
}

/// Seconds taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Sequential timing of the first `blocks` blocks: the whole kernel (`score` on one block, one thread) and
/// its two dgemms alone (the same public BLAS calls on the same shapes); the rest is the log-sum-exp pass
/// (shift, maximum, b·N exponentials, sums) and the O(b·n) bookkeeping.
func breakdown(_ model: FittedKernelDensity, queries: Matrix, time: Double, blocks: Int) throws -> (kernel: Double, gemm: Double) {
    let b = model.blockSize, tileWidth = model.tileWidth
    var kernelTime = 0.0, gemmTime = 0.0
    try BLASThreads.pinned {
        for k in 0..<blocks {
            let block = queries.rows((k * b)..<min(queries.rows, (k + 1) * b))
            kernelTime += try seconds { _ = try model.score(block, time: time) }
            var accumulated = Matrix(rows: block.rows, columns: model.dimension)
            for first in stride(from: 0, to: model.count, by: tileWidth) {
                let tileCentres = first..<min(model.count, first + tileWidth)
                var logits = Matrix(rows: block.rows, columns: tileCentres.count)
                gemmTime += seconds {
                    Matrix.gemm(block, model.centres, rowsOfB: tileCentres, transposeB: true, alpha: 1, into: &logits)
                    Matrix.gemm(logits, model.centres, rowsOfB: tileCentres, alpha: 1, beta: 1, into: &accumulated)
                }
            }
        }
    }
    return (kernelTime, gemmTime)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let time = 0.1, bandwidth = 0.6
print("KDE score throughput: N = \(options.centres) centres, M = \(options.queries) queries, h = \(bandwidth), ou, t = \(time), best of \(options.runs); \(ParallelBlocks.workerCount) workers")
for n in options.dimensions {
    let stream = RandomStream(seed: options.seed &+ UInt64(n))
    let centres = Matrix.gaussian(rows: options.centres, columns: n, stream: stream)
    let model = try KernelDensityEstimate(bandwidth: bandwidth).fit(centres, schedule: .ou)
    let s = NoiseSchedule.ou.scale(at: time), gamma = NoiseSchedule.ou.gamma(at: time)
    var queries = model.sample(count: options.queries, stream: stream)
    for index in queries.elements.indices { queries.elements[index] = s * queries.elements[index] + gamma * stream.gaussian() }

    var best = Double.infinity
    var checksum = 0.0
    for _ in 0..<options.runs {
        best = min(best, try seconds { checksum = try model.score(queries, time: time).elements.reduce(0, +) })
    }
    let b = model.blockSize
    let flops = 4 * Double(options.queries) * Double(options.centres) * Double(n)
    let exps = Double(options.queries) * Double(options.centres)
    print("")
    print("n = \(n): \(String(format: "%.0f", Double(options.queries) / best)) points/s (\(String(format: "%.3f", best)) s for \(options.queries) points; checksum \(checksum))")
    let tile = model.tileWidth
    print("  block b = \(b) rows × tiles of C = \(tile) centres (b·C = \(b * tile) doubles = \(String(format: "%.2f", Double(b * tile) * 8 / 1e6)) MB per running block), \(options.queries / b + (options.queries % b == 0 ? 0 : 1)) blocks")
    print("  cost: 4·M·N·n = \(String(format: "%.3g", flops)) flops (\(String(format: "%.2f", flops / best / 1e9)) GFLOP/s effective), M·N = \(String(format: "%.3g", exps)) exp (\(String(format: "%.2f", exps / best / 1e9)) G exp/s effective)")
    let sampled = max(1, min(options.queries / b, 64))
    let split = try breakdown(model, queries: queries, time: time, blocks: sampled)
    let lse = split.kernel - split.gemm
    print("  one thread, \(sampled) blocks: \(String(format: "%.3f", split.kernel)) s; dgemm \(String(format: "%.0f", 100 * split.gemm / split.kernel)) %, log-sum-exp pass (exp, shift, max, sum) \(String(format: "%.0f", 100 * lse / split.kernel)) % (\(String(format: "%.2f", lse / (Double(sampled * b) * Double(options.centres)) * 1e9)) ns per centre-point pair)")
}
