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

    public init(divergenceSamples: Int, energyTimeNodes: Int, energySamplesPerNode: Int) {
        self.divergenceSamples = divergenceSamples
        self.energyTimeNodes = energyTimeNodes
        self.energySamplesPerNode = energySamplesPerNode
    }

    /// Claim files and `closedform scenarios`: the standard error of a well-behaved χ² or KL is ~1 % of its value.
    public static let standard = MonteCarloSizes(divergenceSamples: 20_000, energyTimeNodes: 32, energySamplesPerNode: 1_000)
    /// The built-in checks (thousands of cases per claim): about 10× cheaper, ~3× larger standard errors,
    /// which the 4-SE rule of `closedform check` accounts for.
    public static let quick = MonteCarloSizes(divergenceSamples: 2_000, energyTimeNodes: 16, energySamplesPerNode: 128)

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
}
