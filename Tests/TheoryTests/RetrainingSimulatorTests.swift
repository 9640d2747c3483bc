import Foundation
import Testing
import PropertyBased
import PropertySupport
import Synchronization
import Sweeps
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams
@testable import Retraining

@Suite("Recursive retraining simulator")
struct RetrainingSimulatorTests {
    typealias S = PopulationSupport

    /// Measurement settings without ε² and with small Monte-Carlo sizes (the tests below read moments).
    static var light: RetrainingMeasurement {
        var m = RetrainingMeasurement()
        m.scoreError = nil
        m.divergences = false
        return m
    }

    @Test("A.link.alpha-lambda: α = 1/(1+λ) both ways; bad α or λ is an InputError naming the field and value")
    func conventions() async throws {
        await seededPropertyCheck(count: 50, input: Gen.double(in: 0...50)) { lambda in
            let a = try MixingConvention(syntheticRatio: lambda)
            let b = try MixingConvention(freshFraction: 1 / (1 + lambda))
            // One division and its inverse: a few ε relative.
            #expect(abs(a.freshFraction - b.freshFraction) <= 4 * Double.ulpOfOne)
            #expect(abs(b.syntheticRatio - lambda) <= 1e-12 * (1 + lambda) * (1 + lambda))
        }
        for bad in [0.0, -0.1, 1.5, .nan, .infinity] {
            #expect { try MixingConvention(freshFraction: bad) } throws: { ($0 as? InputError)?.field == "alpha" && "\($0)".contains(describeNumber(bad)) }
        }
        for bad in [-1.0, .nan, -Double.infinity] {
            #expect { try MixingConvention(syntheticRatio: bad) } throws: { ($0 as? InputError)?.field == "lambda" }
        }
        #expect(MixingConvention.fullySynthetic.freshFraction == 0 && MixingConvention.fullySynthetic.syntheticRatio == .infinity)
        #expect(try MixingConvention(freshFraction: 0.1).freshCount(trainingSize: 1_005) == 101)
    }

    @Test("A.prop.collapse: λ = ∞, the biased MLE refitted on its own N samples has E Σ_t = ((N−1)/N)ᵗ Σ₀ (1-D and 3-D)",
          arguments: [(1, 8), (3, 20)])
    func collapse(dimension n: Int, trainingSize: Int) async throws {
        let sigma0 = n == 1 ? Matrix(rowArrays: [[2.0]])
            : Matrix(rowArrays: [[2.0, 0.6, 0.0], [0.6, 1.0, -0.3], [0.0, -0.3, 0.5]])
        let initial = try Gaussian(mean: [Double](repeating: 1, count: n), covariance: sigma0)
        let target = try GaussianMixture(S.isotropic([Double](repeating: 0, count: n), variance: 1))
        let runs = 1_200, generations = 6
        let configuration = RetrainingConfiguration(target: target, initial: GaussianMixture(initial), mixing: .fullySynthetic,
                                                    trainingSize: trainingSize, generations: generations, runs: runs, seed: 77,
                                                    measurement: Self.light)
        let result = try await RecursiveRetraining(rule: GaussianMaximumLikelihood(convention: .biased), configuration: configuration).run()
        let shrink = Double(trainingSize - 1) / Double(trainingSize)
        var worst = 0.0
        for t in 0...generations {
            for entry in 0..<(n * n) {
                let values = result.perRun.map { $0.generations[t].covariance[entry] }
                let mean = values.reduce(0, +) / Double(runs)
                let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(runs - 1)).squareRoot()
                let expected = pow(shrink, Double(t)) * sigma0.elements[entry]
                if t == 0 {
                    // Generation 0 is the initial law in every run: Σ₀ up to the rounding of Σ + μμᵀ − μμᵀ and the mean.
                    #expect(abs(mean - expected) <= 1e-14 * (1 + abs(expected)))
                } else {
                    worst = max(worst, abs(mean - expected) / (sd / Double(runs).squareRoot()))
                }
            }
        }
        print("A.prop.collapse n = \(n), N = \(trainingSize): worst |mean − ((N−1)/N)ᵗΣ₀| = \(worst) standard errors over \(generations * n * n) entries")
        // ≤ 4.5 SE: up to 54 correlated comparisons; a 4.5σ normal tail has probability 7e-6 each.
        #expect(worst <= 4.5)
    }

    @Test("A.exact.gaussian-contraction: at N = 10⁵ the Gaussian MLE's mean error contracts by λ/(1+λ) per round", arguments: [1.0, 3.0])
    func nearPopulationContraction(lambda: Double) async throws {
        let target = try GaussianMixture(S.isotropic([0, 0], variance: 1))
        let initial = try GaussianMixture(S.isotropic([3, 0], variance: 1))
        let mixing = try MixingConvention(syntheticRatio: lambda)
        let configuration = RetrainingConfiguration(target: target, initial: initial, mixing: mixing, trainingSize: 100_000,
                                                    generations: 5, runs: 2, seed: 5, measurement: Self.light)
        let result = try await RecursiveRetraining(rule: GaussianMaximumLikelihood(), configuration: configuration).run()
        let rho = lambda / (1 + lambda)
        // Sampling noise of μ_t: variance ≤ Var(q)/N per round, summed geometrically: sd ≤ √(Var_max/(N(1−ρ²))), with
        // Var_max ≤ 1 + 3²/4 per coordinate (a two-point mixture of means 0 and 3); 5 sd (two coordinates in the norm).
        let tolerance = 5 * ((1 + 9.0 / 4) * 2 / (100_000 * (1 - rho * rho))).squareRoot()
        for row in result.rows {
            let expected = 3 * pow(rho, Double(row.generation))
            #expect(abs(row.meanError.mean - expected) <= tolerance, "λ = \(lambda), t = \(row.generation): \(row.meanError.mean) vs \(expected)")
        }
    }

    @Test("B.population-closure: finite-N KDE retraining converges to the exact population variance, error ∝ N^{-1/2}")
    func convergenceToPopulation() async throws {
        let target = try S.paperTarget(dimension: 2, sigma: 0.5)
        let mixing = try MixingConvention(freshFraction: 0.5)
        let rule = try KernelDensityEstimate(bandwidth: 0.4)
        let generations = 4
        let population = try KernelDensityPopulation.laws(data: target, bandwidth: 0.4, mixing: mixing, generations: generations)
        let sizes = [250, 1_000, 4_000]
        var errors: [Double] = []
        for size in sizes {
            let configuration = RetrainingConfiguration(target: target, mixing: mixing, trainingSize: size, generations: generations,
                                                        runs: 24, seed: 11, measurement: Self.light, population: population)
            let result = try await RecursiveRetraining(rule: rule, configuration: configuration).run()
            // RMS over runs and generations 1…G of the average-variance error (the population value is exact).
            var sum = 0.0, count = 0.0
            for run in result.perRun {
                for g in 1...generations {
                    let d = run.generations[g].averageVariance - result.rows[g].population!.averageVariance
                    sum += d * d
                    count += 1
                }
            }
            errors.append((sum / count).squareRoot())
        }
        let slope = S.slope(sizes.map { log(Double($0)) }, errors.map(log))
        print("B.population-closure: RMS variance errors \(errors) for N = \(sizes); slope of log error vs log N = \(slope)")
        // Expected −1/2 (CLT for sample second moments; the O(1/N) bias of the biased KDE variance is smaller). With 24
        // runs × 4 generations the RMS at each N has relative error ≈ 10 %, so the fitted slope is within about ±0.1;
        // the band [−0.7, −0.3] allows twice that.
        #expect(slope >= -0.7 && slope <= -0.3)
    }

    @Test("Retraining simulator: several simulations run as one sweep give each simulation's own run(), bit for bit, with eight progress steps per round (the fit, seven parts of the measurement) and seven for the last generation; a shard's or a resumed run's bar counts only the units it computes")
    func batchEqualsSeparateRuns() async throws {
        let target = try S.paperTarget(dimension: 2, sigma: 0.5)
        let simulations = try [(0.5, 3, 2), (0.2, 2, 1), (1.0, 4, 3)].map { alpha, runs, generations in
            try RecursiveRetraining(rule: GaussianMaximumLikelihood(), configuration: RetrainingConfiguration(
                target: target, mixing: try MixingConvention(freshFraction: alpha), trainingSize: 40, generations: generations,
                runs: runs, seed: 5, measurement: Self.light))
        }
        let steps = Mutex<[Int]>([])
        let together = try await RecursiveRetraining.run(simulations) { done, total in
            steps.withLock { $0.append(done) }
            #expect(total == 3 * (8 * 2 + 7) + 2 * (8 * 1 + 7) + 4 * (8 * 3 + 7))  // runs × (8G + 7) per simulation
        }
        for (simulation, result) in zip(simulations, together) {
            let alone = try await simulation.run()
            #expect(String(describing: result) == String(describing: alone), "the same values, NaN included (light measurement leaves divergences NaN)")
        }
        #expect(steps.withLock { $0.sorted() } == Array(1...223))
        // Under `--shard 2/4` the bar counts the shard's units only: units 1 and 5 (run 1 of the first
        // simulation, run 0 of the third), 23 + 31 steps. The shard run ends by reporting its file.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retraining-shard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let shardSteps = Mutex<[(done: Int, total: Int)]>([])
        await #expect(throws: SweepShardFinished.self) {
            _ = try await SweepContext.$current.withValue(SweepContext(directory: directory.path, fingerprint: "test",
                                                                       shard: try ShardSelection(parsing: "2/4"))) {
                try await RecursiveRetraining.run(simulations) { done, total in shardSteps.withLock { $0.append((done, total)) } }
            }
        }
        #expect(shardSteps.withLock { $0.map(\.total) } == [Int](repeating: 23 + 31, count: 23 + 31))
        #expect(shardSteps.withLock { $0.map(\.done).sorted() } == Array(1...54))
        // A resumed run counts only the units its checkpoint lacks, so its bar ends at 100 %: a checkpoint that
        // holds every unit but run 2 of the third simulation (unit 7, 31 steps) leaves 31 steps.
        let resumeDirectory = directory.appendingPathComponent("resume").path
        try FileManager.default.createDirectory(atPath: resumeDirectory, withIntermediateDirectories: true)
        let context = SweepContext(directory: resumeDirectory, fingerprint: "test")
        _ = try await SweepContext.$current.withValue(context) { try await RecursiveRetraining.run(simulations) }
        let checkpoint = resumeDirectory + "/.sweep-runs.jsonl"
        let lines = try String(contentsOfFile: checkpoint, encoding: .utf8).split(separator: "\n").map(String.init)
        let kept = lines.filter { !($0.hasPrefix("{\"unit\": 7,") || $0.hasSuffix("\"unit\": 7}")) }
        #expect(kept.count == lines.count - 1, "unit 7's line is found and dropped")
        try (kept.joined(separator: "\n") + "\n").write(toFile: checkpoint, atomically: false, encoding: .utf8)
        let resumedSteps = Mutex<[(done: Int, total: Int)]>([])
        let resumed = try await SweepContext.$current.withValue(SweepContext(directory: resumeDirectory, fingerprint: "test")) {
            try await RecursiveRetraining.run(simulations) { done, total in resumedSteps.withLock { $0.append((done, total)) } }
        }
        #expect(String(describing: resumed) == String(describing: together))
        #expect(resumedSteps.withLock { $0.map(\.total) } == [Int](repeating: 31, count: 31))
        #expect(resumedSteps.withLock { $0.map(\.done).sorted() } == Array(1...31))
    }

    @Test("Retraining simulator determinism: same seed, same bits — parallel runs equal sequential ones, twice")
    func determinism() async throws {
        let target = try S.paperTarget(dimension: 3, sigma: 0.6)
        var measurement = RetrainingMeasurement()
        measurement.chiSquaredSamples = 300
        measurement.klSamples = 300
        measurement.scoreError?.timeNodes = 3
        measurement.scoreError?.samplesPerNode = 32
        let configuration = RetrainingConfiguration(target: target, mixing: try MixingConvention(freshFraction: 0.5), trainingSize: 60,
                                                    generations: 3, runs: 3, seed: 2024, measurement: measurement)
        let simulator = try RecursiveRetraining(rule: try KernelDensityEstimate(bandwidth: 0.6), configuration: configuration)
        let calls = Mutex(0), totals = Mutex(Set<Int>())
        let first = try await simulator.run { step in
            calls.withLock { $0 += 1 }
            totals.withLock { _ = $0.insert(step.total) }
        }
        let second = try await simulator.run()
        #expect(first == second)
        #expect(calls.withLock { $0 } == simulator.progressSteps && simulator.progressSteps == 3 * (8 * 3 + 7))
        #expect(totals.withLock { $0 } == [simulator.progressSteps], "every step reports the whole run's total")
        for index in 0..<3 { #expect(try simulator.simulate(run: index) == first.perRun[index]) }
        let row = first.rows[1]
        #expect(row.scoreError != nil && row.scoreError!.mean > 0 && row.chiSquared.mean.isFinite && row.kl.mean > 0)
        // The KDE has a law, so the learned-path energy ε̂² is measured beside ε*² (under its own noised law).
        #expect(row.learnedScoreError != nil && row.learnedScoreError!.mean > 0)
        #expect(first.rows.last!.scoreError == nil && first.rows.last!.learnedScoreError == nil)
    }
}

@Suite("Retraining through the reverse SDE")
struct RetrainingSamplerTests {
    @Test("reverse-sde sampling of a fitted N(m, v): samples match the law the sampler targets, N(s₀m, s₀²(v + σ₀²)) at t₀, within 5 SE + O(Δt), and not the unnoised N(s₀m, s₀²v)")
    func reverseSDESamplesFollowTheFittedLaw() throws {
        // Centred data, so that the prior N(0, 1 − e^{−T}) has the right mean (a mean m would leave an error
        // e^{−T/2}m at T, which the reverse flow only halves by t₀: ≈ 0.18 for m = 3, seen).
        let fitted = try GaussianMaximumLikelihood().fit(Matrix(rows: 4, columns: 1, elements: [-2.5, -1.5, 1.5, 2.5]), schedule: .ou)
        var settings = SamplerSettings()
        settings.steps = 400
        // t₀ = 1 rather than 0.02: the noise s₀²σ₀² = 1 − e^{−t₀} in the target variance is then 0.63, not 0.02,
        // so the variance check below can tell the noised law from the unnoised one.
        settings.end = 1
        let model = try GenerationModel(fitted, sampling: .reverseSDE, sampler: settings)
        let count = 20_000
        let samples = model.generate(count: count, stream: RandomStream(seed: 5))
        let mean = samples.elements.reduce(0, +) / Double(count)
        let variance = samples.elements.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
        let s = NoiseSchedule.ou.scale(at: settings.end), sigma = NoiseSchedule.ou.sigma(at: settings.end)
        let targetMean = 0.0, targetVariance = s * s * (4.25 + sigma * sigma)  // fitted: m = 0, v = 17/4
        let unnoisedVariance = s * s * 4.25
        // Monte-Carlo SE: √(V/N) ≈ 0.010 for the mean, V√(2/N) ≈ 0.022 for the variance (V ≈ 2.2). Bias:
        // Euler–Maruyama's O(Δt), Δt = 3/400, times the law's scale, plus the prior's variance error
        // e^{−T}(v − 1) ≈ 0.06 at T, which the reverse flow contracts by ((s_T/s₀)·c₀/c_T)² ≈ 0.2; 0.08 covers both.
        let meanTolerance = 5 * (targetVariance / Double(count)).squareRoot() + 0.08
        let varianceTolerance = 5 * targetVariance * (2 / Double(count)).squareRoot() + 0.08
        // The variance band must exclude the unnoised variance s₀²v: less than half the gap s₀²σ₀² ≈ 0.63.
        #expect(varianceTolerance < (targetVariance - unnoisedVariance) / 2,
                "tolerance \(varianceTolerance) cannot separate \(targetVariance) from the unnoised \(unnoisedVariance)")
        #expect(abs(mean - targetMean) <= meanTolerance, "mean \(mean) vs \(targetMean)")
        #expect(abs(variance - targetVariance) <= varianceTolerance, "variance \(variance) vs \(targetVariance)")
        print("reverse-sde N(m, v) at t₀ = 1: mean \(mean), variance \(variance); target \(targetVariance), unnoised \(unnoisedVariance), tolerance \(varianceTolerance)")
    }

    @Test("reverse-sde sampling measures generation i on its fitted law p̂ⁱ: generation 1's D₁, both KLs and H² equal exact sampling's bit for bit, while its next training set comes from the SDE")
    func reverseSDEMeasuresTheFittedLaw() throws {
        // Round 0 draws from p_data in both variants, so generation 1 is the same KDE law with the same
        // measurement streams. Monte Carlo over p̂¹ must then give the same bits: a KL that took the SDE's points
        // (the noised law at t₀ plus discretisation error) with p̂¹'s density would differ.
        let target = try PopulationSupport.paperTarget(dimension: 2, sigma: 0.6)
        var measurement = RetrainingMeasurement()
        measurement.chiSquaredSamples = 200
        measurement.klSamples = 200
        measurement.scoreError = nil
        func run(_ sampling: GenerationSampling) throws -> RetrainingRun {
            var configuration = RetrainingConfiguration(target: target, mixing: try MixingConvention(freshFraction: 0.5), trainingSize: 40,
                                                        generations: 2, runs: 1, seed: 9, sampling: sampling, measurement: measurement)
            configuration.sampler.steps = 20
            return try RecursiveRetraining(rule: try KernelDensityEstimate(bandwidth: 0.6), configuration: configuration).simulate(run: 0)
        }
        let exact = try run(.exactLaw), sde = try run(.reverseSDE)
        let e = exact.generations[1], s = sde.generations[1]
        #expect(s.kl == e.kl && s.klStandardError == e.klStandardError, "KL(p̂¹‖p_data): \(s.kl) vs \(e.kl)")
        #expect(s.chiSquared == e.chiSquared && s.klReverse == e.klReverse && s.hellinger2 == e.hellinger2)
        // Generation 2 is fitted to SDE draws in one run and exact draws in the other.
        #expect(sde.generations[2].mean != exact.generations[2].mean)
    }
}
