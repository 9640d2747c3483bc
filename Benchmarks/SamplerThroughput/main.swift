// Sampler throughput: points × steps per second of every reverse-time sampler driven by the exact score of
// a mixture of low-rank Gaussians ([C]'s generator: n = 48, K = 4 orthogonal subspaces of rank d = 4).
//
//   swift build -c release --package-path Benchmarks --product closedform-sampler-benchmark
//   Benchmarks/.build/release/closedform-sampler-benchmark [points (10000)] [steps (20)] [runs (3)]
//
// Each sampler runs `steps` steps on `points` points from the vp prior (heun-edm: N = steps σ-levels from
// 80 to 0.002 under vp, ending at 0), best of `runs` after one warm-up. Columns: wall seconds of the best run,
// points × steps per second, score evaluations (points × score calls) per second, and cores = CPU seconds /
// wall seconds of that run (how many cores the batched score actually used; ParallelBlocks uses
// CLOSEDFORM_THREADS or all active processors).
import ClosedForm
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU time consumed so far by all threads of this process.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// (wall, cpu) seconds of the fastest of `runs` runs, after one warm-up.
func bestOf(_ runs: Int, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    try body()
    var best = (wall: Double.infinity, cpu: 0.0)
    for _ in 0..<runs {
        let cpu = processCPUSeconds(), start = DispatchTime.now().uptimeNanoseconds
        try body()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        if wall < best.wall { best = (wall, processCPUSeconds() - cpu) }
    }
    return best
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let pointCount = arguments.count > 0 ? arguments[0] : 10_000
let steps = arguments.count > 1 ? arguments[1] : 20
let runs = arguments.count > 2 ? arguments[2] : 3

BLASThreads.set(1)  // the score's blocks pin OpenBLAS to one thread each; the mixture's spectra are built the same way
let mixture = try LowRankMixture.orthogonalSubspaces(dimension: 48, components: 4, rank: 4, stream: RandomStream(seed: 1)).gaussianMixture
let model = ExactMixtureScore(data: mixture, schedule: .vp)
let grid = try TimeGrid(schedule: .vp, start: 1, end: 1e-3, steps: steps)
let edm = try HeunEDMSampler(steps: steps)
let edmGrid = try edm.grid(schedule: .vp)
let initial = try ReverseDiffusionPrior.priorSamples(count: pointCount, dimension: 48, schedule: .vp, time: 1, stream: RandomStream(seed: 2))

print("closedform-sampler-benchmark: exact score of a MoLRG, n = 48, K = 4, d = 4 (orthogonal subspaces), vp schedule")
print("\(pointCount) points, \(steps) steps, best of \(runs); \(ProcessInfo.processInfo.activeProcessorCount) active processors, \(ParallelBlocks.workerCount) workers")
print("sampler            steps  score calls   best s   points·steps/s   score evals/s   cores")
let cases: [(name: String, sampler: any ReverseTimeSampler, grid: TimeGrid, calls: Int)] = [
    ("euler-maruyama", EulerMaruyamaSampler(), grid, grid.steps),
    ("probability-flow", ProbabilityFlowEulerSampler(), grid, grid.steps),
    ("ddim", DDIMSampler(), grid, grid.steps),
    ("ddpm", DDPMAncestralSampler(), grid, grid.steps),
    ("heun (uniform)", HeunSampler(), grid, 2 * grid.steps),
    ("heun-edm", HeunSampler(), edmGrid, 2 * edmGrid.steps - 1),
]
for entry in cases {
    let timing = try bestOf(runs) {
        let output = try entry.sampler.run(model, from: initial, grid: entry.grid, noise: RandomStream(seed: 3))
        precondition(output.isFinite, "\(entry.name): non-finite output")
    }
    let work = Double(pointCount * entry.grid.steps), evaluations = Double(pointCount * entry.calls)
    print(entry.name.padding(toLength: 18, withPad: " ", startingAt: 0),
          String(format: "%5d  %11d  %7.3f  %15.3e  %14.3e  %6.2f", entry.grid.steps, entry.calls, timing.wall,
                 work / timing.wall, evaluations / timing.wall, timing.cpu / timing.wall))
}
