import ScoreErrors
import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Closed-form identities of the library checked against an independent computation on random models
/// (dimensions 1–6, 1–4 components, every schedule, times across it).
extension ClaimCheckRegistry {
    static let identities: [ClaimCheck] = [tweedie, moLRGDenoiser, pcaIdentity, reconstructionCorrelation,
                                           klNearIdentity, chiSquaredNearIdentity, wassersteinNearIdentity]

    private static let components = CheckParameter.integer("components", 1, 4)
    private static let schedule = CheckParameter.integer("schedule", 0, 3)
    private static let timeFraction = CheckParameter("time-fraction", 0...1)
    private static let modelSeed = CheckParameter.integer("model-seed", 0, 999_999)

    /// The parameters of a random denoiser case: dimension, components, schedule, time and model seed.
    private static func denoiserCase(dimensions: ClosedRange<Int>) -> [CheckParameter] {
        [.integer("dimension", dimensions.lowerBound, dimensions.upperBound), components, schedule, timeFraction, modelSeed]
    }

    /// The model stream, schedule and time of a denoiser case.
    private static func setting(_ p: ClaimCheck.Point) -> (stream: RandomStream, schedule: NoiseSchedule, time: Double) {
        let (schedule, time) = CheckModels.scheduleAndTime(index: p["schedule"]!, fraction: p["time-fraction"]!)
        return (RandomStream(seed: UInt64(p["model-seed"]!)), schedule, time)
    }

    /// `tweedieDenoise` (Tweedie's formula on the spectral score) against Σ_k w_k E_k[x₀ | x_t], each component's posterior mean
    /// μ + sΣ(s²Σ + γ²I)⁻¹(x − sμ) by a dense Cholesky solve and w_k from `responsibilities` of p_t.
    static let tweedie = ClaimCheck(
        key: "core.tweedie",
        summary: "E[x₀|x_t] by Tweedie vs Gaussian conditioning per component, 4 points of p_t (relative tolerance 1e-8)",
        parameters: denoiserCase(dimensions: 1...6)
    ) { p in
        let (stream, schedule, time) = setting(p)
        let data = try RandomMixture().make(dimension: Int(p["dimension"]!), components: Int(p["components"]!), stream: stream)
        let score = ExactMixtureScore(data: data, schedule: schedule)
        let marginal = try score.marginal(at: time)
        let points = marginal.sample(count: 4, stream: stream)
        let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
        let weights = try marginal.responsibilities(points)
        var conditioned = Matrix(rows: points.rows, columns: data.dimension)
        for (k, component) in data.components.enumerated() {
            let factor = try CholeskyFactorization(((s * s) * component.covariance).addingToDiagonal(gamma * gamma))
            for i in 0..<points.rows {
                let mean = component.mean.adding(s * (component.covariance * (try factor.solve(points.row(i) - s * component.mean))))
                for j in 0..<data.dimension { conditioned[i, j] += weights[i, k] * mean[j] }
            }
        }
        return CheckModels.relativeDifference(try score.tweedieDenoise(points, time: time), conditioned) / 1e-8
    }

    /// [C]'s closed-form low-rank denoiser against the general mixture denoiser on the same MoLRG.
    static let moLRGDenoiser = ClaimCheck(
        key: "C.molrg-denoiser",
        summary: "LowRankMixture.posteriorMean vs ExactMixtureScore.denoise on a random MoLRG, 4 points (relative tolerance 1e-9)",
        parameters: denoiserCase(dimensions: 2...6)
    ) { p in
        let (stream, schedule, time) = setting(p)
        let n = Int(p["dimension"]!)
        let bases = try (0..<Int(p["components"]!)).map { _ in
            try Matrix.randomOrthonormal(rows: n, columns: 1 + stream.integer(below: n / 2), stream: stream)
        }
        let mixture = try LowRankMixture(bases: bases, weights: bases.map { _ in 0.2 + stream.uniform() })
        let general = ExactMixtureScore(data: mixture.gaussianMixture, schedule: schedule)
        let points = try general.marginal(at: time).sample(count: 4, stream: stream)
        let closedForm = try mixture.posteriorMean(points, schedule: schedule, time: time)
        return CheckModels.relativeDifference(closedForm, try general.denoise(points, time: time)) / 1e-9
    }

    /// docs/theory.md §1, K = 1 (VE): E_g‖x − D_t(x + tg)‖² with D_t the library's one-subspace denoiser, the
    /// expectation by the degree-3 cubature E f(g) = (1/2n) Σᵢ f(±√n eᵢ) (exact for quadratics), against
    /// ‖x − VVᵀx/(1+t²)‖² + t²d/(1+t²)².
    static let pcaIdentity = ClaimCheck(
        key: "C.pca-k1.identity",
        summary: "E_g‖x − D_t(x+tg)‖² (cubature on the MoLRG denoiser, K = 1, ve) = ‖x − VVᵀx/(1+t²)‖² + t²d/(1+t²)² (tolerance 1e-9)",
        parameters: [.integer("dimension", 1, 6), .integer("rank", 1, 6), .logReal("time", 1e-2...10), modelSeed],
        assumptions: { $0["rank"]! <= $0["dimension"]! }
    ) { p in
        let n = Int(p["dimension"]!), d = Int(p["rank"]!), t = p["time"]!
        guard d <= n else { return nil }
        let stream = RandomStream(seed: UInt64(p["model-seed"]!))
        let basis = try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream)
        let x = stream.gaussians(n)
        var noisy = Matrix(rows: 2 * n, columns: n)
        for i in 0..<(2 * n) {
            for j in 0..<n { noisy[i, j] = x[j] + (j == i / 2 ? (i % 2 == 0 ? 1 : -1) * t * Double(n).squareRoot() : 0) }
        }
        let denoised = try LowRankMixture(bases: [basis]).posteriorMean(noisy, schedule: .ve, time: t)
        let lhs = (0..<(2 * n)).map { (x - denoised.row($0)).dot(x - denoised.row($0)) }.reduce(0, +) / Double(2 * n)
        let projected = basis * (basis.transposed * x)
        let residual = x - (1 / (1 + t * t)) * projected
        let rhs = residual.dot(residual) + t * t * Double(d) / ((1 + t * t) * (1 + t * t))
        return ClaimRatio.identity(lhs, rhs, tolerance: 1e-9)
    }

    /// [E]'s correlation formulas (docs/theory.md §5) for both reverse dynamics on 1-D Gaussian data N(m, v), every
    /// schedule: the closed form s√v/√(s²v+γ²) (ODE) or s²v/(s²v+γ²) (SDE) against the continuous-time moment
    /// equations integrated by `ReverseDynamicsMoments` (400 RK4 steps), which must also return E x̂₀ = m and
    /// Var x̂₀ = v; for the SDE, the correlation also equals s·∂E[x₀|x_t]/∂x_t with the slope of the
    /// library's Tweedie denoiser (x̂₀ ~ p(x₀ | x_t)).
    /// Tolerance 1e-6: the RK4 error measured over the parameter box is below 5e-8 at 400 steps and falls as
    /// h⁴ (1e-11 at 4000 steps), so 1e-6 leaves a margin of 20 while a wrong formula misses by ≥ 1e-3.
    static let reconstructionCorrelation = ClaimCheck(
        key: "E.reconstruction-correlation",
        summary: "corr(x₀, x̂₀) closed form vs moment equations of the reverse ODE/SDE (RK4), E x̂₀ = m, Var x̂₀ = v, and the SDE's Tweedie slope (tolerance 1e-6)",
        parameters: [.integer("stochastic", 0, 1), schedule, timeFraction,
                     .logReal("variance", 0.05...20), CheckParameter("mean", -3...3)]
    ) { p in
        let (schedule, time) = CheckModels.scheduleAndTime(index: p["schedule"]!, fraction: p["time-fraction"]!)
        let stochastic = p["stochastic"]! == 1, v = p["variance"]!, m = p["mean"]!
        let tolerance = 1e-6
        let formula = ReverseDynamicsMoments.correlationFormula(schedule: schedule, stochastic: stochastic, variance: v, time: time)
        let moments = ReverseDynamicsMoments(schedule: schedule, stochastic: stochastic, mean: m, variance: v, time: time)
        var ratios = [ClaimRatio.identity(moments.correlation(dataVariance: v), formula, tolerance: tolerance),
                      ClaimRatio.identity(moments.mean, m, tolerance: tolerance),
                      ClaimRatio.identity(moments.variance / v, 1, tolerance: tolerance)]
        if stochastic {
            let data = GaussianMixture(try Gaussian(mean: [m], covariance: Matrix(rowArrays: [[v]])))
            let s = schedule.scale(at: time)
            let denoised = try ExactMixtureScore(data: data, schedule: schedule).denoise(Matrix(rowArrays: [[s * m], [s * m + 1]]), time: time)
            ratios.append(ClaimRatio.identity(s * (denoised[1, 0] - denoised[0, 0]), formula, tolerance: tolerance))
        }
        return ratios.max()!
    }

    /// A close pair for the near-identity checks: Q a random Gaussian (`RandomMixture`, one component, full or
    /// low-rank with a noise floor), Σ_P = Σ_Q + ε·λ_min·E with E symmetric, ‖E‖_F = 1, μ_P = μ_Q + ε·√λ_min·g
    /// with ‖g‖ = 1, so ‖Σ_Q^{−½}(Σ_P − Σ_Q)Σ_Q^{−½}‖ ≤ ε. Returns the laws, the stored difference Δ = Σ_P − Σ_Q
    /// (exact: the entries agree to within a factor 2), d = μ_P − μ_Q and a Cholesky factor of Σ_Q.
    private static func closePair(_ p: ClaimCheck.Point) throws -> (p: Gaussian, q: Gaussian, difference: Matrix, d: [Double], factor: CholeskyFactorization) {
        let n = Int(p["dimension"]!), epsilon = p["perturbation"]!
        let stream = RandomStream(seed: UInt64(p["model-seed"]!))
        let q = try RandomMixture().make(dimension: n, components: 1, stream: stream).components[0]
        let spectrum = q.spectrum
        let smallest = min(spectrum.eigenvalues.min() ?? .infinity, spectrum.spansSpace ? .infinity : spectrum.complementVariance)
        let raw = stream.gaussians(n * n), direction = stream.gaussians(n)
        var e = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { e[i, j] = raw[i * n + j] + raw[j * n + i] } }
        let scale = epsilon * smallest / e.frobeniusNorm
        var covariance = q.covariance
        for i in 0..<n { for j in 0..<n { covariance[i, j] += scale * e[i, j] } }
        let shift = epsilon * smallest.squareRoot() / direction.euclideanNorm
        let close = try Gaussian(mean: zip(q.mean, direction).map { $0 + shift * $1 }, covariance: covariance)
        return (close, q, close.covariance - q.covariance, close.mean - q.mean, try CholeskyFactorization(q.covariance.symmetrised))
    }

    /// The parameters of a near-identity check: dimension, relative perturbation ε in `range`, model seed.
    private static func nearIdentityCase(_ range: ClosedRange<Double>) -> [CheckParameter] {
        [.integer("dimension", 1, 6), .logReal("perturbation", range), modelSeed]
    }

    /// A = Σ_Q⁻¹Δ (by the Cholesky factor) and its powers A⁰ … A^count.
    private static func powers(of difference: Matrix, _ factor: CholeskyFactorization, count: Int) throws -> [Matrix] {
        let a = try factor.solve(difference)
        var result = [Matrix.identity(difference.rows)]
        for _ in 0..<count { result.append(Matrix.product(result.last!, a)) }
        return result
    }

    /// `GaussianDivergence.kl` between close Gaussians against the series in A = Σ_Q⁻¹Δ, which has no cancellation:
    /// KL = ½ Σ_{k=2}^{6} (−1)^k tr(A^k)/k + ½ dᵀΣ_Q⁻¹d (the omitted terms are below ε⁵ relative). Tolerance 1e-8
    /// relative, the precision goal near identity; the pre-whitening formula missed it by 50× at ε = 1e-9.
    static let klNearIdentity = ClaimCheck(
        key: "core.kl.near-identity",
        summary: "KL between Gaussians with Σ_P = Σ_Q + O(ε), ε = 1e-9…1e-5, vs the series ½Σ(−1)^k tr((Σ_Q⁻¹Δ)^k)/k (relative tolerance 1e-8)",
        parameters: nearIdentityCase(1e-9...1e-5)
    ) { p in
        let pair = try closePair(p)
        let a = try powers(of: pair.difference, pair.factor, count: 6)
        var series = 0.0
        for k in 2...6 { series += (k % 2 == 0 ? 1 : -1) * a[k].trace / Double(k) }
        let reference = 0.5 * (series + pair.d.dot(try pair.factor.solve(pair.d)))
        let computed = try GaussianDivergence.kl(from: pair.p, to: pair.q).value
        return abs(computed - reference) / (1e-8 * reference)
    }

    /// `GaussianDivergence.chiSquared` between close Gaussians against expm1 of the series
    /// log(1 + χ²) = ½ Σ_{k=1}^{3} tr(A^{2k})/k + Σ_{k=0}^{6} dᵀA^kΣ_Q⁻¹d, A = Σ_Q⁻¹Δ ((2Σ_Q − Σ_P)⁻¹ = Σ A^kΣ_Q⁻¹;
    /// omitted terms below ε⁶ relative). Tolerance 1e-8 relative, the precision goal near identity.
    static let chiSquaredNearIdentity = ClaimCheck(
        key: "core.chi2.near-identity",
        summary: "χ² between Gaussians with Σ_P = Σ_Q + O(ε), ε = 1e-9…1e-5, vs expm1 of the series ½Σ tr((Σ_Q⁻¹Δ)^{2k})/k + mean term (relative tolerance 1e-8)",
        parameters: nearIdentityCase(1e-9...1e-5)
    ) { p in
        let pair = try closePair(p)
        let a = try powers(of: pair.difference, pair.factor, count: 6)
        var logMoment = 0.0
        for k in 1...3 { logMoment += 0.5 * a[2 * k].trace / Double(k) }
        let pulled = try pair.factor.solve(pair.d)
        for k in 0...6 { logMoment += pair.d.dot(a[k] * pulled) }
        let reference = expm1(logMoment)
        let computed = try GaussianDivergence.chiSquared(from: pair.p, to: pair.q).value
        return abs(computed - reference) / (1e-8 * reference)
    }

    /// `GaussianDivergence.wasserstein2` between close Gaussians against the second-order Bures form
    /// W₂² = ‖d‖² + ½ tr(LΔ) + O(ε³), Σ_QL + LΣ_Q = Δ (the Lyapunov equation, solved as an n²×n² SPD system by
    /// Cholesky). Tolerance 1e-6 relative on W₂, the precision goal near identity; ε ≤ 1e-7 keeps the omitted
    /// third-order term (≈ ε relative) 10× below it.
    static let wassersteinNearIdentity = ClaimCheck(
        key: "core.w2.near-identity",
        summary: "W₂ between Gaussians with Σ_P = Σ_Q + O(ε), ε = 1e-9…1e-7, vs √(‖d‖² + ½tr(LΔ)), Σ_QL + LΣ_Q = Δ (relative tolerance 1e-6)",
        parameters: nearIdentityCase(1e-9...1e-7)
    ) { p in
        let pair = try closePair(p)
        let n = pair.d.count, covariance = pair.q.covariance.symmetrised
        var kronecker = Matrix(rows: n * n, columns: n * n)
        for i in 0..<n {
            for j in 0..<n {
                for k in 0..<n {
                    kronecker[i * n + j, k * n + j] += covariance[i, k]
                    kronecker[i * n + j, i * n + k] += covariance[k, j]
                }
            }
        }
        let lyapunov = try CholeskyFactorization(kronecker).solve(pair.difference.elements)
        let bures = 0.5 * lyapunov.dot(pair.difference.elements)
        let reference = (pair.d.dot(pair.d) + bures).squareRoot()
        let computed = try GaussianDivergence.wasserstein2(pair.p, pair.q).value
        return abs(computed - reference) / (1e-6 * reference)
    }

    /// Deliberately false variants, hidden from `all`:
    /// - [B, Prop 3.3] with the factor ¼ replaced by 4: ηε*²·4 − Cε*⁴, false for small ε*² (e^x − 1 < 4x);
    /// - [B, Prop 3.1] with the ideal-path ε*² in place of the learned-path ε̂² (the energy the toolkit used to
    ///   plug in): with ŝ the exact score of p̂, ½ε*² = KL(q ‖ p̂) − KL(q_T ‖ p̂_T) and ½ε̂² = KL(p̂ ‖ q) − KL(p̂_T ‖ q_T),
    ///   so the twin claims KL(p̂ ‖ q) − KL(p̂_T ‖ q_T) ≤ KL(q ‖ p̂) − KL(q_T ‖ p̂_T), false for a variance inflation
    ///   (p̂ wider than q, [B]'s KDE); it holds with equality for a pure mean shift, the only case the check of
    ///   `B.prop3.1.kl-upper` used to draw.
    static let falseVariants: [ClaimCheck] = [
        ClaimCheck(
            key: "B.prop3.3.chi2-lower.false-factor-4",
            summary: "deliberately false: χ²(N(δ, I) ‖ N(0, I)) ≥ 4ηε*² − Cε*⁴ (η = 1)",
            parameters: chiSquaredParameters, fixed: ["eta": 1], hidden: true
        ) { p in
            guard let trueLower = try bound("B.prop3.3.chi2-lower", p, fixed: ["eta": 1]).lower else { return nil }
            let chi2 = try meanShiftChiSquared(p, squaredShift: p["epsilon-star-squared"]!)
            return ClaimRatio.lower(measured: chi2, bound: trueLower + (4 - 0.25) * p["epsilon-star-squared"]!)
        },
        ClaimCheck(
            key: "B.prop3.1.kl-upper.false-ideal-path",
            summary: "deliberately false: KL(p̂ ‖ q) ≤ ½ε*² + KL(p̂_T ‖ q_T) with the ideal-path ε*² (expectation under q_t) in place of ε̂²",
            parameters: klUpper.parameters, fixed: ["convention": 0.5], hidden: true,
            evaluation: { try klUpperEvaluation($0, path: .ideal) }
        ),
    ]
}
