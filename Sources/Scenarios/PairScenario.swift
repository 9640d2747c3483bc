import Foundation
import Diffusion
import GaussianMixtures
import InputErrors
import LinearAlgebra
import RandomStreams
import ScoreErrors

/// `pair`: two random Gaussian mixtures P and Q and the divergences between them (proofs/core.claim-files.md).
///
/// Each component of P (`components_p` of them) and of Q (`components_q`) has a mean separation·z, z ~ N(0, I),
/// and a covariance V·diag(λ)·Vᵀ with Haar V and eigenvalues log-uniform in [κ^{−1/2}, κ^{1/2}] (κ =
/// `condition`, so each covariance has condition number ≤ κ). When `rank` < `dimension` every component is
/// low-rank: U·diag(λ)·Uᵀ + `noise`·I with a Haar n×rank basis U (the MoLRG form of [C]). All draws come from
/// `seed`, so a case is replayed from its arguments.
///
/// Closed forms where they exist (KL, H², W₂ between two Gaussians; χ² when the second law is one Gaussian;
/// Gelbrich and MW₂ always; the energies for two Gaussians), Monte Carlo with a standard error otherwise
/// (`Divergence.evaluate`, `ScoreErrorEnergy.between`), seeded from `seed`.
public struct PairScenario: Scenario {
    public init() {}

    public var name: String { "pair" }
    public var summary: String { "two random Gaussian mixtures P and Q: divergences, Wasserstein bounds and score-error energies" }

    /// Gauss–Legendre nodes of the energies' time integral: 64 for two Gaussians (the closed-form integrand
    /// is smooth in t), 16 with Monte-Carlo nodes, whose sampling error dominates the quadrature error.
    static let exactTimeNodes = 64
    static let monteCarloTimeNodes = 16

    public var parameters: [ScenarioParameter] {
        [
            ScenarioParameter("dimension", .integer(1...4), "dimension n of both laws"),
            ScenarioParameter("components_p", .integer(1...3), "number of components of P"),
            ScenarioParameter("components_q", .integer(1...3), "number of components of Q"),
            ScenarioParameter("separation", .real(0...3, logScale: false), "scale of the component means: mean = separation·z, z ~ N(0, I)"),
            ScenarioParameter("condition", .real(1...100, logScale: true), "κ: eigenvalues log-uniform in [κ^(−1/2), κ^(1/2)], so each covariance has condition number ≤ κ"),
            ScenarioParameter("rank", .integer(1...4), "rank of each component's covariance; below the dimension a low-rank part plus `noise`·I"),
            ScenarioParameter("noise", .real(0.01...0.5, logScale: true), "noise floor δ² of low-rank components (unused at full rank)"),
            ScenarioParameter("seed", .integer(0...999_999), "seed of the random means, covariances, weights and Monte-Carlo draws"),
            ScenarioParameter("samples", .integer(4000...4000), "Monte-Carlo draws per divergence and per energy time node ÷ 16 (fixed by default)"),
            ScenarioParameter("schedule", .choice(NoiseSchedule.allCases.map(\.rawValue)), "noise schedule of the energies eps_p, eps_q"),
            ScenarioParameter("t0", .real(0...0, logScale: false), "start t₀ of the energies' time integral (0 by default)"),
            ScenarioParameter("T", .real(0.1...0.98, logScale: true), "end T of the energies' time integral (≤ 0.98 so every schedule is valid)"),
        ]
    }

    public var quantities: [ScenarioQuantity] {
        [
            ScenarioQuantity("kl", "KL(P ‖ Q) = E_P[log p − log q]", citation: "core.kl", method: .monteCarlo),
            ScenarioQuantity("kl_reverse", "KL(Q ‖ P)", citation: "core.kl", method: .monteCarlo),
            ScenarioQuantity("chi2", "χ²(P ‖ Q) = ∫p²/q − 1 (exact when Q has one component)", citation: "core.chi2", method: .monteCarlo),
            ScenarioQuantity("chi2_reverse", "χ²(Q ‖ P) (exact when P has one component)", citation: "core.chi2", method: .monteCarlo),
            ScenarioQuantity("hellinger2", "H²(P, Q) = 1 − ∫√(pq) (exact for two Gaussians; Monte Carlo for mixtures)",
                             citation: "core.hellinger", method: .monteCarlo),
            ScenarioQuantity("w2", "W₂(P, Q), exact for two Gaussians (Bures); NaN with the reason for mixtures", citation: "core.w2", method: .exact),
            ScenarioQuantity("w2_lower", "Gelbrich bound W₂(N(m_P, C_P), N(m_Q, C_Q)) ≤ W₂(P, Q)", citation: "core.w2", method: .exact),
            ScenarioQuantity("w2_upper", "MW₂(P, Q) ≥ W₂(P, Q), the mixture-Wasserstein distance of Delon & Desolneux", citation: "core.w2", method: .exact),
            ScenarioQuantity("eps_p", "∫_{t0}^T g² E_{P_t}‖∇log P_t − ∇log Q_t‖² dt (exact for two Gaussians)", citation: "B.prop3.1", method: .monteCarlo),
            ScenarioQuantity("eps_q", "∫_{t0}^T g² E_{Q_t}‖∇log P_t − ∇log Q_t‖² dt (exact for two Gaussians)", citation: "B.prop3.3", method: .monteCarlo),
        ]
    }

    public func evaluate(_ arguments: [String: ScenarioArgument], requested: Set<String>) throws -> ScenarioCase {
        let (p, q) = try laws(arguments)
        let seed = UInt64(arguments.integer("seed"))
        let samples = arguments.integer("samples")
        var values: [String: ScenarioQuantityValue] = [:]
        func divergence(_ metric: DivergenceMetric, _ from: GaussianMixture, _ to: GaussianMixture, stream: UInt64) throws -> MeasuredValue {
            let estimate = try Divergence.evaluate(metric, from: from, to: to, samples: samples, seed: seed &+ stream)
            return MeasuredValue(estimate)
        }
        for name in requested {
            switch name {
            case "kl": values[name] = .scalar(try divergence(.kl, p, q, stream: 1))
            case "kl_reverse": values[name] = .scalar(try divergence(.kl, q, p, stream: 2))
            case "chi2": values[name] = .scalar(try divergence(.chi2, p, q, stream: 3))
            case "chi2_reverse": values[name] = .scalar(try divergence(.chi2, q, p, stream: 4))
            case "hellinger2": values[name] = .scalar(try divergence(.hellinger2, p, q, stream: 7))
            case "w2":
                values[name] = .scalar(p.count == 1 && q.count == 1
                    ? MeasuredValue(try GaussianDivergence.wasserstein2(p.components[0], q.components[0]).value)
                    : MeasuredValue(.nan, reason: "W₂ between mixtures has no closed form; use w2_lower and w2_upper"))
            case "w2_lower": values[name] = .scalar(MeasuredValue(try MixtureDivergenceBounds.gelbrich(p, q)))
            case "w2_upper": values[name] = .scalar(MeasuredValue(try MixtureDivergenceBounds.mixtureWasserstein2(p, q)))
            case "eps_p", "eps_q":
                let schedule = NoiseSchedule(rawValue: arguments.choice("schedule"))!
                let exact = p.count == 1 && q.count == 1
                do {
                    let energy = try ScoreErrorEnergy.between(
                        learned: p, target: q, schedule: schedule, path: name == "eps_p" ? .learned : .ideal,
                        from: arguments.real("t0"), to: arguments.real("T"),
                        timeNodes: exact ? PairScenario.exactTimeNodes : PairScenario.monteCarloTimeNodes,
                        samplesPerNode: max(2, samples / 16), seed: seed &+ (name == "eps_p" ? 5 : 6))
                    values[name] = .scalar(MeasuredValue(energy.value, standardError: energy.standardError))
                } catch let error as InputError {
                    return .skipped("\(name): \(error)")
                }
            default: preconditionFailure("PairScenario: unknown quantity '\(name)'")
            }
        }
        return .evaluated(values)
    }

    /// P and Q at `arguments`, drawn from `seed`.
    public func laws(_ arguments: [String: ScenarioArgument]) throws -> (p: GaussianMixture, q: GaussianMixture) {
        let n = arguments.integer("dimension")
        let stream = RandomStream(seed: UInt64(arguments.integer("seed")))
        let p = try mixture(n, components: arguments.integer("components_p"), arguments, stream.substream(0))
        let q = try mixture(n, components: arguments.integer("components_q"), arguments, stream.substream(1))
        return (p, q)
    }

    private func mixture(_ n: Int, components: Int, _ arguments: [String: ScenarioArgument], _ stream: RandomStream) throws -> GaussianMixture {
        let separation = arguments.real("separation"), kappa = arguments.real("condition")
        let rank = min(arguments.integer("rank"), n), noise = arguments.real("noise")
        var weights: [Double] = [], gaussians: [Gaussian] = []
        for _ in 0..<components {
            weights.append(0.2 + 0.8 * stream.uniform())
            let mean = stream.gaussians(n).map { separation * $0 }
            let values = (0..<rank).map { _ in pow(kappa, stream.uniform() - 0.5) }
            if rank < n {
                let basis = try Matrix.randomOrthonormal(rows: n, columns: rank, stream: stream)
                gaussians.append(try Gaussian(mean: mean, basis: basis, variances: values, noise: noise))
            } else {
                let vectors = try Matrix.randomOrthonormal(rows: n, columns: n, stream: stream)
                let covariance = Matrix.product(vectors.scalingColumns(by: values), vectors, transposeB: true).symmetrised
                gaussians.append(try Gaussian(mean: mean, covariance: covariance))
            }
        }
        return try GaussianMixture(weights: weights, components: gaussians)
    }
}
