import Foundation
import Testing
import LinearAlgebra
import Reports
@testable import Experiments
import RandomStreams

@Suite("Reproducibility and memorisation metrics [D]")
struct ReproducibilityMetricsTests {
    @Test("D.metrics: RP of a set with itself is 1; with its negation 0; orthogonal rows give cosine 0 and RP 0")
    func reproducibility() throws {
        let metrics = try ReproducibilityMetrics()
        let a = Matrix.gaussian(rows: 40, columns: 5, stream: RandomStream(seed: 1))
        #expect(metrics.reproducibility(a, a) == 1)
        #expect(metrics.reproducibility(a, -1 * a) == 0)
        let e = Matrix(rowArrays: [[1, 0, 0], [0, 2, 0], [0, 0, 3]])
        let f = Matrix(rowArrays: [[0, 5, 0], [0, 0, 1], [7, 0, 0]])
        #expect(CosineSimilarity.rowwise(e, f) == [0, 0, 0])
        #expect(metrics.reproducibility(e, f) == 0)
        // Scale invariance: cos(x, 3x) = 1.
        #expect(metrics.reproducibility(a, 3 * a) == 1)
    }

    @Test("D.metrics: samples that are training points (rescaled) have Mem = 1, GL = 0; samples orthogonal to every training point have Mem = 0")
    func memorisation() throws {
        let metrics = try ReproducibilityMetrics(threshold: 0.6)
        let training = Matrix.gaussian(rows: 30, columns: 6, stream: RandomStream(seed: 2))
        let copies = 2 * Matrix(rowArrays: [training.row(3), training.row(17), training.row(29)])
        #expect(metrics.memorisation(copies, training: training) == 1)
        #expect(metrics.generalisation(copies, training: training) == 0)
        let nearest = CosineSimilarity.nearest(copies, in: training)
        #expect(nearest.index == [3, 17, 29])
        #expect(nearest.similarity.allSatisfy { abs($0 - 1) < 1e-14 })
        let inPlane = Matrix(rowArrays: [[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]])
        let orthogonal = Matrix(rowArrays: [[0, 0, 1, 0], [0, 0, 0, -2]])
        #expect(metrics.memorisation(orthogonal, training: inPlane) == 0)
        #expect(metrics.generalisation(orthogonal, training: inPlane) == 1)
    }

    @Test("D.metrics: a pair counts when sim > τ (cos = 0.6: a match at τ = 0.59, none at τ = 0.61); τ is validated")
    func threshold() throws {
        let a = Matrix(rowArrays: [[1, 0]]), b = Matrix(rowArrays: [[3, 4]])  // cos = 3/5
        #expect(try ReproducibilityMetrics(threshold: 0.61).reproducibility(a, b) == 0)
        #expect(try ReproducibilityMetrics(threshold: 0.59).reproducibility(a, b) == 1)
        #expect(throws: (any Error).self) { try ReproducibilityMetrics(threshold: 1) }
        #expect(throws: (any Error).self) { try ReproducibilityMetrics(threshold: .nan) }
        #expect(abs(ReproducibilityMetrics.standardError(0.5, count: 100) - 0.05) < 1e-15)
    }

    @Test("E.mode-concentration: the Gaussian discriminant reaches the Bayes accuracy Φ(2) on well-separated classes, and ModeCoverage's shell mass matches P(χ²₂ > 4) = e⁻²")
    func discriminantAndCoverage() throws {
        var settings = ReconstructionExperiment.Settings(scale: .quick)
        settings.trainingSize = 4_000
        let target = try ReconstructionExperiment.target(settings)
        let (train, labels) = ReconstructionExperiment.labelledSamples(target, count: 4_000, stream: RandomStream(seed: 4))
        let (test, testLabels) = ReconstructionExperiment.labelledSamples(target, count: 20_000, stream: RandomStream(seed: 5))
        let accuracy = try GaussianDiscriminant(points: train, labels: labels, classCount: 2).accuracy(test, labels: testLabels)
        let bayes = ReconstructionExperiment.bayesAccuracy(settings)
        // Binomial SE over 20 000 test points ≈ 0.001; the fitted rule loses O(1/N_train) ≈ 0.001 more.
        #expect(abs(accuracy - bayes) < 0.006, "accuracy \(accuracy) vs Φ(2) = \(bayes)")
        // One isotropic N(0, I₂): P(‖x‖ > 2) = e^{−2}; SE √(p(1−p)/N) ≈ 0.0024 for N = 20 000.
        let single = ModeCoverage(means: [[0, 0]], sigma: 1)
        let draws = Matrix.gaussian(rows: 20_000, columns: 2, stream: RandomStream(seed: 6))
        #expect(abs(single.shellMass(draws) - exp(-2)) < 4 * 0.0025)
    }
}

@Suite("Reconstruction and reproducibility experiments write their tables")
struct ReconstructionReproducibilityExperimentTests {
    @Test("E.mode-concentration: reconstruction at tiny size writes both tables; the shrunk Gaussian fit concentrates (less mass beyond 2σ than the exact score at the largest t)")
    func reconstruction() async throws {
        let directory = try ExperimentTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        var settings = ReconstructionExperiment.Settings(scale: .quick)
        settings.trainingSize = 200
        settings.testSize = 200
        settings.times = [0.2, 0.5]
        settings.steps = 20
        settings.correlationSamples = 400
        settings.correlationSteps = 100
        settings.correlationTimes = [0.3]
        settings.learned.sizes = []  // the learned table has its own test (LearnedScoreExperimentTests)
        let lines = try await ReconstructionExperiment().run(in: directory, settings: settings, seed: 2) { _, _, _ in }
        #expect(lines.count == 4)
        for base in ["variance-ratio", "beyond-2sigma", "accuracy", "correlation"] {
            #expect(lines.contains { $0.hasPrefix("- Figure:") && $0.contains("(reconstruction/\(base).svg)") }, "\(base) not linked")
            for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file(base + suffix)), "\(base)\(suffix)") }
        }
        for base in ["concentration", "correlation"] {
            for suffix in [".md", ".tex", ".csv", ".json"] {
                #expect(FileManager.default.fileExists(atPath: directory.file(base + suffix)), "\(base)\(suffix)")
            }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("concentration.json")))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        let expectedRows = 1 + 4 * 2 * 2
        #expect(rows.count == expectedRows)
        func shell(_ model: String) -> Double {
            (rows.last { ($0["model"] as? String)?.hasPrefix(model) == true && $0["dynamics"] as? String == "ode" }!["beyond 2σ"] as! NSNumber).doubleValue
        }
        #expect(shell("class-gaussian") < shell("exact"))
        #expect((json["caption"] as! String).contains("E.mode-concentration"))
    }

    @Test("Sweeps: reconstruction writes the same bytes in memory, checkpointed, and as shards 1/2 and 2/2 merged (learned, concentration and correlation cells in one sweep)")
    func reconstructionShards() async throws {
        var settings = TinyLearned.reconstruction(sizes: [20])
        settings.trainingSize = 40
        settings.testSize = 40
        settings.times = [0.5]
        settings.samplers = [.ode]
        settings.steps = 10
        settings.correlationSamples = 50
        settings.correlationSteps = 40
        settings.correlationTimes = [0.3]
        let runs = try await ShardedExperimentRun(shards: 2) { directory in
            try await ReconstructionExperiment().run(in: directory, settings: settings, seed: 3) { _, _, _ in }
        }
        runs.expectSameBytes()
        #expect(runs.plain.keys.contains("concentration.csv") && runs.plain.keys.contains("correlation.csv") && runs.plain.keys.contains("learned.csv"))
        // 1 learned unit (0), 4 models × 1 dynamics × 1 t = 4 concentration units (1–4), then ode and sde at one
        // t = 2 correlation units (5, 6); round-robin: shard 1 holds 0, 2, 4, 6 and shard 2 holds 1, 3, 5.
        #expect(runs.shardUnits == ["shard-1-of-2.cells.jsonl": 4, "shard-2-of-2.cells.jsonl": 3])
    }

    @Test("D.memorisation-generalisation: reproducibility at tiny size: the empirical denoiser always memorises (GL = 0) and the low-rank fit matches the exact score once N_k ≫ d")
    func reproducibility() async throws {
        let directory = try ExperimentTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        var settings = ReproducibilityExperiment.Settings(scale: .quick)
        settings.dimension = 12
        settings.rank = 2
        settings.trainingSizes = [2, 40]
        settings.samples = 60
        settings.learned.sizes = []  // the learned table has its own test (LearnedScoreExperimentTests)
        let lines = try await ReproducibilityExperiment().run(in: directory, settings: settings, seed: 1) { _, _, _ in }
        #expect(lines.count == 2)
        for base in ["rp-against-n", "gl-against-n"] {
            #expect(lines[1].contains("(reproducibility/\(base).svg)"))
            for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file(base + suffix)), "\(base)\(suffix)") }
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("reproducibility.json")))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { ($0["GL(emp)"] as! NSNumber).doubleValue == 0 })
        let last = rows[1]
        #expect((last["subspace error"] as! NSNumber).doubleValue < 1e-6)
        // Same noise, same (recovered) law: the two deterministic flows agree to the sampler's rounding.
        #expect((last["RP(LR, exact)"] as! NSNumber).doubleValue == 1)
    }
}

@Suite("Nearest-neighbour distance ratio [D]")
struct DistanceRatioTests {
    /// ‖x − y‖ by the definition.
    static func distance(_ x: [Double], _ y: [Double]) -> Double {
        zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    @Test("D.metrics: the distance ratio d₁/d₂, the pair ratio and the spacing equal brute force on random points and hand-built cases")
    func bruteForce() throws {
        // Hand-built: x = (1, 0) against (0, 0), (10, 0), (0, 10): d₁ = 1 (index 0), d₂ = 9.
        let reference = Matrix(rowArrays: [[0, 0], [10, 0], [0, 10]])
        let hand = DistanceRatio.nearest(Matrix(rowArrays: [[1, 0], [0, 10]]), in: reference)
        #expect(hand.index == [0, 2])
        #expect(abs(hand.ratio[0] - 1.0 / 9.0) < 1e-14 && hand.ratio[1] == 0)
        // Pairs: a = ((0,0), (5,0)), b = ((0,1), (5,0)) at spacing s = 2: ρ = (1/2, 0).
        #expect(DistanceRatio.pairs(Matrix(rowArrays: [[0, 0], [5, 0]]), Matrix(rowArrays: [[0, 1], [5, 0]]), spacing: 2) == [0.5, 0])
        // Spacing of (0), (1), (3), (7): nearest distances 1, 1, 2, 4, upper median 2.
        #expect(DistanceRatio.spacing(Matrix(rowArrays: [[0], [1], [3], [7]])) == 2)

        let samples = Matrix.gaussian(rows: 25, columns: 4, stream: RandomStream(seed: 3))
        let others = Matrix.gaussian(rows: 25, columns: 4, stream: RandomStream(seed: 4))
        let fast = DistanceRatio.nearest(samples, in: others)
        let fastPairs = DistanceRatio.pairs(samples, others, spacing: 0.7)
        for i in 0..<samples.rows {
            let distances = (0..<others.rows).map { Self.distance(samples.row(i), others.row($0)) }
            let order = distances.indices.sorted { distances[$0] < distances[$1] }
            #expect(fast.index[i] == order[0])
            // Rounding: the dgemm form ‖x‖² + ‖y‖² − 2⟨x, y⟩ loses about ε·‖x‖²/d² relative; 1e-10 is far above it here.
            #expect(abs(fast.ratio[i] - distances[order[0]] / distances[order[1]]) < 1e-10)
            #expect(abs(fastPairs[i] - Self.distance(samples.row(i), others.row(i)) / 0.7) < 1e-12)
        }
    }

    @Test("D.metrics: at d = 4 with N = 2000 training points, the distance ratio keeps fresh samples' Mem near 3⁻⁴ = 0.012 while cosine flags most of them; copies have Mem = 1 under both; τ is validated")
    func separatesFreshFromCopies() throws {
        let training = Matrix.gaussian(rows: 2_000, columns: 4, stream: RandomStream(seed: 5))
        let fresh = Matrix.gaussian(rows: 1_000, columns: 4, stream: RandomStream(seed: 6))
        let ratio = try ReproducibilityMetrics(threshold: 1.0 / 3.0, similarity: .distanceRatio(spacing: DistanceRatio.spacing(fresh)))
        let cosine = try ReproducibilityMetrics()
        // P(d₁/d₂ < 1/3) = 3⁻⁴ for a locally uniform law; SE over 1000 samples ≈ 0.0035; 0.03 is 5 SE above.
        #expect(ratio.memorisation(fresh, training: training) < 0.03)
        #expect(cosine.memorisation(fresh, training: training) > 0.9)
        let copies = Matrix(rowArrays: [training.row(3), training.row(500), training.row(1999)])
        #expect(ratio.memorisation(copies, training: training) == 1 && cosine.memorisation(copies, training: training) == 1)
        // RP: a set against itself matches; against an independent set almost never (two independent draws
        // within s/3 of each other: probability of order 3⁻⁴/M per pair).
        #expect(ratio.reproducibility(fresh, fresh) == 1)
        #expect(ratio.reproducibility(fresh, training.rows(0..<1_000)) < 0.01)
        #expect(throws: (any Error).self) { try ReproducibilityMetrics(threshold: 0, similarity: .distanceRatio(spacing: 1)) }
        #expect(throws: (any Error).self) { try ReproducibilityMetrics(threshold: 1.5, similarity: .distanceRatio(spacing: 1)) }
        #expect(throws: (any Error).self) { try ReproducibilityMetrics(threshold: 0.3, similarity: .distanceRatio(spacing: 0)) }
    }
}
