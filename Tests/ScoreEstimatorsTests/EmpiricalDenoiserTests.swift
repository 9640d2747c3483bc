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

@Suite("Empirical denoiser [D]: the KDE with h → 0, and memorisation under a deterministic sampler")
struct EmpiricalDenoiserTests {
    /// Training points y_i as a mixture of N(y_i, δ²I) components with equal weights (rank 0, noise δ²).
    static func pointMixture(_ points: Matrix, variance: Double) throws -> GaussianMixture {
        let empty = Matrix(rows: points.columns, columns: 0)
        let components = try (0..<points.rows).map { try Gaussian(mean: points.row($0), basis: empty, variances: [], noise: variance) }
        return try GaussianMixture(weights: [Double](repeating: 1, count: points.rows), components: components)
    }

    @Test("D(x; t) equals ExactMixtureScore's denoiser of (1/N) Σ N(y_i, δ²I) for δ² = 0 and δ² = 10⁻¹⁰ within the stated bound")
    func matchesTinyVarianceMixture() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...6), Gen.int(in: 1...12), Gen.int(in: 0...3),
                                  Gen.double(in: 0.05...1), Gen.int(in: 0...1_000_000)) { n, count, scheduleIndex, u, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let schedule = NoiseSchedule.allCases[scheduleIndex]
            let time = u * (schedule == .ve || schedule == .ou ? 3 : 0.95)
            let training = 2 * Matrix.gaussian(rows: count, columns: n, stream: stream)
            let model = try EmpiricalDenoiser().fit(training, schedule: schedule)
            #expect(model.law == nil && model.count == count)
            let s = schedule.scale(at: time), sigma = schedule.sigma(at: time), gamma = s * sigma
            // Points of the noised empirical law, the last one 3× further out.
            var points = Matrix(rows: 4, columns: n)
            for i in 0..<4 {
                let j = stream.integer(below: count)
                for c in 0..<n { points[i, c] = s * training[j, c] + gamma * stream.gaussian() * (i == 3 ? 3 : 1) }
            }
            let denoised = try model.denoise(points, time: time)
            for delta2 in [0.0, 1e-10] {
                let exact = ExactMixtureScore(data: try Self.pointMixture(training, variance: delta2), schedule: schedule)
                let reference = try exact.denoise(points, time: time)
                for i in 0..<points.rows {
                    let x = points.row(i)
                    let offsets = (0..<count).map { (x - s * training.row($0)).euclideanNorm / s }  // ‖x/s − y_k‖
                    let radius = offsets.max()! * s + x.euclideanNorm
                    let largestY = (0..<count).map { training.row($0).euclideanNorm }.max()!
                    // Rounding: each logit −‖x − s y_k‖²/(2γ²) is formed from squared lengths ≤ R², so it errs by
                    // about (n + 2)ε·R²/γ²; the softmax weights then err by twice that (relative) and D = Σ w_k y_k
                    // by that times max‖y‖; Tweedie's (x + γ²∇log p)/s adds ε·R/s. Margin 32 for the two codes'
                    // summation orders.
                    let rounding = 32 * Double(n + 2) * Double.ulpOfOne * ((1 + radius * radius / (gamma * gamma)) * (1 + largestY) + radius / s)
                    // δ² > 0 (first order in δ²): each component's posterior mean moves by δ²/(σ²+δ²)·‖x/s − y_k‖,
                    // and the logits −‖x/s − y_k‖²/(2(σ² + δ²)) move by ‖x/s − y_k‖²δ²/(2σ⁴), which moves the
                    // softmax by at most twice the largest change in ℓ¹; factor 2 for second-order terms.
                    let logitShift = offsets.map { $0 * $0 }.max()! * delta2 / (2 * sigma * sigma * sigma * sigma)
                    let perturbation = 2 * (delta2 / (sigma * sigma + delta2) * offsets.max()! + 2 * logitShift * largestY)
                    for c in 0..<n {
                        #expect(abs(denoised[i, c] - reference[i, c]) <= rounding + perturbation,
                                "seed \(seed) n=\(n) N=\(count) \(schedule) t=\(time) δ²=\(delta2) row \(i): \(denoised[i, c]) vs \(reference[i, c])")
                    }
                }
            }
        }
    }

    @Test("Rejects t = 0 (no score for point masses), empty and non-finite training sets")
    func badInput() throws {
        let model = try EmpiricalDenoiser().fit(Matrix(rowArrays: [[0, 1], [1, 0]]), schedule: .vp)
        #expect(throws: InputError.self) { try model.score(Matrix(rowArrays: [[0, 0]]), time: 0) }
        #expect(throws: InputError.self) { try model.score(Matrix(rowArrays: [[0, 0, 0]]), time: 0.5) }
        #expect(throws: InputError.self) { try EmpiricalDenoiser().fit(Matrix(rows: 0, columns: 2), schedule: .vp) }
        #expect(throws: InputError.self) { try EmpiricalDenoiser().fit(Matrix(rowArrays: [[0, .nan]]), schedule: .vp) }
    }

    /// 16 training points N(0, I) in ℝ³ with pairwise distances ≥ 0.1 (checked), and 200 starting points
    /// from EDM's prior N(0, 80²I).
    static func memorisationSetup() throws -> (model: FittedEmpiricalDenoiser, initial: Matrix) {
        let training = Matrix.gaussian(rows: 16, columns: 3, stream: RandomStream(seed: 41))
        let separation = (0..<16).flatMap { i in (0..<i).map { (training.row(i) - training.row($0)).euclideanNorm } }.min()!
        try #require(separation >= 0.1, "training points closer than 0.1: \(separation)")
        let initial = 80 * Matrix.gaussian(rows: 200, columns: 3, stream: RandomStream(seed: 42))
        return (try EmpiricalDenoiser().fit(training, schedule: .ve), initial)
    }

    static func nearestDistances(_ output: Matrix, _ training: Matrix) -> [Double] {
        (0..<output.rows).map { i in (0..<training.rows).map { (output.row(i) - training.row($0)).euclideanNorm }.min()! }
    }

    @Test("Memorisation [D]: Heun EDM (200 steps, 80 → σ_min) on the empirical denoiser stops within 6.5·σ_min of a training point; the distance scales with σ_min")
    func memorisationScalesWithSigmaMin() throws {
        let (model, initial) = try Self.memorisationSetup()
        var medians: [Double] = []
        for sigmaMin in [0.01, 0.002] {
            let sampler = try HeunEDMSampler(steps: 200, sigmaMax: 80, sigmaMin: sigmaMin, rho: 7, endsAtZero: false)
            let distances = Self.nearestDistances(try sampler.run(model, from: initial), model.trainingPoints)
            // The flow preserves marginals, so at σ_min the output is distributed as (1/N) Σ N(y_i, σ_min²I):
            // its distance to the nearest y_i is at most σ_min·χ₃. P(χ₃ > 6.5) < 10⁻⁸, so over 200 points the
            // bound fails with probability < 2·10⁻⁶ (Heun's error at 200 steps is far below σ_min).
            #expect(distances.max()! <= 6.5 * sigmaMin, "σ_min = \(sigmaMin): max distance \(distances.max()!)")
            medians.append(distances.sorted()[distances.count / 2])
        }
        // Once the softmax has picked y*, dx/dσ = (x − y*)/σ, so x − y* ∝ σ: distances shrink by 0.01/0.002 = 5.
        // Medians of the same 200 trajectories, allowing 10 % for trajectories not yet committed at σ = 0.01.
        #expect(abs(medians[0] / medians[1] - 5) <= 0.5, "median distances \(medians)")
        // And the median of σ_min·χ₃ is 1.54·σ_min; 200 draws put the sample median within ±20 %.
        #expect(abs(medians[1] / 0.002 - 1.54) <= 0.3, "median distance / σ_min = \(medians[1] / 0.002)")
    }

    @Test("Memorisation [D]: with EDM's last step to σ = 0 (18 and 200 steps) every output is a training point to rounding")
    func memorisationEndsOnTrainingPoints() throws {
        let (model, initial) = try Self.memorisationSetup()
        for steps in [18, 200] {
            let output = try HeunEDMSampler(steps: steps).run(model, from: initial)
            // The last step returns D(x; 0.002) = Σ w_i y_i. With x within 6.5·σ_min of y* and every other y_j
            // at least 0.1 away, each other logit is below by ≥ (0.1² − 2·0.1·0.013)/(2·0.002²) ≈ 925 > 745, so
            // its weight underflows to 0 and D = y* up to the rounding of the weighted sum (1 ulp of ‖y‖ ≲ 4).
            let distances = Self.nearestDistances(output, model.trainingPoints)
            #expect(distances.max()! <= 1e-14 * 8, "steps \(steps): max distance \(distances.max()!)")
        }
    }
}
