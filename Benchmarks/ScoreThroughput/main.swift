// closedform-benchmarks: dgemm rate, and batch log-density / score throughput of a Gaussian mixture.
//
//   swift run -c release --package-path Benchmarks closedform-benchmarks [options]
//
// Options: --points N (100000)  --dimension n (64)  --components K (16)  --runs R (7)
//          --gemm-runs R (5)  --seed S (2024)  --out DIR (out/benchmark)  --skip-gemm
//
// Writes to DIR: model.json (ModelFile), points.f64 (N×n), logdensity.f64 (N), score.f64 (N×n) as raw
// little-endian float64 row-major, and results.json (the timings). scripts/benchmark.sh runs this, reruns
// it with CLOSEDFORM_THREADS=1 to check the outputs are bit-identical, and times scikit-learn's
// GaussianMixture.score_samples on the same files.
import ClosedForm
import Foundation

struct Options {
    var points = 100_000
    var dimension = 64
    var components = 16
    var runs = 7
    var gemmRuns = 5
    var seed: UInt64 = 2024
    var out = "out/benchmark"
    var skipGemm = false

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail("missing value after \(arguments[index - 1])") }
            return arguments[index]
        }
        func integer() -> Int {
            let text = value()
            guard let number = Int(text), number > 0 else { fail("\(arguments[index - 1]) needs a positive integer, got \(text)") }
            return number
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--points": points = integer()
            case "--dimension": dimension = integer()
            case "--components": components = integer()
            case "--runs": runs = integer()
            case "--gemm-runs": gemmRuns = integer()
            case "--seed": seed = UInt64(integer())
            case "--out": out = value()
            case "--skip-gemm": skipGemm = true
            default: fail("unknown option \(arguments[index])")
            }
            index += 1
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("closedform-benchmarks: \(message)\n".utf8))
    exit(2)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let environment = ProcessInfo.processInfo.environment
let workers = ParallelBlocks.workerCount
print("closedform-benchmarks (release build expected)")
print("  cores: \(ProcessInfo.processInfo.activeProcessorCount), ParallelBlocks workers: \(workers)"
      + " (CLOSEDFORM_THREADS=\(environment["CLOSEDFORM_THREADS"] ?? "unset"))")
print("  OpenBLAS: \(BLASThreads.configuration)")

// 1. dgemm through Matrix.gemm.
var gemmResults: [GemmBenchmark.Result] = []
if !options.skipGemm {
    print("\n== dgemm through Matrix.gemm (best of \(options.gemmRuns), after one warm-up) ==")
    print("shape            threads   best GFLOP/s   median GFLOP/s   cores")
    let maxThreads = ProcessInfo.processInfo.activeProcessorCount
    let threadCounts = maxThreads > 1 ? [1, maxThreads] : [1]
    let shapes = [GemmBenchmark.Shape(m: 1024, n: 1024, k: 1024), GemmBenchmark.Shape(m: 2048, n: 2048, k: 2048),
                  GemmBenchmark.Shape(m: options.points, n: options.dimension, k: options.dimension)]
    for shape in shapes {
        for threads in threadCounts {
            let result = GemmBenchmark.run(shape: shape, threads: threads, runs: options.gemmRuns, seed: options.seed)
            gemmResults.append(result)
            print("\(shape)".padding(toLength: 17, withPad: " ", startingAt: 0)
                  + "\(threads)".padding(toLength: 10, withPad: " ", startingAt: 0)
                  + format(result.bestGFLOPS, digits: 1).padding(toLength: 15, withPad: " ", startingAt: 0)
                  + format(result.medianGFLOPS, digits: 1).padding(toLength: 17, withPad: " ", startingAt: 0)
                  + format(result.timings.cpuOfBest / result.timings.best, digits: 2))
        }
    }
}
// The reference rate: the best square dgemm at the largest thread count measured.
let squareAtMax = gemmResults.filter { $0.shape.m == $0.shape.k && $0.threads == gemmResults.map(\.threads).max() }
let machineGFLOPS = squareAtMax.map(\.bestGFLOPS).max() ?? .nan
if let reference = squareAtMax.max(by: { $0.bestGFLOPS < $1.bestGFLOPS }), reference.threads > 1 {
    let cores = reference.timings.cpuOfBest / reference.timings.best
    print("(cores = CPU seconds / wall seconds of the best run)")
    if cores < 0.85 * Double(reference.threads) {
        print("WARNING: the best \(reference.shape) dgemm at \(reference.threads) threads used \(format(cores, digits: 2)) cores:"
              + " other processes were competing for the CPU, so the dgemm rate (and every fraction of it below) is off. Rerun on an idle machine.")
    }
}

// 2. Mixture evaluation.
// The problem is built with OpenBLAS pinned to one thread: LAPACK's dsyevr (the spectra behind sampling)
// rounds differently, and can flip eigenvector signs, at different OpenBLAS thread counts, so without
// this the seeded points would depend on OPENBLAS_NUM_THREADS and on whether the dgemm runs came first.
BLASThreads.set(1)
let problem: BenchmarkProblem
do {
    problem = try BenchmarkProblem(dimension: options.dimension, components: options.components,
                                   points: options.points, seed: options.seed)
} catch {
    fail("could not build the benchmark mixture: \(error)")
}
let mixture = problem.mixture, points = problem.points
print("\n== GaussianMixture: K = \(mixture.count) full components, n = \(mixture.dimension), N = \(points.rows) points,"
      + " \(workers) worker(s); best and median of \(options.runs) after one warm-up ==")

var logDensity: [Double] = []
var score = Matrix(rows: 0, columns: 0)
let logTimings = Timings.measure(runs: options.runs) {
    logDensity = try! mixture.logDensity(points)
}
let scoreTimings = Timings.measure(runs: options.runs) {
    score = try! mixture.score(points)
}

struct Row {
    let name: String
    let timings: Timings
    let flops: Double
    var bestRate: Double { Double(points.rows) / timings.best }
    var medianRate: Double { Double(points.rows) / timings.median }
    var bestGFLOPS: Double { flops / timings.best * 1e-9 }
    var medianGFLOPS: Double { flops / timings.median * 1e-9 }
}
let rows = [Row(name: "logDensity", timings: logTimings, flops: problem.flops(score: false)),
            Row(name: "score", timings: scoreTimings, flops: problem.flops(score: true))]
print("method       GFLOP counted   best s    median s   cpu s     cores   best points/s   median points/s   best GFLOP/s   fraction of dgemm")
for row in rows {
    print(row.name.padding(toLength: 13, withPad: " ", startingAt: 0)
          + format(row.flops * 1e-9, digits: 2).padding(toLength: 16, withPad: " ", startingAt: 0)
          + format(row.timings.best, digits: 4).padding(toLength: 10, withPad: " ", startingAt: 0)
          + format(row.timings.median, digits: 4).padding(toLength: 11, withPad: " ", startingAt: 0)
          + format(row.timings.cpuOfBest, digits: 4).padding(toLength: 10, withPad: " ", startingAt: 0)
          + format(row.timings.cpuOfBest / row.timings.best, digits: 2).padding(toLength: 8, withPad: " ", startingAt: 0)
          + format(row.bestRate, digits: 0).padding(toLength: 16, withPad: " ", startingAt: 0)
          + format(row.medianRate, digits: 0).padding(toLength: 18, withPad: " ", startingAt: 0)
          + format(row.bestGFLOPS, digits: 1).padding(toLength: 15, withPad: " ", startingAt: 0)
          + (machineGFLOPS.isFinite ? format(row.bestGFLOPS / machineGFLOPS, digits: 3) : "n/a"))
}
print("(cpu s = CPU seconds of all threads during the best run; cores = cpu s / best s"
      + (machineGFLOPS.isFinite ? "; fraction = best GFLOP/s over the best square dgemm at \(squareAtMax.first?.threads ?? 0) threads, \(format(machineGFLOPS, digits: 1)) GFLOP/s)" : ")"))
let coresUsed = rows.map { $0.timings.cpuOfBest / $0.timings.best }.min() ?? .nan
if workers > 1 && coresUsed < 0.85 * Double(workers) {
    print("WARNING: the best runs used \(format(coresUsed, digits: 2)) of \(workers) cores: other processes were competing for the CPU,"
          + " so these figures understate the machine. Rerun on an idle machine.")
}

// 3. Files for the scikit-learn comparison and the thread-count check.
do {
    try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
    try ModelFile.write(mixture, to: options.out + "/model.json")
    try BinaryFile.write(points.elements, to: options.out + "/points.f64")
    try BinaryFile.write(logDensity, to: options.out + "/logdensity.f64")
    try BinaryFile.write(score.elements, to: options.out + "/score.f64")
    func timing(_ t: Timings) -> JSONValue {
        .object(["best": .number(t.best), "median": .number(t.median), "runs": .array(t.seconds.map(JSONValue.number)),
                 "cpuSeconds": .array(t.cpuSeconds.map(JSONValue.number))])
    }
    let gemmJSON = gemmResults.map { result -> JSONValue in
        .object(["shape": .string("\(result.shape)"), "m": .integer(Int64(result.shape.m)), "n": .integer(Int64(result.shape.n)),
                 "k": .integer(Int64(result.shape.k)), "threads": .integer(Int64(result.threads)),
                 "bestGFLOPS": .number(result.bestGFLOPS), "medianGFLOPS": .number(result.medianGFLOPS)])
    }
    let methodJSON = rows.map { row -> (String, JSONValue) in
        (row.name, .object(["seconds": timing(row.timings), "flops": .number(row.flops), "bestPointsPerSecond": .number(row.bestRate),
                            "medianPointsPerSecond": .number(row.medianRate), "bestGFLOPS": .number(row.bestGFLOPS),
                            "fractionOfDgemm": .number(row.bestGFLOPS / machineGFLOPS)]))
    }
    let members: [(String, JSONValue)] = [
        ("points", .integer(Int64(points.rows))), ("dimension", .integer(Int64(mixture.dimension))),
        ("components", .integer(Int64(mixture.count))), ("workers", .integer(Int64(workers))),
        ("coresUsed", .number(coresUsed)), ("machineGFLOPS", .number(machineGFLOPS)), ("gemm", .array(gemmJSON)),
    ] + methodJSON
    let summary = JSONValue.object(JSONObject(members)).printed(indent: 1, expandedLevels: 2) + "\n"
    try AtomicFileWriter.write(summary, to: options.out + "/results.json")
    print("\nwrote model.json, points.f64, logdensity.f64, score.f64, results.json to \(options.out)")
} catch {
    fail("could not write results to \(options.out): \(error)")
}
