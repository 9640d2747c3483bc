import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import ScoreErrors
import RandomStreams
import Theorems

/// `ScoreErrorEnergy` on both paths: closed forms under ou, the Gaussian-pair integrand against an independent
/// quadrature and against the exact identity ½ε² = KL(t₀) − KL(T), and Monte Carlo on mixtures.
@Suite("Score-error energy")
struct ScoreErrorEnergyTests {
    static let mu = [0.3, -1.2, 0.5]
    static let standard = try! GaussianMixture(Gaussian(mean: [0, 0, 0], covariance: .identity(3)))

    static func shifted(_ mean: [Double]) throws -> GaussianMixture {
        GaussianMixture(try Gaussian(mean: mean, covariance: .identity(mean.count)))
    }

    static func isotropic(dimension n: Int, variance: Double) throws -> Gaussian {
        try Gaussian(mean: [Double](repeating: 0, count: n), covariance: .diagonal([Double](repeating: variance, count: n)))
    }

    /// KL(p_t ‖ q_t) of two Gaussians noised to time t (closed form).
    static func noisedKL(_ p: Gaussian, _ q: Gaussian, schedule: NoiseSchedule, time t: Double) throws -> Double {
        let s = schedule.scale(at: t), gamma2 = schedule.gammaSquared(at: t)
        return try GaussianDivergence.kl(from: p.noised(scale: s, noiseVariance: gamma2), to: q.noised(scale: s, noiseVariance: gamma2)).value
    }

    @Test("B.prop3.1.kl-upper is an equality for a Gaussian mean shift under ou: ½ε̂² + e^{−T}‖μ‖²/2 = KL(N(μ,I) ‖ N(0,I))")
    func klEqualityCase() throws {
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let learned = ExactMixtureScore(data: try Self.shifted(Self.mu), schedule: .ou)
        let law = ScoreErrorEnergy.NoisedLaw.noised(try Self.shifted(Self.mu), schedule: .ou)
        let kl = try Divergence.evaluate(.kl, from: try Self.shifted(Self.mu), to: Self.standard)
        let normSquared = Self.mu.dot(Self.mu)
        // Uniform grid on [0, T]: the integrand ‖μ‖²e^{−t} is entire, and the Gauss–Legendre error bound
        // T^{2m+1}(m!)⁴/((2m+1)((2m)!)³)·max|f^{(2m)}| is below 1e-50 at m = 40, T = 20; what is left is
        // rounding: ŝ − ∇log q_t = e^{−t/2}μ is the difference of two O(‖x‖) scores, so each node loses
        // about ‖x‖/(e^{−t/2}‖μ‖) digits, weighted by e^{−t}: ≲ 1e-14 in total. Tolerance 1e-12 relative.
        let T = 20.0
        let energy = try ScoreErrorEnergy.estimate(.learned, estimate: learned, learnedLaw: law, truth: truth, from: 0, to: T,
                                                   timeNodes: 40, samplesPerNode: 8, seed: 3)
        #expect(energy.path == .learned && energy.method == .monteCarlo && energy.samplesPerNode == 8 && energy.timeNodes == 40)
        let bound = try #require(try TheoremRegistry.theorem("B.prop3.1.kl-upper")
            .evaluate(["epsilon-hat-squared": energy.value, "terminal-kl": exp(-T) * normSquared / 2]).upper)
        #expect(abs(bound - kl.value) <= 1e-12 * kl.value, "½ε̂² + terminal = \(bound), KL = \(kl.value)")
        #expect(abs(kl.value - normSquared / 2) <= 1e-15 * normSquared)
        // The score difference is constant in x: the Monte-Carlo variance is rounding only.
        #expect(energy.standardError <= 1e-12 * energy.value, "standard error \(energy.standardError)")
        // A mean shift errs by the same constant on both paths: ε*² = ε̂².
        let ideal = try ScoreErrorEnergy.estimate(.ideal, estimate: learned, truth: truth, from: 0, to: T,
                                                  timeNodes: 40, samplesPerNode: 8, seed: 3)
        #expect(abs(ideal.value - energy.value) <= 1e-12 * energy.value)

        // Logarithmic grid from t₀ = 1e-4, with ∫₀^{t₀} ‖μ‖²e^{−t} dt = ‖μ‖²(1 − e^{−t₀}) added exactly.
        // In u = log t the integrand ‖μ‖²e^{u − eᵘ} is analytic; 96 nodes (an order GSL tabulates to full
        // precision) reach rounding level, so the same 1e-12 applies.
        let logarithmic = try ScoreErrorEnergy.estimate(.learned, estimate: learned, learnedLaw: law, truth: truth, from: 1e-4, to: T,
                                                        timeNodes: 96, samplesPerNode: 4, seed: 3, spacing: .logarithmic)
        let withHead = logarithmic.value - normSquared * expm1(-1e-4)
        #expect(abs(0.5 * withHead + exp(-T) * normSquared / 2 - kl.value) <= 1e-12 * kl.value, "log grid: \(withHead)")
    }

    @Test("B.prop3.1.kl-upper: ou, q = N(0, σ²), p̂ = N(0, 2σ²), t₀ = 0, T → ∞: ½ε̂² = KL = ½(1 − ln 2) = 0.153426 and ½ε*² = 0.096574, to 1e-6")
    func varianceInflationEquality() throws {
        // proofs/B.prop3.1.kl-upper.md: with u = e^{−t} and σ = 1, the learned-path integrand is u²/(1 + u) and
        // the ideal-path one u²/(1 + u)²; ∫₀^∞ dt = ∫₀¹ du/u gives 1 − ln 2 and ln 2 − ½. For any σ,
        // ½ε̂²(0, T) = KL(p̂ ‖ q) − KL(p̂_T ‖ q_T) and ½ε*²(0, T) = KL(q ‖ p̂) − KL(q_T ‖ p̂_T).
        // T → ∞ is T = 40: the terminal KLs are O(e^{−2T}) ≈ 1e-35. The integrands' nearest singularity is
        // the zero of q_t's variance 1 − (1 − σ²)e^{−t} at t = ln(1 − σ²) ≈ −0.094 for σ = 0.3 (for σ ≥ 1, the
        // pole u = −1 at distance π from the axis), so the 256-node uniform rule on [0, 40] (a GSL-tabulated
        // order) errs by about (1 + √(2·0.094/20))^{−512} ≈ 1e-20 (128 nodes: 5e-10 at σ = 0.3). The energies
        // are closed form at every node: 1e-6 is the tolerance, with many orders of magnitude to spare.
        let halfLearned = 0.5 * (1 - log(2.0)), halfIdeal = 0.5 * (log(2.0) - 0.5)
        #expect(abs(halfLearned - 0.153426) < 5e-7 && abs(halfIdeal - 0.096574) < 5e-7)
        let T = 40.0
        for sigma in [1.0, 0.3, 2.5] {
            for n in [1, 3] {
                let q = try Self.isotropic(dimension: n, variance: sigma * sigma), p = try Self.isotropic(dimension: n, variance: 2 * sigma * sigma)
                let learned = try ScoreErrorEnergy.gaussianPair(learned: p, target: q, schedule: .ou, path: .learned,
                                                                from: 0, to: T, timeNodes: 256)
                let ideal = try ScoreErrorEnergy.gaussianPair(learned: p, target: q, schedule: .ou, path: .ideal,
                                                              from: 0, to: T, timeNodes: 256)
                #expect(learned.method == .closedForm && learned.standardError == 0 && learned.samplesPerNode == 0)
                let kl = try GaussianDivergence.kl(from: p, to: q).value, reverse = try GaussianDivergence.kl(from: q, to: p).value
                let terminal = try Self.noisedKL(p, q, schedule: .ou, time: T)
                #expect(terminal < 1e-30, "KL(p̂_T ‖ q_T) = \(terminal)")
                let d = Double(n)
                #expect(abs(0.5 * learned.value - d * halfLearned) <= 1e-6, "σ = \(sigma), n = \(n): ½ε̂² = \(0.5 * learned.value)")
                #expect(abs(0.5 * ideal.value - d * halfIdeal) <= 1e-6, "σ = \(sigma), n = \(n): ½ε*² = \(0.5 * ideal.value)")
                #expect(abs(0.5 * learned.value + terminal - kl) <= 1e-6, "Prop 3.1 with ε̂² is an equality: \(0.5 * learned.value) vs KL \(kl)")
                #expect(abs(0.5 * ideal.value - reverse) <= 1e-6, "½ε*² = KL(q ‖ p̂) = \(reverse)")
                // The registered bound with ε̂² holds with equality (within the slack of the quadrature)...
                let bound = try #require(try TheoremRegistry.theorem("B.prop3.1.kl-upper")
                    .evaluate(["epsilon-hat-squared": learned.value, "terminal-kl": terminal]).upper)
                #expect(kl <= bound + 1e-12 && bound - kl <= 1e-6)
                // ...and the same inequality with ε*² in place of ε̂² fails, by KL(p̂‖q) − KL(q‖p̂) = d·0.0568528.
                let wrong = try #require(try TheoremRegistry.theorem("B.prop3.1.kl-upper")
                    .evaluate(["epsilon-hat-squared": ideal.value, "terminal-kl": terminal]).upper)
                #expect(kl - wrong >= d * 0.0568, "½ε*² + KL_T = \(wrong) should fall short of KL = \(kl)")
            }
        }
    }

    @Test("Score-error energy of Gaussian pairs: the closed-form integrand against an independent quadrature (composite Simpson, diagonal covariances, every schedule)")
    func gaussianPairAgainstSimpson() throws {
        // Diagonal p̂ = N(m̂, diag(v̂)) and q = N(m, diag(v)): coordinates separate, and with a = 1/(s²v̂ + γ²),
        // b = 1/(s²v + γ²), the integrand is Σ_c (a − b)²/a + b²s²(m̂ − m)² (learned path) or
        // Σ_c (a − b)²/b + a²s²(m̂ − m)² (ideal path): scalar formulas, no matrices. The time integral is
        // composite Simpson with 20 000 panels, whose error h⁴·max|f⁗|·(T − t₀)/180 is below 1e-12 here
        // (halving the panels changes the result by less than 1e-13); the closed form uses 96 Gauss–Legendre
        // nodes. Tolerance 1e-10 relative.
        let learned = try Gaussian(mean: [0.4, -0.3, 1.0], covariance: .diagonal([0.5, 2.0, 1.3]))
        let target = try Gaussian(mean: [0.0, 0.2, 0.6], covariance: .diagonal([1.0, 0.7, 1.3]))
        for schedule in NoiseSchedule.allCases {
            let (t0, T) = schedule.maximumTime.isFinite ? (0.0, 0.9) : (0.0, 3.0)
            for path in ScoreErrorEnergy.Path.allCases {
                func integrand(_ t: Double) -> Double {
                    let s = schedule.scale(at: t), gamma2 = schedule.gammaSquared(at: t)
                    var sum = 0.0
                    for c in 0..<3 {
                        let a = 1 / (s * s * learned.covariance[c, c] + gamma2), b = 1 / (s * s * target.covariance[c, c] + gamma2)
                        let meanGap = s * (learned.mean[c] - target.mean[c])
                        sum += path == .learned ? (a - b) * (a - b) / a + b * b * meanGap * meanGap
                                                : (a - b) * (a - b) / b + a * a * meanGap * meanGap
                    }
                    return schedule.diffusionSquared(at: t) * sum
                }
                let panels = 20_000, h = (T - t0) / Double(panels)
                var simpson = integrand(t0) + integrand(T)
                for k in 1..<panels { simpson += (k % 2 == 1 ? 4 : 2) * integrand(t0 + Double(k) * h) }
                simpson *= h / 3
                let closed = try ScoreErrorEnergy.gaussianPair(learned: learned, target: target, schedule: schedule, path: path,
                                                               from: t0, to: T, timeNodes: 96)
                #expect(abs(closed.value - simpson) <= 1e-10 * simpson, "\(schedule) \(path): \(closed.value) vs Simpson \(simpson)")
            }
        }
    }

    @Test("Score-error energy of random Gaussian pairs: ½ε̂² = KL(p̂_{t₀} ‖ q_{t₀}) − KL(p̂_T ‖ q_T) and ½ε*² = KL(q_{t₀} ‖ p̂_{t₀}) − KL(q_T ‖ p̂_T), every schedule")
    func gaussianPairIdentity() throws {
        // d/dt KL(p_t ‖ q_t) = −½g² E_{p_t}‖∇log p_t − ∇log q_t‖² for two laws under the same forward SDE
        // (proofs/B.prop3.1.kl-upper.md), so both energies equal differences of closed-form Gaussian KLs,
        // computed without any quadrature. 128 nodes: the integrands are analytic on the intervals (t₀ > 0 on
        // a log grid, or from 0 on a uniform one); tolerance 1e-9 relative to KL(t₀), rounding plus quadrature.
        var random = RandomMixture()
        random.eigenvalueRange = 0.2...4
        random.lowRankProbability = 0
        random.meanSpread = 1
        let stream = RandomStream(seed: 21)
        for trial in 0..<12 {
            let n = 1 + trial % 4
            let p = try random.make(dimension: n, components: 1, stream: stream).components[0]
            let q = try random.make(dimension: n, components: 1, stream: stream).components[0]
            let schedule = NoiseSchedule.allCases[trial % 4]
            let T = schedule.maximumTime.isFinite ? 0.95 : 5.0
            let t0 = trial % 2 == 0 ? 0 : 0.01
            let learned = try ScoreErrorEnergy.gaussianPair(learned: p, target: q, schedule: schedule, path: .learned, from: t0, to: T, timeNodes: 128)
            let ideal = try ScoreErrorEnergy.gaussianPair(learned: p, target: q, schedule: schedule, path: .ideal, from: t0, to: T, timeNodes: 128)
            let forward = try Self.noisedKL(p, q, schedule: schedule, time: t0) - Self.noisedKL(p, q, schedule: schedule, time: T)
            let reverse = try Self.noisedKL(q, p, schedule: schedule, time: t0) - Self.noisedKL(q, p, schedule: schedule, time: T)
            let scale = try Self.noisedKL(p, q, schedule: schedule, time: t0) + Self.noisedKL(q, p, schedule: schedule, time: t0)
            #expect(abs(0.5 * learned.value - forward) <= 1e-9 * scale, "trial \(trial) \(schedule): ½ε̂² = \(0.5 * learned.value), ΔKL = \(forward)")
            #expect(abs(0.5 * ideal.value - reverse) <= 1e-9 * scale, "trial \(trial) \(schedule): ½ε*² = \(0.5 * ideal.value), ΔKL = \(reverse)")
        }
    }

    @Test("B.prop3.1.kl-upper on random mixtures (Monte Carlo): ½ε̂² + KL(p̂_T ‖ q_T) ≥ KL(p̂ ‖ q) within 4 SE, and attained")
    func mixtureInequality() throws {
        // ŝ the exact score of the mixture p̂: the identity makes the bound an equality, so the Monte-Carlo
        // estimates of both sides must agree within 4 combined standard errors (a false failure at a fixed
        // seed is a < 1e-4 event). ou on [0, 8]; the quadrature error (32 nodes; 64 change the energy by less
        // than 1e-3 of its SE) is negligible.
        var random = RandomMixture()
        random.lowRankProbability = 0
        random.eigenvalueRange = 0.3...2
        random.meanSpread = 1
        let stream = RandomStream(seed: 5)
        for trial in 0..<3 {
            let n = 1 + trial
            let p = try random.make(dimension: n, components: 2, stream: stream), q = try random.make(dimension: n, components: 3, stream: stream)
            let T = 8.0
            let energy = try ScoreErrorEnergy.between(learned: p, target: q, schedule: .ou, path: .learned, from: 0, to: T,
                                                      timeNodes: 32, samplesPerNode: 4_000, seed: UInt64(10 + trial))
            #expect(energy.method == .monteCarlo && energy.standardError > 0)
            let kl = try Divergence.evaluate(.kl, from: p, to: q, samples: 200_000, seed: UInt64(20 + trial))
            let s = NoiseSchedule.ou.scale(at: T), gamma2 = NoiseSchedule.ou.gammaSquared(at: T)
            let terminal = try Divergence.evaluate(.kl, from: p.noised(scale: s, noiseVariance: gamma2), to: q.noised(scale: s, noiseVariance: gamma2),
                                                   samples: 200_000, seed: UInt64(30 + trial))
            let bound = 0.5 * energy.value + terminal.value
            let se = (0.25 * energy.standardError * energy.standardError + kl.standardError * kl.standardError
                      + terminal.standardError * terminal.standardError).squareRoot()
            #expect(bound >= kl.value - 4 * se, "trial \(trial): ½ε̂² + KL_T = \(bound) < KL = \(kl.value) − 4·\(se)")
            #expect(abs(bound - kl.value) <= 4 * se, "trial \(trial): the bound \(bound) is attained, KL = \(kl.value) ± \(se)")
        }
    }

    @Test("B.prop3.1.kl-upper with ε*² in place of ε̂² fails on variance inflation: Gaussian (closed form) and a KDE of a mixture (by more than 4 SE)")
    func idealPathFailsOnVarianceInflation() throws {
        // Gaussian: q = N(0, I₂), p̂ = N(0, 2I₂) under ou on [0, 40]: KL − (½ε*² + KL_T) = 2·0.0568528.
        let q = try Self.isotropic(dimension: 2, variance: 1), p = try Self.isotropic(dimension: 2, variance: 2)
        let ideal = try ScoreErrorEnergy.gaussianPair(learned: p, target: q, schedule: .ou, path: .ideal, from: 0, to: 40, timeNodes: 128)
        let kl = try GaussianDivergence.kl(from: p, to: q).value
        #expect(kl - (0.5 * ideal.value + (try Self.noisedKL(p, q, schedule: .ou, time: 40))) > 0.1137)
        // [B]'s KDE at N = ∞: p̂ = q convolved with N(0, h²I), h = 0.8, for a two-component mixture q.
        let mixture = try GaussianMixture(weights: [0.5, 0.5], components: [
            try Gaussian(mean: [-1.5, 0], covariance: .diagonal([0.5, 0.5])),
            try Gaussian(mean: [1.5, 0.5], covariance: Matrix(rowArrays: [[0.6, 0.2], [0.2, 0.4]])),
        ])
        let kde = mixture.noised(scale: 1, noiseVariance: 0.64)
        let T = 8.0
        let wrong = try ScoreErrorEnergy.between(learned: kde, target: mixture, schedule: .ou, path: .ideal, from: 0, to: T,
                                                 timeNodes: 32, samplesPerNode: 4_000, seed: 41)
        let right = try ScoreErrorEnergy.between(learned: kde, target: mixture, schedule: .ou, path: .learned, from: 0, to: T,
                                                 timeNodes: 32, samplesPerNode: 4_000, seed: 42)
        let mixtureKL = try Divergence.evaluate(.kl, from: kde, to: mixture, samples: 200_000, seed: 43)
        let s = NoiseSchedule.ou.scale(at: T), gamma2 = NoiseSchedule.ou.gammaSquared(at: T)
        let terminal = try Divergence.evaluate(.kl, from: kde.noised(scale: s, noiseVariance: gamma2),
                                               to: mixture.noised(scale: s, noiseVariance: gamma2), samples: 200_000, seed: 44)
        func gap(_ energy: ScoreErrorEnergy.Energy) -> (value: Double, se: Double) {
            (mixtureKL.value - 0.5 * energy.value - terminal.value,
             (0.25 * energy.standardError * energy.standardError + mixtureKL.standardError * mixtureKL.standardError
              + terminal.standardError * terminal.standardError).squareRoot())
        }
        let (failing, failingSE) = gap(wrong), (holding, holdingSE) = gap(right)
        #expect(failing > 4 * failingSE, "with ε*²: KL − bound = \(failing) ± \(failingSE) should be > 4 SE")
        #expect(holding <= 4 * holdingSE, "with ε̂²: KL − bound = \(holding) ± \(holdingSE)")
    }

    @Test("Score-error energy of a variance mismatch matches its closed form within Monte-Carlo error (ideal path ε*², B.prop3.3.chi2-lower input)")
    func varianceMismatch() throws {
        // q = N(0, I₃), ŝ the exact score of N(0, 2I₃) under ou: p̂_t = N(0, v_t I) with v_t = 1 + e^{−t}, and
        // ŝ − ∇log q_t = x(1 − 1/v_t), so E_{q_t}‖·‖² = 3(1 − 1/v_t)² and, with w = e^{−t}, b = 1,
        // ∫ (bw/(1+bw))² dt = [log(1 + bw) + 1/(1 + bw)] from w = e^{−T} to w = e^{−t₀}.
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let learned = ExactMixtureScore(data: GaussianMixture(try Self.isotropic(dimension: 3, variance: 2)), schedule: .ou)
        let (t0, T) = (0.01, 8.0)
        func antiderivative(_ w: Double) -> Double { log1p(w) + 1 / (1 + w) }
        let exact = 3 * (antiderivative(exp(-t0)) - antiderivative(exp(-T)))
        let energy = try ScoreErrorEnergy.estimate(.ideal, estimate: learned, truth: truth, from: t0, to: T,
                                                   timeNodes: 24, samplesPerNode: 4000, seed: 11)
        // Quadrature error (the automatic grid is logarithmic here): the 24-node rule applied to the exact
        // integrand 3(1 − 1/v_t)² misses the antiderivative by 1.2e-10, the 48-node rule by 2e-15 (numpy's
        // leggauss; GSL's untabulated 48-node weights add about 1e-12), both far below the standard error
        // ≈ 2e-3; 1e-9 covers them.
        // 5 standard errors make a false failure rarer than 1e-6.
        let finer = try ScoreErrorEnergy.estimate(.ideal, estimate: learned, truth: truth, from: t0, to: T,
                                                  timeNodes: 48, samplesPerNode: 4000, seed: 11)
        #expect(energy.standardError > 0)
        #expect(abs(energy.value - exact) <= 5 * energy.standardError + 1e-9, "\(energy) vs \(exact)")
        #expect(abs(finer.value - exact) <= 5 * finer.standardError + 1e-9, "\(finer) vs \(exact)")
        // The closed-form integrand with 64 nodes (tabulated by GSL): the antiderivative up to rounding.
        let closed = try ScoreErrorEnergy.gaussianPair(learned: try Self.isotropic(dimension: 3, variance: 2), target: Self.standard.components[0],
                                                       schedule: .ou, path: .ideal, from: t0, to: T, timeNodes: 64)
        #expect(abs(closed.value - exact) <= 1e-12 * exact, "closed form \(closed.value) vs \(exact)")
        // Same seed, same bits.
        let again = try ScoreErrorEnergy.estimate(.ideal, estimate: learned, truth: truth, from: t0, to: T,
                                                  timeNodes: 24, samplesPerNode: 4000, seed: 11)
        #expect(again == energy)
    }

    @Test("Score-error energy: the KDE's learned path (its sampler pushed forward) matches the law's noised mixture within Monte-Carlo error")
    func pushedForwardMatchesNoisedLaw() throws {
        // The same energy through both `NoisedLaw` constructions of one small mixture: the draws differ, the
        // law does not, so the two estimates agree within 5 combined standard errors.
        let law = try GaussianMixture(weights: [0.3, 0.7], components: [
            try Gaussian(mean: [1, 0], covariance: .diagonal([0.4, 0.4])), try Gaussian(mean: [-1, 1], covariance: .diagonal([0.4, 0.4])),
        ])
        let truth = ExactMixtureScore(data: GaussianMixture(try Gaussian(mean: [0, 0], covariance: .identity(2))), schedule: .ou)
        let estimate = ExactMixtureScore(data: law, schedule: .ou)
        let noised = try ScoreErrorEnergy.estimate(.learned, estimate: estimate, learnedLaw: .noised(law, schedule: .ou), truth: truth,
                                                   from: 0.02, to: 4, timeNodes: 12, samplesPerNode: 4_000, seed: 1)
        let pushed = try ScoreErrorEnergy.estimate(.learned, estimate: estimate,
                                                   learnedLaw: .pushedForward(schedule: .ou) { law.sample(count: $0, stream: $1) },
                                                   truth: truth, from: 0.02, to: 4, timeNodes: 12, samplesPerNode: 4_000, seed: 2)
        let se = (noised.standardError * noised.standardError + pushed.standardError * pushed.standardError).squareRoot()
        #expect(abs(noised.value - pushed.value) <= 5 * se, "\(noised.value) vs \(pushed.value) ± \(se)")
    }

    @Test("Score-error energy rejects a schedule mismatch, t₀ ≥ T, a log grid from 0, one sample per node, and a learned path without a law")
    func badArguments() throws {
        let truth = ExactMixtureScore(data: Self.standard, schedule: .ou)
        let other = ExactMixtureScore(data: Self.standard, schedule: .ve)
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(.ideal, estimate: other, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(.ideal, estimate: truth, truth: truth, from: 2, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(.ideal, estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0, spacing: .logarithmic) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(.ideal, estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 1, seed: 0) }
        #expect(throws: InputError.self) { try ScoreErrorEnergy.estimate(.learned, estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0) }
        #expect(throws: InputError.self) {
            try ScoreErrorEnergy.gaussianPair(learned: try Self.isotropic(dimension: 2, variance: 1), target: Self.standard.components[0],
                                              schedule: .ou, path: .learned, from: 0, to: 1, timeNodes: 4)
        }
        #expect(try ScoreErrorEnergy.estimate(.ideal, estimate: truth, truth: truth, from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0).value == 0)
        #expect(try ScoreErrorEnergy.estimate(.learned, estimate: truth, learnedLaw: .noised(Self.standard, schedule: .ou), truth: truth,
                                              from: 0, to: 1, timeNodes: 4, samplesPerNode: 4, seed: 0).value == 0)
    }
}
