// closedform-mlp-benchmark: throughput of the MLP score's denoising-score-matching training, and the
// default-size training on the 2-D, 8-component circle mixture with its score error against the exact score.
//
//   swift build -c release --package-path Benchmarks --product closedform-mlp-benchmark
//   Benchmarks/.build/release/closedform-mlp-benchmark [--steps K] [--lr η] [--seed S] [--skip-throughput]
//
// (a) samples per second: n = 16, width 128, 3 hidden layers, batch 512, 300 steps, best of 3 runs.
// (b) default settings (MLPTrainingSettings()) on GaussianMixture.circle() under vp, 50 000 training
//     samples: wall time, mean loss of the last 100 steps, and R(t) = E γ²‖ŝ − s‖² / E γ²‖s‖² at several t
//     (RelativeScoreError, 20 000 exact draws of p_t each).
import Foundation
import ClosedForm

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func fmt(_ value: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)g", value) }

var steps: Int?
var learningRate: Double?
var seed: UInt64 = 1
var skipThroughput = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--steps": steps = arguments.next().flatMap { Int($0) }
    case "--lr": learningRate = arguments.next().flatMap { Double($0) }
    case "--seed": seed = arguments.next().flatMap { UInt64($0) } ?? seed
    case "--skip-throughput": skipThroughput = true
    default: print("unknown option \(argument)"); exit(2)
    }
}
// glibc returns freed heap memory to the kernel as soon as 128 KB sit free at the top (and serves blocks
// above 128 KB by mmap), so the per-step matrices of a training run are faulted in afresh every step: half
// the run becomes system time. Raising both thresholds (a process-wide choice, hence here and not in the
// library) doubles the training throughput on this machine.
// glibc's <malloc.h> is not part of the Glibc module: declare mallopt; M_TRIM_THRESHOLD = −1, M_MMAP_THRESHOLD = −3.
#if os(Linux)
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
_ = mallopt(-1, 256 << 20)
_ = mallopt(-3, 32 << 20)
#endif
print("threads: \(ParallelBlocks.workerCount) workers, OpenBLAS \(BLASThreads.configuration)")

if !skipThroughput {
    let n = 16, batch = 512, throughputSteps = 300
    let architecture = try MLPArchitecture(dimension: n, hiddenLayers: 3, width: 128)
    let data = Matrix.gaussian(rows: 4096, columns: n, stream: RandomStream(seed: 7))
    let settings = MLPTrainingSettings(steps: throughputSteps, batchSize: batch, warmupSteps: 20, seed: 7)
    var times: [Double] = []
    for _ in 0..<3 {
        times.append(try seconds { _ = try MLPScoreEstimator(architecture: architecture, training: settings).fit(data, schedule: .vp) })
    }
    let best = times.min()!
    print("(a) throughput n=\(n) width=128 L=3 |θ|=\(architecture.parameterCount) batch=\(batch) steps=\(throughputSteps): "
          + "best of 3 \(fmt(best)) s, \(fmt(Double(batch * throughputSteps) / best)) samples/s (runs: \(times.map { fmt($0) }.joined(separator: ", ")) s)")
}

let target = GaussianMixture.circle()
let truth = ExactMixtureScore(data: target, schedule: .vp)
let samples = target.sample(count: 50_000, stream: RandomStream(seed: 11))
var settings = MLPTrainingSettings(seed: seed)
if let steps { settings.steps = steps }
if let learningRate { settings.learningRate = learningRate }
let architecture = try MLPArchitecture(dimension: 2)
var result: (model: FittedMLPScore, losses: [Double])?
let wall = try seconds { result = try MLPScoreEstimator(architecture: architecture, training: settings).train(samples, schedule: .vp) }
let (model, losses) = result!
let tail = losses.suffix(100)
print("(b) circle mixture K=8 r=4 v=0.2, vp, N=50000, width=128 L=3 |θ|=\(architecture.parameterCount), batch=\(settings.batchSize), "
      + "steps=\(settings.steps), lr=\(settings.learningRate), seed=\(seed): wall \(fmt(wall)) s, "
      + "loss first 100 steps \(fmt(losses.prefix(100).reduce(0, +) / Double(min(100, losses.count)))), last 100 steps \(fmt(tail.reduce(0, +) / Double(tail.count)))")
// FNV-1a over the bytes of the weights' bit patterns (little-endian): rerun with CLOSEDFORM_THREADS=1 to see the same value.
let checksum = FNV1a.hash(model.network.parameters.flattened.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
print("    weights checksum (FNV-1a of bit patterns): \(String(checksum, radix: 16))")
print("    t        γ(t)      E γ²‖ŝ−s‖²   R(t) = E γ²‖ŝ−s‖² / E γ²‖s‖²")
for t in [0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0] {
    let error = try RelativeScoreError.evaluate(estimate: model, truth: truth, time: t, samples: 20_000, seed: 99)
    print("    " + [fmt(t, 3), fmt(NoiseSchedule.vp.gamma(at: t)), fmt(error.absolute), fmt(error.relative)]
        .map { $0.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined(separator: " "))
}
