import Foundation
import Synchronization
import CNumerics
import Diffusion
import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

/// The score-error energy of an estimated score along a path of laws [B, §3]:
/// ```
/// ε̂² = ∫_{t₀}^{T} g(t)² · E_{x∼p̂_t} ‖ŝ(x, t) − ∇log q_t(x)‖² dt      (learned path)
/// ε*² = ∫_{t₀}^{T} g(t)² · E_{x∼q_t} ‖ŝ(x, t) − ∇log q_t(x)‖² dt      (ideal path)
/// ```
/// q_t is the noised law of the target mixture (`ExactMixtureScore.marginal(at:)`), p̂_t the noised law of the
/// learned model (the law whose exact score ŝ is, for the Gaussian fit, the KDE and the low-rank fit), and g²
/// the squared diffusion coefficient of the schedule (`NoiseSchedule.diffusionSquared(at:)`).
///
/// Which energy a bound takes. The Girsanov theorem for dX = f dt + g dB gives, on path space,
/// KL(P̂ ‖ Q) = KL(p̂_T ‖ q_T) + ½ε̂², so [B, Prop 3.1] reads KL(p̂ ‖ q) ≤ ½ε̂² + KL(p̂_T ‖ q_T) with the
/// *learned* path; the reverse direction KL(q ‖ p̂) ≤ KL(q_T ‖ p̂_T) + ½ε*² takes the *ideal* path, as do
/// [B, Prop 3.3, Thm 3.4], the recursion and [B, Prop 4.1]. When ŝ is the exact score of p̂ both are
/// equalities at t₀ = 0 (d/dt KL(p_t ‖ q_t) = −½g² E_{p_t}‖∇log p_t − ∇log q_t‖²; proofs/B.prop3.1.kl-upper.md).
/// The two energies differ whenever the error depends on x: under `ou` with q = N(0, σ²), p̂ = N(0, 2σ²),
/// t₀ = 0, T → ∞, ½ε̂² = KL(p̂ ‖ q) = ½(1 − ln 2) = 0.153426 while ½ε*² = KL(q ‖ p̂) = ½(ln 2 − ½) = 0.096574.
///
/// Time integral. GSL's fixed-order Gauss–Legendre rule (`gsl_integration_glfixed`) with `timeNodes` nodes,
/// on t itself (`uniform`) or on u = log t (`logarithmic`, dt = t du), which puts most nodes near t₀ where the
/// integrand of a learned score is steep (it grows like 1/t for a KDE or a memorising score). The rule is
/// exact for polynomials of degree 2·timeNodes − 1 in the integration variable and converges geometrically for
/// integrands analytic near the interval. The quadrature error is not part of the standard error (check it by
/// doubling `timeNodes`). GSL tabulates the orders 2…20, 32, 64, 96, 100, 128, 256, 512 and 1024 to full
/// precision; other orders come from a Newton iteration that GSL stops at a step of 1e-10, and their weights
/// carry relative errors of about 1e-12 (48 nodes), 1e-11 (80) and 2e-10 (200) (measured: Σw − 2 and
/// ∫eˣ on [−1, 1]). Where that matters, use a tabulated order.
///
/// Expectation at each node.
/// - Closed form (`gaussianPair`), for a Gaussian p̂ = N(μ̂, Σ̂) with its exact score and a Gaussian
///   q = N(μ, Σ): both scores are affine, p̂_t = N(μ̂_t, Σ̂_t) and q_t = N(μ_t, Σ_t) (μ_t = sμ, Σ_t = s²Σ + γ²I),
///   and with A = Σ̂_t⁻¹, B = Σ_t⁻¹, ŝ − s = −(A − B)(x − μ̂_t) + B(μ̂_t − μ_t) = −(A − B)(x − μ_t) + A(μ̂_t − μ_t):
///   ```
///   E_{p̂_t}‖ŝ − s‖² = tr((A − B) Σ̂_t (A − B)) + ‖B(μ̂_t − μ_t)‖²
///   E_{q_t}‖ŝ − s‖² = tr((A − B) Σ_t (A − B)) + ‖A(μ̂_t − μ_t)‖²
///   ```
/// - Monte Carlo otherwise: the mean of ‖ŝ − s‖² over `samplesPerNode` exact draws of the path's law at the
///   node, node j drawing from `RandomStream(seed).substream(j)`, so the result does not depend on the number
///   of threads. The standard error combines the per-node sample variances, √(Σ_j (w_j g_j²)² s_j²/M).
///
/// Properties: ε̂², ε*² ≥ 0; both are 0 when ŝ is the exact score of q. Under `ou` with q = N(0, I) and ŝ the
/// exact score of N(μ, I), the integrand is ‖μ‖²e^{−t} on both paths (constant in x), and ½ε² over [0, T]
/// plus the terminal KL e^{−T}‖μ‖²/2 equals KL(N(μ,I) ‖ N(0,I)) = ‖μ‖²/2.
public enum ScoreErrorEnergy {
    /// The law the expectation at time t is taken under.
    /// Gauss–Legendre nodes of the time integral when none are given (`divergence --metric score-energy`);
    /// 64 is one of the orders GSL tabulates to full precision.
    public static let defaultTimeNodes = 64

    public enum Path: String, Sendable, CaseIterable {
        /// p̂_t, the learned model's noised law: ε̂², the energy of [B, Prop 3.1].
        case learned
        /// q_t, the target's noised law: ε*², the energy of [B, Prop 3.3, Thm 3.4, Prop 4.1] and the recursion.
        case ideal

        /// `ε̂²` or `ε*²`.
        public var symbol: String { self == .learned ? "ε̂²" : "ε*²" }

        /// Parses `learned` or `ideal`.
        /// - Throws: `InputError` naming `--path`.
        public init(name: String) throws {
            guard let path = Path(rawValue: name.lowercased()) else {
                throw InputError(source: "--path", field: "",
                                 reason: "unknown path '\(name)'; expected one of \(Path.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self = path
        }
    }

    /// The integration variable of the Gauss–Legendre rule.
    public enum Spacing: String, Sendable, CaseIterable {
        /// Nodes in t on [t₀, T].
        case uniform
        /// Nodes in u = log t on [log t₀, log T] (requires t₀ > 0).
        case logarithmic
        /// `logarithmic` when t₀ > 0, else `uniform`.
        case automatic
    }

    /// Exact draws of a noised law p_t at any time t of a schedule: the law of the expectation on the learned path.
    public struct NoisedLaw: Sendable {
        let draw: @Sendable (_ count: Int, _ time: Double, _ stream: RandomStream) -> Matrix

        /// p_t = Σ_k π_k N(sμ_k, s²Σ_k + γ²I), drawn by `GaussianMixture.sample` (what `ExactMixtureScore.marginal`
        /// gives).
        public static func noised(_ law: GaussianMixture, schedule: NoiseSchedule) -> NoisedLaw {
            NoisedLaw { count, time, stream in
                law.noised(scale: schedule.scale(at: time), noiseVariance: schedule.gammaSquared(at: time)).sample(count: count, stream: stream)
            }
        }

        /// x_t = s·x₀ + γ·ε with x₀ exact draws of p (from `draws`, first) and ε standard normal (next, row by
        /// row): for a law with its own sampler whose mixture is too large to noise component by component
        /// (the KDE of N points, `FittedKernelDensity.sample`).
        public static func pushedForward(schedule: NoiseSchedule,
                                         draws: @escaping @Sendable (_ count: Int, _ stream: RandomStream) -> Matrix) -> NoisedLaw {
            NoisedLaw { count, time, stream in
                let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
                var points = draws(count, stream)
                let noise = stream.gaussians(points.elements.count)
                for index in points.elements.indices { points.elements[index] = s * points.elements[index] + gamma * noise[index] }
                return points
            }
        }
    }

    /// One energy with how it was obtained.
    public struct Energy: Sendable, Equatable {
        public let path: Path
        /// ε̂² or ε*².
        public let value: Double
        /// Monte-Carlo standard error (0 for a closed-form integrand; quadrature error excluded).
        public let standardError: Double
        /// `closedForm` when the integrand is exact at every node (`gaussianPair`), else `monteCarlo`.
        public let method: DivergenceEstimate.Method
        /// Draws per time node (0 for a closed-form integrand).
        public let samplesPerNode: Int
        /// Gauss–Legendre nodes of the time integral.
        public let timeNodes: Int
    }

    /// ε̂² or ε*² of any score model by Monte Carlo at each node.
    ///
    /// - Parameters:
    ///   - path: `.learned` (expectation under `learnedLaw`) or `.ideal` (under `truth.marginal(at:)`).
    ///   - estimate: ŝ, any score model under the same schedule and dimension as `truth`.
    ///   - learnedLaw: p̂_t, required for `.learned` (the law whose exact score ŝ is); unused for `.ideal`.
    ///   - truth: the exact score of the target mixture q₀.
    ///   - t0: t₀ ≥ 0 (`logarithmic` grid: t₀ > 0).
    ///   - T: T > t₀, a valid time of the schedule (vp: T ≤ 1; cosine: T < 1).
    ///   - timeNodes: Gauss–Legendre nodes, 1…10 000.
    ///   - samplesPerNode: draws per node, ≥ 2 (a standard error needs two).
    ///   - seed: seed of the stream; node j uses `substream(j)`.
    ///   - spacing: the integration variable (default `automatic`).
    /// - Throws: `InputError` naming the parameter and value for invalid arguments, a schedule or dimension
    ///   mismatch, or a learned path without its law; whatever `estimate.score` or `truth.score` throws.
    public static func estimate(_ path: Path, estimate: any ScoreModel, learnedLaw: NoisedLaw? = nil, truth: ExactMixtureScore,
                                from t0: Double, to T: Double, timeNodes: Int, samplesPerNode: Int, seed: UInt64,
                                spacing: Spacing = .automatic) throws -> Energy {
        try validate(estimate: estimate, truth: truth, from: t0, to: T, timeNodes: timeNodes)
        guard samplesPerNode >= 2 else {
            throw InputError(source: "samplesPerNode", field: "", reason: "\(samplesPerNode) is too small; give at least 2 (a standard error needs two draws)")
        }
        let law: NoisedLaw
        switch path {
        case .ideal:
            law = .noised(truth.data, schedule: truth.schedule)
        case .learned:
            guard let learnedLaw else {
                throw InputError(source: "path", field: "",
                                 reason: "learned needs the law of the learned model (its noised law p̂_t is the expectation's law); this estimator has none")
            }
            law = learnedLaw
        }
        let nodes = try quadrature(from: t0, to: T, count: timeNodes, spacing: spacing)
        let seeds = (0..<timeNodes).map { RandomStream(seed: seed).substream(UInt64($0)).seed }

        let failure = Mutex<(any Error)?>(nil)
        let moments = ParallelBlocks.mapRows(count: timeNodes, columns: 2, blockSize: 1) { range in
            let j = range.lowerBound
            do {
                let points = law.draw(samplesPerNode, nodes[j].time, RandomStream(seed: seeds[j]))
                let (mean, variance) = try squaredErrorMoments(estimate: estimate, truth: truth, points: points, time: nodes[j].time)
                return Matrix(rows: 1, columns: 2, elements: [mean, variance])
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
                return Matrix(rows: 1, columns: 2, elements: [.nan, .nan])
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }

        var value = 0.0, variance = 0.0
        for (j, node) in nodes.enumerated() {
            let factor = node.weight * truth.schedule.diffusionSquared(at: node.time)
            value += factor * moments[j, 0]
            variance += factor * factor * moments[j, 1] / Double(samplesPerNode)
        }
        return Energy(path: path, value: value, standardError: variance.squareRoot(), method: .monteCarlo,
                      samplesPerNode: samplesPerNode, timeNodes: timeNodes)
    }

    /// ε̂² or ε*² with ŝ the exact score of the mixture p̂ (`learned`) against the mixture q (`target`): the
    /// closed form of `gaussianPair` when both have one component, otherwise `estimate` (Monte Carlo) with
    /// ŝ = `ExactMixtureScore(learned)` and the learned path's law p̂_t drawn exactly.
    /// - Throws: `InputError` as `estimate` and `gaussianPair`, or naming `learned` for a dimension mismatch.
    public static func between(learned: GaussianMixture, target: GaussianMixture, schedule: NoiseSchedule, path: Path,
                               from t0: Double, to T: Double, timeNodes: Int, samplesPerNode: Int, seed: UInt64,
                               spacing: Spacing = .automatic) throws -> Energy {
        if learned.count == 1, target.count == 1 {
            return try gaussianPair(learned: learned.components[0], target: target.components[0], schedule: schedule, path: path,
                                    from: t0, to: T, timeNodes: timeNodes, spacing: spacing)
        }
        return try estimate(path, estimate: ExactMixtureScore(data: learned, schedule: schedule),
                            learnedLaw: .noised(learned, schedule: schedule), truth: ExactMixtureScore(data: target, schedule: schedule),
                            from: t0, to: T, timeNodes: timeNodes, samplesPerNode: samplesPerNode, seed: seed, spacing: spacing)
    }

    /// ε̂² or ε*² for Gaussian p̂ (with its exact score) and Gaussian q, the expectation at each node in closed
    /// form (see the type's documentation); only the time integral is numerical.
    /// - Throws: `InputError` for invalid arguments, naming `learned` for a dimension mismatch, or naming `t0`
    ///   when a covariance is singular at t₀ (a degenerate low-rank law at t₀ = 0 has no score).
    public static func gaussianPair(learned: Gaussian, target: Gaussian, schedule: NoiseSchedule, path: Path,
                                    from t0: Double, to T: Double, timeNodes: Int, spacing: Spacing = .automatic) throws -> Energy {
        guard learned.dimension == target.dimension else {
            throw InputError(source: "learned", field: "dimension", reason: "\(learned.dimension) differs from the target's dimension \(target.dimension)")
        }
        try validateInterval(schedule: schedule, from: t0, to: T, timeNodes: timeNodes)
        let nodes = try quadrature(from: t0, to: T, count: timeNodes, spacing: spacing)
        var value = 0.0
        for node in nodes {
            let expectation = try gaussianPairIntegrand(learned: learned, target: target, schedule: schedule, path: path, time: node.time)
            value += node.weight * schedule.diffusionSquared(at: node.time) * expectation
        }
        return Energy(path: path, value: value, standardError: 0, method: .closedForm, samplesPerNode: 0, timeNodes: timeNodes)
    }

    /// E‖ŝ − ∇log q_t‖² at time t under p̂_t (`learned`) or q_t (`ideal`), ŝ the exact score of the Gaussian p̂.
    /// - Throws: `InputError` naming `t0` when Σ̂_t or Σ_t is singular.
    public static func gaussianPairIntegrand(learned: Gaussian, target: Gaussian, schedule: NoiseSchedule, path: Path,
                                             time t: Double) throws -> Double {
        let s = schedule.scale(at: t), gamma2 = schedule.gammaSquared(at: t)
        let p = learned.noised(scale: s, noiseVariance: gamma2), q = target.noised(scale: s, noiseVariance: gamma2)
        guard p.spectrum.isPositiveDefinite, q.spectrum.isPositiveDefinite else {
            throw InputError(source: "t0", field: "", reason: "a covariance is singular at t = \(t) (a degenerate law has no score there); start at t₀ > 0")
        }
        let a = p.spectrum.densePrecision(), b = q.spectrum.densePrecision()
        let difference = a - b
        let shift = p.mean - q.mean
        let (covariance, meanTerm) = path == .learned ? (p.covariance, b * shift) : (q.covariance, a * shift)
        let spread = difference * covariance * difference
        return spread.trace + meanTerm.dot(meanTerm)
    }

    /// Mean and sample variance of ‖ŝ(x, t) − ∇log q_t(x)‖² over the rows of `points`.
    private static func squaredErrorMoments(estimate: any ScoreModel, truth: ExactMixtureScore, points: Matrix,
                                            time t: Double) throws -> (mean: Double, variance: Double) {
        let exact = try truth.score(points, time: t)
        let estimated = try estimate.score(points, time: t)
        let n = points.columns, samples = points.rows
        let squared = (0..<samples).map { i in
            (0..<n).reduce(0.0) { sum, c in
                let d = estimated.elements[i * n + c] - exact.elements[i * n + c]
                return sum + d * d
            }
        }
        let mean = squared.reduce(0, +) / Double(samples)
        let variance = squared.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples - 1)
        return (mean, variance)
    }

    private static func validate(estimate: any ScoreModel, truth: ExactMixtureScore, from t0: Double, to T: Double,
                                 timeNodes: Int) throws {
        guard estimate.schedule == truth.schedule else {
            throw InputError(source: "estimate", field: "schedule",
                             reason: "\(estimate.schedule.rawValue) differs from the truth's schedule \(truth.schedule.rawValue)")
        }
        guard estimate.dimension == truth.dimension else {
            throw InputError(source: "estimate", field: "dimension",
                             reason: "\(estimate.dimension) differs from the truth's dimension \(truth.dimension)")
        }
        try validateInterval(schedule: truth.schedule, from: t0, to: T, timeNodes: timeNodes)
    }

    private static func validateInterval(schedule: NoiseSchedule, from t0: Double, to T: Double, timeNodes: Int) throws {
        guard t0.isFinite, t0 >= 0 else {
            throw InputError(source: "t0", field: "", reason: "\(describeNumber(t0)) must be finite and ≥ 0")
        }
        guard T > t0 else {
            throw InputError(source: "T", field: "", reason: "\(describeNumber(T)) must exceed t₀ = \(describeNumber(t0))")
        }
        do { try schedule.validate(time: T) } catch let error as InputError { throw error.attributed(to: "T") }
        guard (1...10_000).contains(timeNodes) else {
            throw InputError(source: "timeNodes", field: "", reason: "\(timeNodes) must lie in 1…10000")
        }
    }

    /// The nodes t_j and weights in t of the `count`-point Gauss–Legendre rule on [t₀, T] (GSL's
    /// `gsl_integration_glfixed_point`), in u = log t (weights times the Jacobian t) when `spacing` is
    /// logarithmic.
    /// - Throws: `InputError` naming `t0` for a logarithmic grid from t₀ = 0.
    static func quadrature(from t0: Double, to T: Double, count: Int, spacing: Spacing) throws -> [(time: Double, weight: Double)] {
        let logarithmic: Bool
        switch spacing {
        case .uniform: logarithmic = false
        case .automatic: logarithmic = t0 > 0
        case .logarithmic:
            guard t0 > 0 else {
                throw InputError(source: "t0", field: "", reason: "\(t0) must be > 0 on a logarithmic time grid; use the uniform grid from t₀ = 0")
            }
            logarithmic = true
        }
        let (a, b) = logarithmic ? (log(t0), log(T)) : (t0, T)
        return GaussLegendre(nodes: count).nodes(from: a, to: b).map { u, w in
            logarithmic ? (time: exp(u), weight: w * exp(u)) : (time: u, weight: w)
        }
    }

    /// The n-point Gauss–Legendre rule of GSL (`gsl_integration_glfixed_table_alloc`): precomputed tables for
    /// the orders listed in the type's documentation (accurate to a few ulps), a Newton iteration on P_n with
    /// step tolerance 1e-10 otherwise (weights to about 1e-11 relative).
    struct GaussLegendre {
        let count: Int

        init(nodes count: Int) {
            precondition(count >= 1, "GaussLegendre: \(count) nodes; need at least 1")
            self.count = count
        }

        /// The nodes and weights on [a, b], in increasing order of the node.
        func nodes(from a: Double, to b: Double) -> [(point: Double, weight: Double)] {
            guard let table = gsl_integration_glfixed_table_alloc(count) else {
                preconditionFailure("GaussLegendre: GSL could not allocate a \(count)-point table")
            }
            defer { gsl_integration_glfixed_table_free(table) }
            var result: [(point: Double, weight: Double)] = []
            for i in 0..<count {
                var point = 0.0, weight = 0.0
                let status = gsl_integration_glfixed_point(a, b, i, &point, &weight, table)
                precondition(status == GSL_SUCCESS, "GaussLegendre: gsl_integration_glfixed_point failed (\(status)) at node \(i)")
                result.append((point, weight))
            }
            return result.sorted { $0.point < $1.point }
        }
    }
}
