import Foundation
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// The laws of one round of [B, §3]'s recursive training at population level, shared by the `one-round` and
/// `retraining` scenarios: the random target p, the perturbation that makes the current law p̂ⁱ, the
/// training law q = αp + (1−α)p̂ⁱ, and the population estimators that map q to p̂^{i+1}.
///
/// Every law is a Gaussian mixture in closed form, so a divergence between two of them is exact where the
/// library has a closed form and Monte Carlo with a standard error otherwise (proofs/core.scenarios.md).
enum RoundLaws {
    /// The target p: `components` full-rank Gaussians in ℝⁿ (Haar eigenvectors, eigenvalues log-uniform in
    /// [0.3, 3], means N(0, I), weights uniform in [0.2, 1]) from substream 0 of `seed`.
    static func target(dimension n: Int, components: Int, seed: Int) throws -> GaussianMixture {
        try RandomMixture.roundTarget.make(dimension: n, components: components, stream: RandomStream(seed: UInt64(seed)).substream(0))
    }

    /// A uniform unit vector of ℝⁿ from substream `index` of `seed` (index 1: the current law's shift; 2: the
    /// estimator's shift; 3: the extra component).
    static func direction(dimension n: Int, seed: Int, index: UInt64) -> [Double] {
        let draw = RandomStream(seed: UInt64(seed)).substream(index).gaussians(n)
        let norm = draw.euclideanNorm
        return norm > 0 ? draw.map { $0 / norm } : [1] + [Double](repeating: 0, count: n - 1)
    }

    /// How the current law p̂ⁱ is drawn from p, with size a ∈ [0, 1] (`perturbation`); a = 0 gives p̂ⁱ = p.
    enum Current: String, CaseIterable {
        /// Every component's mean moved by a·u (u a unit vector from the seed).
        case meanShift = "mean-shift"
        /// Every component's covariance multiplied by 1 + a (χ²(p̂ⁱ ‖ p) finite since 1 + a < 2 for a < 1).
        case varianceScale = "variance-scale"
        /// (1 − a/2)·p + (a/2)·N(m, S), the extra Gaussian drawn like a component of p with its mean spread 2.
        case extraComponent = "extra-component"
        /// [B]'s KDE of p at N = ∞: p * N(0, a²I).
        case kde

        func apply(to p: GaussianMixture, size a: Double, seed: Int) throws -> GaussianMixture {
            switch self {
            case .meanShift:
                return try RoundLaws.shifted(p, by: a * RoundLaws.direction(dimension: p.dimension, seed: seed, index: 1))
            case .varianceScale:
                return try RoundLaws.scaled(p, covarianceBy: 1 + a)
            case .extraComponent:
                guard a > 0 else { return p }
                var spread = RandomMixture.roundTarget
                spread.meanSpread = 2
                let extra = try spread.make(dimension: p.dimension, components: 1,
                                            stream: RandomStream(seed: UInt64(seed)).substream(3)).components[0]
                return try GaussianMixture(weights: p.weights.map { (1 - a / 2) * $0 } + [a / 2], components: p.components + [extra])
            case .kde:
                return p.noised(scale: 1, sigma: a)
            }
        }
    }

    /// The population estimator that maps the training law q to p̂^{i+1}.
    enum Estimator: String, CaseIterable {
        /// p̂^{i+1} = q.
        case exact
        /// The Gaussian with q's mean and covariance (maximum likelihood at N = ∞).
        case gaussianFit = "gaussian-fit"
        /// [B]'s KDE with bandwidth h at N = ∞: q * N(0, h²I).
        case kde
        /// Every component's covariance multiplied by c, means kept.
        case varianceScale = "variance-scale"
        /// q moved by δ·u (u a unit vector from the seed).
        case meanShift = "mean-shift"

        /// p̂^{i+1} from q, with the estimator parameters h, c and δ (each used by one estimator only).
        func apply(to q: GaussianMixture, h: Double, c: Double, delta: Double, seed: Int) throws -> GaussianMixture {
            switch self {
            case .exact: return q
            case .gaussianFit: return GaussianMixture(try Gaussian(mean: q.mean, covariance: q.covariance.symmetrised))
            case .kde: return q.noised(scale: 1, sigma: h)
            case .varianceScale: return try RoundLaws.scaled(q, covarianceBy: c)
            case .meanShift: return try RoundLaws.shifted(q, by: delta * RoundLaws.direction(dimension: q.dimension, seed: seed, index: 2))
            }
        }
    }

    /// q = αp + (1−α)p̂ⁱ as one mixture (the components of p, then those of p̂ⁱ); p itself when α = 1.
    static func training(target p: GaussianMixture, current: GaussianMixture, alpha: Double) throws -> GaussianMixture {
        guard alpha < 1 else { return p }
        return try GaussianMixture(weights: p.weights.map { alpha * $0 } + current.weights.map { (1 - alpha) * $0 },
                                   components: p.components + current.components)
    }

    /// The mixture with every mean moved by `shift`.
    static func shifted(_ law: GaussianMixture, by shift: [Double]) throws -> GaussianMixture {
        try GaussianMixture(weights: law.weights,
                            components: law.components.map { try Gaussian(mean: $0.mean.adding(shift), covariance: $0.covariance) })
    }

    /// The mixture with every component's covariance multiplied by `factor` > 0.
    static func scaled(_ law: GaussianMixture, covarianceBy factor: Double) throws -> GaussianMixture {
        try GaussianMixture(weights: law.weights,
                            components: law.components.map { try Gaussian(mean: $0.mean, covariance: (factor * $0.covariance).symmetrised) })
    }
}

extension RandomMixture {
    /// The draws of `RoundLaws.target`: full-rank components, eigenvalues in [0.3, 3], means N(0, I).
    static var roundTarget: RandomMixture {
        var random = RandomMixture()
        random.eigenvalueRange = 0.3...3
        random.lowRankProbability = 0
        random.meanSpread = 1
        return random
    }
}
