// Generations per second of [B]'s GMM retraining experiment (n = 10, 5 components, σ = 0.6, KDE h = 0.6,
// OU, α = 0.5) at growing training sizes N, with paper-scale measurement settings, and where the time goes.
//
//   swift build -c release --package-path Benchmarks --product closedform-retraining-benchmark
//   Benchmarks/.build/release/closedform-retraining-benchmark [N ...]        (default: 4000 16000 100000)
//
// For each N it times, once each (seconds, wall clock): the fit; N exact draws of the fitted KDE; one
// Euler–Maruyama step of the reverse SDE on N points (× 500 steps = [B]'s sampler); D = χ² by importance
// sampling (M = 20 000); ε*² (16 nodes × 1 024 draws); and one whole simulated generation through
// `RecursiveRetraining` with exact sampling. The paper's N = 100 000 is measured, not extrapolated: MW₂'s
// transport simplex runs only up to `RetrainingMeasurement.maximumTransportCells` component pairs (N = 20 000
// against the five target components), so smaller N carry a cost the paper-scale generation does not, and
// the one-round χ²'s finiteness check grows as N² there.
import ClosedForm
import Dispatch
import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

func format(_ value: Double) -> String { String(format: "%8.3f", value) }

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let trainingSizes = sizes.isEmpty ? [4_000, 16_000, 100_000] : sizes
var settings = RetrainingGMMExperiment.Settings(scale: .paper)
let target = try RetrainingGMMExperiment.target(settings)
let mixing = try MixingConvention(freshFraction: 0.5)
let rule = try KernelDensityEstimate(bandwidth: settings.bandwidth)
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; paper-scale measurement: χ² M = \(settings.measurement.chiSquaredSamples), KL M = \(settings.measurement.klSamples), ε*² \(settings.measurement.scoreError!.timeNodes) nodes × \(settings.measurement.scoreError!.samplesPerNode)")
print("       N      fit   sample  SDE step  SDE×500   χ² (IS)      ε*²   generation  generations/s")
for n in trainingSizes {
    let stream = RandomStream(seed: 1)
    let training = target.sample(count: n, stream: stream)
    var fitted: FittedKernelDensity!
    let fit = try seconds { fitted = try rule.fit(training, schedule: .ou) }
    var draws = Matrix(rows: 0, columns: 0)
    let sample = seconds { draws = fitted.sample(count: n, stream: stream) }
    let step = try seconds { _ = try fitted.score(draws, time: 1.0) }
    let law = fitted.law!
    let chi2 = try seconds {
        _ = try ChiSquaredToMixture.evaluate(from: law, to: target, samples: settings.measurement.chiSquaredSamples, seed: 2)
    }
    // q = α p_data + (1 − α) p̂ with α = ½: the round's training law, whose exact score is ε*²'s reference.
    let q = try GaussianMixture(weights: target.weights.map { 0.5 * $0 } + law.weights.map { 0.5 * $0 },
                                components: target.components + law.components)
    let scoreError = try seconds {
        _ = try ScoreErrorEnergy.estimate(.ideal, estimate: fitted, truth: ExactMixtureScore(data: q, schedule: .ou), from: 0.02, to: 4,
                                          timeNodes: settings.measurement.scoreError!.timeNodes,
                                          samplesPerNode: settings.measurement.scoreError!.samplesPerNode, seed: 3)
    }
    let configuration = RetrainingConfiguration(target: target, mixing: mixing, trainingSize: n, generations: 1, runs: 1,
                                                seed: 4, measurement: settings.measurement)
    let generation = try seconds { _ = try RecursiveRetraining(rule: rule, configuration: configuration).simulate(run: 0) }
    // simulate(run:) with one generation measures generations 0 and 1 and fits once: count it as one generation.
    // Its one-round χ² is against q₀ = p_data (five components); from round 1 on, q_i also carries the N KDE
    // components, which a whole paper-scale unit (README) includes.
    print(String(format: "%8d", n), format(fit), format(sample), format(step), format(step * 500), format(chi2), format(scoreError),
          "   ", format(generation), "   ", String(format: "%10.4f", 1 / generation),
          n * target.count <= RetrainingMeasurement.maximumTransportCells ? "   (with MW₂)" : "   (MW₂ skipped)")
}
