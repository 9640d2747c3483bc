import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
@testable import Experiments
import RandomStreams

/// Tiny settings for the learned-model parts of the [D] and [E] experiments (debug-build tests).
enum TinyLearned {
    /// A small network and a short run: enough to exercise the code, not to learn well.
    static func training(steps: Int) -> MLPTrainingSettings {
        MLPTrainingSettings(steps: steps, batchSize: 64, learningRate: 3e-3, warmupSteps: 10)
    }

    static func reproducibility(sizes: [Int]) -> ReproducibilityExperiment.Settings {
        var settings = ReproducibilityExperiment.Settings(scale: .quick)
        settings.dimension = 8
        settings.rank = 2
        settings.trainingSizes = [2, 24]
        settings.samples = 40
        settings.restarts = 2
        settings.sampler = try! HeunEDMSampler(steps: 6)
        settings.learned.sizes = sizes
        settings.learned.hiddenLayers = 1
        settings.learned.width = 16
        settings.learned.training = training(steps: 40)
        return settings
    }

    static func reconstruction(sizes: [Int]) -> ReconstructionExperiment.Settings {
        var settings = ReconstructionExperiment.Settings(scale: .quick)
        settings.trainingSize = 60
        settings.testSize = 60
        settings.times = [0.2, 0.5]
        settings.steps = 10
        settings.correlationSamples = 50
        settings.correlationSteps = 40
        settings.correlationTimes = [0.3]
        settings.learned.sizes = sizes
        settings.learned.hiddenLayers = 1
        settings.learned.width = 16
        settings.learned.training = training(steps: 40)
        settings.learned.scoreErrorSamples = 200
        return settings
    }

    /// `body` with CLOSEDFORM_THREADS set to `threads` (ParallelBlocks and Sweep read it at each call).
    static func withThreads<T>(_ threads: String, _ body: () throws -> T) rethrows -> T {
        setenv("CLOSEDFORM_THREADS", threads, 1)
        defer { unsetenv("CLOSEDFORM_THREADS") }
        return try body()
    }
}

@Suite("[D] and [E] with trained (learned) score models", .serialized)
struct LearnedScoreExperimentTests {
    @Test("D.memorisation-generalisation: the two models' training sets are disjoint at every N, each nested in N, and drawn from the experiment's pool")
    func disjointTrainingSets() throws {
        let largest = 64
        let pool = Matrix.gaussian(rows: 2 * largest, columns: 3, stream: RandomStream(seed: 7))
        var previous: (a: Matrix, b: Matrix)?
        for n in [2, 5, 16, 64] {
            let sets = ReproducibilityExperiment.learnedTrainingSets(pool: pool, n: n, largest: largest)
            #expect(sets.a.rows == n && sets.b.rows == n)
            let rowsA = Set((0..<n).map { sets.a.row($0) }), rowsB = Set((0..<n).map { sets.b.row($0) })
            #expect(rowsA.count == n && rowsA.isDisjoint(with: rowsB), "N = \(n): A and B share a point")
            if let previous {
                #expect(Set((0..<previous.a.rows).map { previous.a.row($0) }).isSubset(of: rowsA))
                #expect(Set((0..<previous.b.rows).map { previous.b.row($0) }).isSubset(of: rowsB))
            }
            previous = sets
        }
        #expect(ReproducibilityExperiment.trainingSeed(3, n: 16, index: 0) != ReproducibilityExperiment.trainingSeed(3, n: 16, index: 1))
        #expect(throws: (any Error).self) { try ReproducibilityExperiment.validateLearnedSizes([4, 1]) }
    }

    @Test("D.memorisation-generalisation: reproduce reproducibility at tiny size writes the learned table and its three figures; one learned unit gives the same numbers on 1 and 4 threads")
    func reproducibilityLearned() async throws {
        let directory = try ExperimentTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = TinyLearned.reproducibility(sizes: [16, 4])
        let lines = try await ReproducibilityExperiment().run(in: directory, settings: settings, seed: 1) { _, _, _ in }
        #expect(lines.count == 4)
        for base in ["learned-rp-against-n", "learned-gl-against-n", "learned-pair-distance"] {
            #expect(lines[3].contains("(reproducibility/\(base).svg)"))
            for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file(base + suffix)), "\(base)\(suffix)") }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("learned.json")))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        #expect(rows.map { ($0["N"] as! NSNumber).intValue } == [4, 16])
        for row in rows {
            for name in ReproducibilityExperiment.learnedMetricNames {  // proportions
                let value = (row[name] as! NSNumber).doubleValue
                #expect((0...1).contains(value), "\(name) = \(value)")
            }
        }
        #expect((json["caption"] as! String).contains("distance ratios with τ = 0.333"))

        // The unit alone, on one worker and on four: bit for bit the same (training included).
        let setup = try ReproducibilityExperiment.LearnedSetup(settings, seed: 1)
        let results = try ["1", "4"].map { threads in
            try TinyLearned.withThreads(threads) { try ReproducibilityExperiment.learnedUnit(n: 16, settings: settings, seed: 1, setup: setup) }
        }
        #expect(results[0] == results[1])
    }

    @Test("E.mode-concentration: reproduce reconstruction at tiny size writes the learned table (every N × dynamics × t) and its four figures; one learned unit gives the same numbers on 1 and 4 threads")
    func reconstructionLearned() async throws {
        let directory = try ExperimentTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let settings = TinyLearned.reconstruction(sizes: [20, 80])
        let lines = try await ReconstructionExperiment().run(in: directory, settings: settings, seed: 2) { _, _, _ in }
        #expect(lines.count == 6)
        for base in ["learned-variance-ratio", "learned-beyond-2sigma", "learned-accuracy", "learned-score-error"] {
            #expect(lines.contains { $0.hasPrefix("- Figure:") && $0.contains("(reconstruction/\(base).svg)") }, "\(base) not linked")
            for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file(base + suffix)), "\(base)\(suffix)") }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("learned.json")))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        #expect(rows.count == 2 * 2 * 2)
        #expect(rows.allSatisfy { ($0["R(t)"] as! NSNumber).doubleValue > 0 })

        let setup = try ReconstructionConcentrationSetup(settings, seed: 2)
        let results = try ["1", "4"].map { threads in try TinyLearned.withThreads(threads) { try setup.learnedResult(1) } }
        #expect(results[0] == results[1])
        #expect(results[0].learned?.n == 80)
    }

    @Test("E.mode-concentration: R(t) of the experiment equals an independent Monte Carlo (x_t = s·x₀ + γε drawn by hand) within 4 combined SE, and (1 − c_v/c_w)² for a Gaussian estimate of the wrong variance")
    func relativeScoreErrorIndependent() throws {
        let target = try ReconstructionExperiment.target(ReconstructionExperiment.Settings(scale: .quick))
        let truth = ExactMixtureScore(data: target, schedule: .vp)
        let model = try MLPScoreEstimator(architecture: try MLPArchitecture(dimension: 2, hiddenLayers: 1, width: 16),
                                          training: TinyLearned.training(steps: 60)).fit(target.sample(count: 200, stream: RandomStream(seed: 1)), schedule: .vp)
        let times = [0.05, 0.3]
        let measured = try ReconstructionExperiment.relativeScoreError(model, truth: truth, times: times, samples: 3_000, seed: 9)
        for (k, t) in times.enumerated() {
            // Independent: x₀ from the data law, then the forward map, with another stream.
            let count = 3_000
            let x0 = target.sample(count: count, stream: RandomStream(seed: 100 + UInt64(k)))
            let noise = Matrix.gaussian(rows: count, columns: 2, stream: RandomStream(seed: 200 + UInt64(k)))
            let s = NoiseSchedule.vp.scale(at: t), gamma = NoiseSchedule.vp.gamma(at: t)
            let xt = s * x0 + gamma * noise
            let exact = try truth.score(xt, time: t)
            let errors = (try model.score(xt, time: t) - exact).rowSquaredNorms
            let mean = errors.reduce(0, +) / Double(count)
            let spread = errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
            let scoreEnergy = exact.rowSquaredNorms.reduce(0, +) / Double(count)
            let independent = mean / scoreEnergy, independentSE = (spread / Double(count)).squareRoot() / scoreEnergy
            let combined = (independentSE * independentSE + measured.standardErrors[k] * measured.standardErrors[k]).squareRoot()
            // 4 SE: a two-sided normal tail of 6e-5; the denominators' own sampling error (≈ 1 %) is added as 3 % of R.
            #expect(abs(measured.values[k] - independent) < 4 * combined + 0.03 * independent,
                    "t = \(t): \(measured.values[k]) vs independent \(independent) ± \(combined)")
        }
        // Closed form: truth N(0, v I), estimate N(0, w I): ŝ − s = x(1/c_v − 1/c_w), c = s²(·) + γ², so R = (1 − c_v/c_w)².
        let v = 1.0, w = 2.0
        let gaussianTruth = ExactMixtureScore(data: GaussianMixture(try Gaussian(mean: [0, 0], covariance: v * Matrix.identity(2))), schedule: .vp)
        let estimate = ExactMixtureScore(data: GaussianMixture(try Gaussian(mean: [0, 0], covariance: w * Matrix.identity(2))), schedule: .vp)
        let gaussian = try ReconstructionExperiment.relativeScoreError(estimate, truth: gaussianTruth, times: times, samples: 20_000, seed: 3)
        for (k, t) in times.enumerated() {
            let s = NoiseSchedule.vp.scale(at: t), gamma = NoiseSchedule.vp.gamma(at: t)
            let cv = s * s * v + gamma * gamma, cw = s * s * w + gamma * gamma
            let exact = pow(1 - cv / cw, 2)
            // R's numerator and denominator are both ∝ E‖x‖² on the same draws, so the ratio is exact up to rounding.
            #expect(abs(gaussian.values[k] - exact) < 1e-12, "t = \(t): \(gaussian.values[k]) vs \(exact)")
        }
    }

    @Test("E.mode-concentration: an MLP trained on N = 3000 draws is closer to the exact score than one trained on N = 10 (R(t) at t = 0.05 and 0.3 at least 2× smaller)")
    func largerTrainingSetLearnsBetter() throws {
        var settings = ReconstructionExperiment.Settings(scale: .quick)
        settings.learned.hiddenLayers = 2
        settings.learned.width = 32
        settings.learned.training = MLPTrainingSettings(steps: 600, batchSize: 128, learningRate: 3e-3, warmupSteps: 50)
        let target = try ReconstructionExperiment.target(settings)
        let truth = ExactMixtureScore(data: target, schedule: .vp)
        let pool = target.sample(count: 3_000, stream: RandomStream(seed: 11))
        let times = [0.05, 0.3]
        let errors = try [10, 3_000].map { n in
            let model = try ReconstructionExperiment.trainLearnedScore(pool.rows(0..<n), settings: settings, seed: 4)
            return try ReconstructionExperiment.relativeScoreError(model, truth: truth, times: times, samples: 4_000, seed: 5)
        }
        for k in times.indices {
            // Margin 2: ten points leave the network the empirical score of ten points (far from the mixture's at
            // small t), three thousand pin the mixture down; measured R = 11.9 against 0.136 (t = 0.05) and
            // 0.389 against 0.068 (t = 0.3), ratios 88 and 5.7; the SEs are a few % of R.
            #expect(errors[1].values[k] * 2 < errors[0].values[k], "t = \(times[k]): R(N = 3000) = \(errors[1].values[k]), R(N = 10) = \(errors[0].values[k])")
        }
    }
}
