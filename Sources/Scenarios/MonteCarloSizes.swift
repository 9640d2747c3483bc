import Diffusion
import GaussianMixtures
import ScoreErrors

/// The Monte Carlo sizes of the scenarios' quantities without a closed form.
public struct MonteCarloSizes: Sendable, Equatable {
    /// Importance samples of χ² (`ChiSquaredToMixture`), draws of P for KL (`MonteCarloDivergence`) and for W₂.
    public var divergenceSamples: Int
    /// Gauss–Legendre nodes of a Monte Carlo energy: the integrand of two full-rank mixtures is analytic on
    /// [t₀, T], and 16 nodes already put the quadrature error far below the standard error.
    public var energyTimeNodes: Int
    /// Draws per node of a Monte Carlo energy.
    public var energySamplesPerNode: Int
    /// Outer draws y ∼ q_{t₀} of the nested Monte-Carlo η (`Observability.monteCarlo`; its time integral
    /// uses `observabilityTimeNodes`, its inner draws `observabilityInnerSamples`).
    public var observabilityOuterSamples: Int

    public init(divergenceSamples: Int, energyTimeNodes: Int, energySamplesPerNode: Int, observabilityOuterSamples: Int) {
        self.divergenceSamples = divergenceSamples
        self.energyTimeNodes = energyTimeNodes
        self.energySamplesPerNode = energySamplesPerNode
        self.observabilityOuterSamples = observabilityOuterSamples
    }

    /// Claim files and `closedform scenarios`: the standard error of a well-behaved χ² or KL is ~2 % of its
    /// value, of an energy ~3 %; η's nested estimator with 256 outer and 2 inner draws has a standard error
    /// of 0.4 on the two-component case of the scenario's tests (the 4-SE rule carries it: a claim that needs
    /// η is then checked less sharply than one that does not). Sized so that `closedform check --claim
    /// claims/` (5 000 draws per file) runs in under three minutes on two cores.
    public static let standard = MonteCarloSizes(divergenceSamples: 6_000, energyTimeNodes: 16, energySamplesPerNode: 400,
                                                 observabilityOuterSamples: 256)
    /// The built-in checks (thousands of cases per claim, 2 % of them one-round cases): about 3× cheaper,
    /// ~1.7× larger standard errors, which the 4-SE rule of `closedform check` accounts for.
    public static let quick = MonteCarloSizes(divergenceSamples: 2_000, energyTimeNodes: 16, energySamplesPerNode: 128,
                                              observabilityOuterSamples: 128)

    /// χ²(P ‖ Q): closed form when Q is one Gaussian, importance sampling otherwise, ∞ or NaN with the reason.
    func chiSquared(from p: GaussianMixture, to q: GaussianMixture, seed: UInt64) throws -> MeasuredValue {
        MeasuredValue(try ChiSquaredToMixture.evaluate(from: p, to: q, samples: divergenceSamples, seed: seed))
    }

    /// ε̂² or ε*² with ŝ the exact score of `learned`: closed form (`OneRoundScenario.closedFormTimeNodes`
    /// nodes) for two single Gaussians, Monte Carlo otherwise.
    func energy(_ path: ScoreErrorEnergy.Path, learned: GaussianMixture, target: GaussianMixture, schedule: NoiseSchedule,
                t0: Double, T: Double, seed: UInt64) throws -> ScoreErrorEnergy.Energy {
        let closedForm = learned.count == 1 && target.count == 1
        return try ScoreErrorEnergy.between(learned: learned, target: target, schedule: schedule, path: path, from: t0, to: T,
                                            timeNodes: closedForm ? OneRoundScenario.closedFormTimeNodes : energyTimeNodes,
                                            samplesPerNode: energySamplesPerNode, seed: seed, spacing: .uniform)
    }

    /// Gauss–Legendre nodes of the nested Monte-Carlo η's time integral: its cost is outer draws × inner draws
    /// × nodes score-and-Laplacian evaluations of two mixtures, the most expensive quantity of a case; h(y)'s
    /// integrand is smooth, and 16 nodes put the quadrature error below η's standard error.
    public static let observabilityTimeNodes = 16
    /// Inner draws x ∼ N(a y, v I) per outer draw and node: 2, the fewest that estimate the inner variance the
    /// estimator subtracts (unbiased for any count; more inner draws only lower the standard error slightly
    /// for their cost).
    public static let observabilityInnerSamples = 2

    /// η [B, Def 3.2] of the learned law against the target: closed form for two single Gaussians
    /// (`OneRoundScenario.closedFormTimeNodes` nodes), the nested Monte-Carlo estimator otherwise; NaN with
    /// the reason when the learned score is exact on the path (ε*² = 0, η = 0/0).
    func observability(learned: GaussianMixture, target: GaussianMixture, schedule: NoiseSchedule,
                       t0: Double, T: Double, seed: UInt64) throws -> MeasuredValue {
        let closedForm = learned.count == 1 && target.count == 1
        do {
            let estimate = try Observability.between(learned: learned, target: target, schedule: schedule, from: t0, to: T,
                                                     timeNodes: closedForm ? OneRoundScenario.closedFormTimeNodes : Self.observabilityTimeNodes,
                                                     outerSamples: observabilityOuterSamples,
                                                     innerSamples: Self.observabilityInnerSamples, seed: seed)
            return MeasuredValue(estimate.value, standardError: estimate.standardError)
        } catch is Observability.ExactScore {
            return MeasuredValue(.nan, reason: "η = 0/0: the learned score is exact on the path (ε*² = 0)")
        }
    }
}
