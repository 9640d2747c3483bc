import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Small exact models drawn by the claim checks, each from a `model-seed` so that a case is reproducible
/// from its printed parameters.
enum CheckModels {
    /// A uniform unit vector in ℝⁿ from `seed`.
    static func direction(dimension n: Int, seed: Double) -> [Double] {
        let draw = RandomStream(seed: UInt64(seed)).gaussians(n)
        let norm = draw.euclideanNorm
        return norm > 0 ? draw.map { $0 / norm } : [1] + [Double](repeating: 0, count: n - 1)
    }

    /// N(δ, Iₙ) and N(0, Iₙ) with ‖δ‖² = `squaredShift` in a random direction: the Gaussian mean shift under
    /// `ou`, the equality case of [B, Prop 3.1] with score-error energy ε² = ‖δ‖² and observability η = 1
    /// (see `MeanShiftRecursion`).
    static func meanShift(dimension n: Int, squaredShift: Double, seed: Double) throws -> (shifted: Gaussian, reference: Gaussian) {
        let mean = squaredShift.squareRoot() * direction(dimension: n, seed: seed)
        return (try Gaussian(mean: mean, covariance: .identity(n)), try Gaussian(mean: [Double](repeating: 0, count: n), covariance: .identity(n)))
    }

    /// The Gaussian pair of `B.prop3.1.kl-upper`'s check: q = N(μ, Σ) with Σ random (Haar eigenvectors,
    /// eigenvalues log-uniform in [0.3, 3], from `seed`) and μ ~ N(0, I), and the learned law
    /// p̂ = N(μ + δ, cΣ + h²I) with ‖δ‖² = `squaredShift` in a random direction: a mean shift (c = 1, h = 0),
    /// a variance change (c ≠ 1), [B]'s KDE at N = ∞ (q convolved with N(0, h²I): a variance inflation), or
    /// any combination.
    static func learnedPair(dimension n: Int, squaredShift: Double, varianceScale c: Double, bandwidth h: Double,
                            seed: Double) throws -> (learned: Gaussian, target: Gaussian) {
        var random = RandomMixture()
        random.eigenvalueRange = 0.3...3
        random.lowRankProbability = 0
        random.meanSpread = 1
        let target = try random.make(dimension: n, components: 1, stream: RandomStream(seed: UInt64(seed))).components[0]
        let shift = squaredShift.squareRoot() * direction(dimension: n, seed: seed + 1)
        let learned = try Gaussian(mean: target.mean.adding(shift), covariance: (c * target.covariance).addingToDiagonal(h * h).symmetrised)
        return (learned, target)
    }

    /// The schedule with index `index` (0…3) and a time spread over its useful range from u ∈ [0, 1]
    /// (up to 0.98 of the end of `vp`/`cosine`, up to 4 for `ve`/`ou`; never below 1 % of that).
    static func scheduleAndTime(index: Double, fraction u: Double) -> (NoiseSchedule, Double) {
        let schedule = NoiseSchedule.allCases[Int(index) % NoiseSchedule.allCases.count]
        let end = schedule.maximumTime.isFinite ? 0.98 * schedule.maximumTime : 4
        return (schedule, end * (0.01 + 0.99 * u))
    }

    /// One round of moment matching for the Gaussian family with infinite samples [A]: the Gaussian with the
    /// mean and covariance of (p_data + λ p_θ)/(1+λ), computed by `GaussianMixture`.
    static func refit(data: Gaussian, model: Gaussian, lambda: Double) throws -> Gaussian {
        let pooled = try GaussianMixture(weights: [1, lambda], components: [data, model])
        return try Gaussian(mean: pooled.mean, covariance: pooled.covariance)
    }

    /// The uncentred second moment Σ + μμᵀ.
    static func secondMoment(_ g: Gaussian) -> Matrix {
        var moment = g.covariance
        for i in 0..<g.dimension { for j in 0..<g.dimension { moment[i, j] += g.mean[i] * g.mean[j] } }
        return moment
    }

    /// max |aᵢⱼ − bᵢⱼ| / max(1, max |bᵢⱼ|).
    static func relativeDifference(_ a: Matrix, _ b: Matrix) -> Double {
        let scale = max(1, b.elements.map(abs).max() ?? 0)
        return zip(a.elements, b.elements).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }
}
