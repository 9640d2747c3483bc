import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams

@Suite("core.dsm: the MLP score trained by denoising score matching")
struct MLPScoreTests {
    /// A tiny network with every parameter (biases included) drawn N(0, 1/fan-in) + N(0, 0.3²), and a fixed
    /// minibatch of N(0, 4I) points, times of the schedule's default range, and noise.
    static func tinyProblem(n: Int, hiddenLayers: Int, width: Int, frequencies: Int, batchSize: Int, scheduleIndex: Int,
                            seed: UInt64) throws -> (network: MLPNetwork, batch: DenoisingScoreMatching.Batch, schedule: NoiseSchedule) {
        let stream = RandomStream(seed: seed)
        let schedule = NoiseSchedule.allCases[scheduleIndex % NoiseSchedule.allCases.count]
        let architecture = try MLPArchitecture(dimension: n, hiddenLayers: hiddenLayers, width: width,
                                               timeEmbedding: TimeEmbedding(frequencies: frequencies))
        let initial = MLPParameters(initialising: architecture, stream: stream)
        let theta = initial.flattened.adding(0.3 * stream.gaussians(initial.count))
        let network = MLPNetwork(architecture: architecture, parameters: MLPParameters(shapedLike: initial, flattened: theta))
        let samples = 2 * Matrix.gaussian(rows: 20, columns: n, stream: stream)
        let batch = DenoisingScoreMatching.Batch.draw(from: samples, size: batchSize, timeRange: MLPTrainingSettings.defaultTimeRange(for: schedule),
                                                      sampling: .logUniform, stream: stream)
        return (network, batch, schedule)
    }

    /// A small network and short training for the debug-build tests.
    static func smallEstimator(steps: Int, seed: UInt64, batchSize: Int = 128) throws -> MLPScoreEstimator {
        MLPScoreEstimator(architecture: try MLPArchitecture(dimension: 2, hiddenLayers: 2, width: 32, timeEmbedding: TimeEmbedding(frequencies: 3)),
                          training: MLPTrainingSettings(steps: steps, batchSize: batchSize, learningRate: 3e-3, warmupSteps: 50, seed: seed))
    }

    static let circleSamples = GaussianMixture.circle().sample(count: 4000, stream: RandomStream(seed: 5))

    @Test("core.dsm: backpropagated gradient of the DSM loss equals central differences in every weight and bias (incl. time-embedding inputs)")
    func gradientMatchesFiniteDifferences() async throws {
        await seededPropertyCheck(count: 20, input: Gen.int(in: 2...3), Gen.int(in: 2...3), Gen.int(in: 5...8), Gen.int(in: 0...2),
                                  Gen.int(in: 4...8), Gen.int(in: 0...3), Gen.int(in: 0...1_000_000)) { n, layers, width, frequencies, batchSize, scheduleIndex, seed in
            let (network, batch, schedule) = try Self.tinyProblem(n: n, hiddenLayers: layers, width: width, frequencies: frequencies,
                                                                  batchSize: batchSize, scheduleIndex: scheduleIndex, seed: UInt64(seed))
            let analytic = DenoisingScoreMatching.lossAndGradient(network, batch: batch, schedule: schedule).gradient.flattened
            let theta = network.parameters.flattened
            // Central differences, h = 10⁻⁶: truncation h²/6·|∂³ℒ| ≈ 10⁻¹³ (the loss is a smooth composition of
            // O(1) factors); rounding ≈ ε·|ℒ|·κ/h ≈ 2·10⁻¹⁶·10·10/10⁻⁶ ≈ 2·10⁻⁸ with ℒ = O(10) and κ ≈ 10 for
            // the sums inside ℒ. Both sit far below the tolerance 10⁻⁶·max|∇ℒ| (max|∇ℒ| = O(1–10)), while a
            // wrong term (a missing φ′, a transposed product, the time-embedding columns) errs by O(|∇ℒ|).
            let h = 1e-6
            var numeric = [Double](repeating: 0, count: theta.count)
            for k in theta.indices {
                var plus = theta, minus = theta
                plus[k] += h
                minus[k] -= h
                let lossPlus = DenoisingScoreMatching.loss(MLPNetwork(architecture: network.architecture, parameters: MLPParameters(shapedLike: network.parameters, flattened: plus)), batch: batch, schedule: schedule)
                let lossMinus = DenoisingScoreMatching.loss(MLPNetwork(architecture: network.architecture, parameters: MLPParameters(shapedLike: network.parameters, flattened: minus)), batch: batch, schedule: schedule)
                numeric[k] = (lossPlus - lossMinus) / (2 * h)
            }
            let scale = analytic.map(abs).max()!
            let worst = theta.indices.max { abs(numeric[$0] - analytic[$0]) < abs(numeric[$1] - analytic[$1]) }!
            let relative = (numeric - analytic).euclideanNorm / analytic.euclideanNorm
            #expect(abs(numeric[worst] - analytic[worst]) <= 1e-6 * scale && relative < 1e-6,
                    "seed \(seed) n=\(n) L=\(layers) w=\(width) F=\(frequencies) B=\(batchSize) \(schedule): parameter \(worst) analytic \(analytic[worst]) vs FD \(numeric[worst]), normwise relative error \(relative)")
        }
    }

    @Test("core.dsm: the loss is ‖net + ε‖²/B with x_t = s x₀ + γε, and the score is net/γ (independent recomputation)")
    func lossAndScoreDefinitions() throws {
        let (network, batch, schedule) = try Self.tinyProblem(n: 3, hiddenLayers: 2, width: 6, frequencies: 2, batchSize: 5, scheduleIndex: 1, seed: 3)
        let model = FittedMLPScore(network: network, schedule: schedule)
        var expected = 0.0
        for i in 0..<5 {
            let t = batch.times[i], s = schedule.scale(at: t), gamma = schedule.gamma(at: t)
            let noisy = Matrix(rowArrays: [zip(batch.clean.row(i), batch.noise.row(i)).map { s * $0 + gamma * $1 }])
            let score = try model.score(noisy, time: t).row(0)
            expected += zip(score, batch.noise.row(i)).reduce(0) { $0 + pow(gamma * $1.0 + $1.1, 2) } / 5
        }
        let loss = DenoisingScoreMatching.loss(network, batch: batch, schedule: schedule)
        // Same operations in a different grouping: agreement to a few ulps of ℒ.
        #expect(abs(loss - expected) <= 1e-12 * expected, "loss \(loss) vs \(expected)")
    }

    @Test("core.dsm: training is seeded — the same seed gives identical weights bit for bit, another seed differs (batch of 3 parallel blocks)")
    func reproducible() throws {
        let estimator = try Self.smallEstimator(steps: 40, seed: 17, batchSize: 300)
        let first = try estimator.fit(Self.circleSamples, schedule: .vp).network.parameters.flattened
        let second = try estimator.fit(Self.circleSamples, schedule: .vp).network.parameters.flattened
        let other = try Self.smallEstimator(steps: 40, seed: 18, batchSize: 300).fit(Self.circleSamples, schedule: .vp).network.parameters.flattened
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
        #expect(zip(first, other).filter { $0 != $1 }.count > first.count / 2)
    }

    @Test("core.dsm: save → load gives the same weights and the same scores bit for bit")
    func saveAndLoad() throws {
        let model = try Self.smallEstimator(steps: 20, seed: 3).fit(Self.circleSamples, schedule: .ve)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlp-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try FittedMLPScore.load(from: path)
        #expect(loaded == model)
        let points = 3 * Matrix.gaussian(rows: 300, columns: 2, stream: RandomStream(seed: 4))
        for t in [0.01, 1, 30] {
            #expect(try loaded.score(points, time: t).elements.map(\.bitPattern) == model.score(points, time: t).elements.map(\.bitPattern))
        }
    }

    /// A saved small model's JSON object, for the malformed-file cases.
    static func savedObject() throws -> [String: Any] {
        let model = try smallEstimator(steps: 1, seed: 1).fit(circleSamples, schedule: .vp)
        return try #require(try JSONSerialization.jsonObject(with: Data(model.fileContents.utf8)) as? [String: Any])
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let field: String
        let mention: String
        let edit: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { name }
    }

    static func editLayer(_ index: Int, _ body: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable (inout [String: Any]) -> Void {
        { object in
            var layers = object["layers"] as! [[String: Any]]
            body(&layers[index])
            object["layers"] = layers
        }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "missing bias", field: "layers[1].bias", mention: "missing", edit: editLayer(1) { $0["bias"] = nil }),
        Malformed(name: "missing architecture width", field: "architecture.width", mention: "missing") { object in
            var architecture = object["architecture"] as! [String: Any]
            architecture["width"] = nil
            object["architecture"] = architecture
        },
        Malformed(name: "weights with a row too few", field: "layers[2].weights", mention: "expected 2",
                  edit: editLayer(2) { $0["weights"] = Array(($0["weights"] as! [[Double]]).dropLast()) }),
        Malformed(name: "weights row too short", field: "layers[0].weights[3]", mention: "expected 9",
                  edit: editLayer(0) { var rows = $0["weights"] as! [[Double]]; rows[3].removeLast(); $0["weights"] = rows }),
        Malformed(name: "NaN weight", field: "layers[2].weights[1][4]", mention: "NaN",
                  edit: editLayer(2) { var rows = $0["weights"] as! [[Any]]; rows[1][4] = "NaN"; $0["weights"] = rows }),
        Malformed(name: "infinite bias", field: "layers[1].bias[0]", mention: "−∞",
                  edit: editLayer(1) { var bias = $0["bias"] as! [Any]; bias[0] = "-Infinity"; $0["bias"] = bias }),
        Malformed(name: "wrong format tag", field: "format", mention: "closedform-mlp") { $0["format"] = "closedform-model" },
        Malformed(name: "unknown schedule", field: "schedule", mention: "edm") { $0["schedule"] = "edm" },
        Malformed(name: "one layer too many", field: "layers", mention: "need 3") { object in
            object["layers"] = (object["layers"] as! [Any]) + [(object["layers"] as! [Any])[1]]
        },
    ]

    @Test("core.dsm: a malformed model file throws InputError naming the file, the field and the value", arguments: malformed)
    func malformedFile(_ malformed: Malformed) throws {
        var object = try Self.savedObject()
        malformed.edit(&object)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mlp-bad-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: InputError.self) { try FittedMLPScore.load(from: path) }
        #expect(error.source == path && error.field == malformed.field && error.reason.contains(malformed.mention), "\(error)")
    }

    @Test("core.dsm: a short training lowers the loss and the γ²-weighted score error on the 2-D circle mixture far below the untrained network's")
    func shortTrainingLearns() throws {
        let truth = ExactMixtureScore(data: GaussianMixture.circle(), schedule: .vp)
        let estimator = try Self.smallEstimator(steps: 3000, seed: 2)
        let untrained = try Self.smallEstimator(steps: 1, seed: 2).fit(Self.circleSamples, schedule: .vp)
        let (model, losses) = try estimator.train(Self.circleSamples, schedule: .vp)
        let first = losses.prefix(100).reduce(0, +) / 100, last = losses.suffix(100).reduce(0, +) / 100
        // The loss cannot fall below E‖ε + γ s‖²-type noise floor (≈ 1.5 here, see the benchmark), so it drops
        // by a modest factor; the score error, which has no floor, must drop by far more.
        #expect(last < 0.9 * first, "loss of the first 100 steps \(first), last 100 \(last)")
        for t in [0.05, 0.2, 0.6] {
            let before = try RelativeScoreError.evaluate(estimate: untrained, truth: truth, time: t, samples: 4000, seed: 9).relative
            let after = try RelativeScoreError.evaluate(estimate: model, truth: truth, time: t, samples: 4000, seed: 9).relative
            #expect(after < 0.15 * before, "t = \(t): relative score error \(after) after training, \(before) before")
        }
    }

    @Test("Adam with bias correction: the first step moves every coordinate by η against the gradient's sign; on a quadratic it converges")
    func adamConverges() {
        let curvatures = [0.5, 2, 10, 100], centre = [1.0, -2, 0.5, 3]
        func gradient(_ theta: [Double]) -> [Double] { (0..<4).map { curvatures[$0] * (theta[$0] - centre[$0]) } }
        var theta = [Double](repeating: 0, count: 4)
        var adam = AdamOptimizer(parameterCount: 4)
        adam.step(&theta, gradient: gradient(theta), learningRate: 0.01)
        // m̂₁ = g, v̂₁ = g², so the step is η·g/(|g| + ε): η·sign(g) up to the relative ε/|g| ≤ 10⁻⁷.
        for k in 0..<4 { #expect(abs(theta[k] - 0.01 * (centre[k] > 0 ? 1 : -1)) < 1e-9, "coordinate \(k): \(theta[k])") }
        let rates = LearningRateSchedule(peak: 0.05, final: 1e-5, warmupSteps: 50, totalSteps: 3000)
        for step in 1..<3000 { adam.step(&theta, gradient: gradient(theta), learningRate: rates.rate(at: step)) }
        // At the end the step is η_min = 10⁻⁵ per coordinate at most, so the iterate sits within a few η_min.
        #expect((theta - centre).map(abs).max()! < 1e-3, "\(theta)")
    }

    @Test("Learning-rate schedule: linear warm-up to η_max, cosine decay to exactly η_min at the last step, midpoint (η_max + η_min)/2")
    func learningRateSchedule() {
        let schedule = LearningRateSchedule(peak: 2e-3, final: 2e-5, warmupSteps: 100, totalSteps: 1101)
        #expect(schedule.rate(at: 0) == 2e-3 / 100)
        #expect(abs(schedule.rate(at: 49) - 1e-3) < 1e-18)
        #expect(schedule.rate(at: 99) == 2e-3 && schedule.rate(at: 100) == 2e-3)
        #expect(abs(schedule.rate(at: 600) - (2e-3 + 2e-5) / 2) < 1e-15)
        #expect(schedule.rate(at: 1100) == 2e-5 && schedule.rate(at: 5000) == 2e-5)
        let decay = (100...1100).map(schedule.rate(at:))
        #expect(zip(decay, decay.dropFirst()).allSatisfy { $0 >= $1 })
    }
}

extension MLPScoreTests {
    @Test("core.dsm: the DSM loss minus the γ²-weighted score error is the same constant for two different networks (Monte Carlo)")
    func dsmIdentity() throws {
        let target = GaussianMixture.circle()
        let truth = ExactMixtureScore(data: target, schedule: .vp)
        let stream = RandomStream(seed: 23)
        let networkA = try Self.smallEstimator(steps: 300, seed: 1).fit(Self.circleSamples, schedule: .vp)
        let networkB = try Self.smallEstimator(steps: 1, seed: 2).fit(Self.circleSamples, schedule: .vp)
        let count = 20_000
        for t in [0.05, 0.3, 0.8] {
            let s = NoiseSchedule.vp.scale(at: t), gamma = NoiseSchedule.vp.gamma(at: t)
            let clean = target.sample(count: count, stream: stream), noise = Matrix.gaussian(rows: count, columns: 2, stream: stream)
            let noisy = s * clean + gamma * noise
            let (a, b) = (gamma * (try networkA.score(noisy, time: t)), gamma * (try networkB.score(noisy, time: t)))
            let exact = gamma * (try truth.score(noisy, time: t))
            // Per draw: [‖a + ε‖² − ‖a − γs‖²] − [‖b + ε‖² − ‖b − γs‖²], DSM loss minus score error of A minus the
            // same for B. The identity says its mean is 0; the sample standard error sets the tolerance (4 SE).
            let (lossA, lossB) = ((a + noise).rowSquaredNorms, (b + noise).rowSquaredNorms)
            let (errorA, errorB) = ((a - exact).rowSquaredNorms, (b - exact).rowSquaredNorms)
            let values = (0..<count).map { (lossA[$0] - errorA[$0]) - (lossB[$0] - errorB[$0]) }
            let mean = values.reduce(0, +) / Double(count)
            let standardError = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count - 1) / Double(count)).squareRoot()
            let gap = (errorA.reduce(0, +) - errorB.reduce(0, +)) / Double(count)
            #expect(abs(mean) <= 4 * standardError && standardError < 0.05 * abs(gap),
                    "t = \(t): mean difference \(mean) ± \(standardError); score errors differ by \(gap)")
        }
    }
}

extension MLPScoreTests {
    /// True in a debug build (`swift build`, the default of `swift test` and scripts/test.sh).
    static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }

    @Test("core.dsm: at the default size (width 128, 3 hidden layers, 6000 steps, batch 256, seed 1) the MLP learns the 2-D 8-component circle mixture's score: R(t) < 0.1 at t = 0.01, < 0.05 for 0.05 ≤ t ≤ 0.1, < 0.02 for t ≥ 0.2",
          .enabled(if: PropertyTrials.isLong || !Self.isDebugBuild,
                   "default-size training takes about 130 s in a debug build: runs with CLOSEDFORM_LONG_TESTS=1 or in a release build (swift test -c release)"))
    func defaultSizeScoreError() throws {
        // About 130 s in a debug build, 26 s in release (Benchmarks/MLPTraining prints the same table).
        let target = GaussianMixture.circle()
        let samples = target.sample(count: 50_000, stream: RandomStream(seed: 11))
        let estimator = MLPScoreEstimator(architecture: try MLPArchitecture(dimension: 2), training: MLPTrainingSettings(seed: 1))
        let model = try estimator.fit(samples, schedule: .vp)
        let truth = ExactMixtureScore(data: target, schedule: .vp)
        // R(t) = E γ²‖ŝ − s‖² / E γ²‖s‖², measured at this seed: 0.053 (t = 0.01), 0.024, 0.024 (0.05, 0.1),
        // 0.0072, 0.0050, 0.0003, 0.0023 (0.2 … 1). The bounds leave about 2× room; the Monte-Carlo error of R
        // with 20 000 draws is a few per cent of R.
        for (t, bound) in [(0.01, 0.1), (0.05, 0.05), (0.1, 0.05), (0.2, 0.02), (0.4, 0.02), (0.7, 0.02), (1.0, 0.02)] {
            let error = try RelativeScoreError.evaluate(estimate: model, truth: truth, time: t, samples: 20_000, seed: 99)
            print("core.dsm default size: t = \(t), R = \(error.relative)")
            #expect(error.relative < bound, "t = \(t): R = \(error.relative), E γ²‖ŝ − s‖² = \(error.absolute)")
        }
    }
}
