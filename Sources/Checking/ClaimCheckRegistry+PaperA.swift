import Foundation
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Checks of [A]'s claims on the Gaussian family refitted by moment matching (infinite samples), where
/// every round is computed exactly by `GaussianMixture`'s mean and covariance.
extension ClaimCheckRegistry {
    static let paperA: [ClaimCheck] = [stability, finiteSample, collapse, gaussianContraction, alphaLambda]

    private static let dimension = CheckParameter.integer("dimension", 1, 6)
    private static let modelSeed = CheckParameter.integer("model-seed", 0, 999_999)

    /// Data N(0, I) and a unit-covariance model at distance `initial-distance`: the mean family has
    /// L = 0, concavity 1 and ε = W₁(p_θ*, p_data) = 0, so Theorem 1's condition is λ < κ = ½.
    static let stability = ClaimCheck(
        key: "A.thm1.stability",
        summary: "‖θ_t − θ*‖ of the unit-covariance Gaussian mean family (L = 0, α = 1, ε = 0) ≤ ρ^t ‖θ₀ − θ*‖",
        parameters: [.logReal("lambda", 1e-3...2), .integer("rounds", 1, 20), .logReal("initial-distance", 1e-2...10), dimension, modelSeed],
        fixed: ["lipschitz": 0, "concavity": 1, "epsilon": 0],
        assumptions: { $0["lambda"]! < 0.5 }
    ) { p in
        let n = Int(p["dimension"]!)
        // θ* = μ_d = 0 (the family is translation invariant; a zero target keeps the distance free of the
        // absolute rounding of ‖μ_d‖, which would otherwise dominate (λ/(1+λ))^t ‖θ₀ − θ*‖ ≪ ε‖μ_d‖).
        let target = [Double](repeating: 0, count: n)
        let data = try Gaussian(mean: target, covariance: .identity(n))
        let start = p["initial-distance"]! * CheckModels.direction(dimension: n, seed: p["model-seed"]!)
        var model = try Gaussian(mean: start, covariance: .identity(n))
        for _ in 0..<Int(p["rounds"]!) {
            model = try Gaussian(mean: CheckModels.refit(data: data, model: model, lambda: p["lambda"]!).mean, covariance: .identity(n))
        }
        let bound = try ClaimCheckRegistry.bound("A.thm1.stability", p, fixed: ["lipschitz": 0, "concavity": 1, "epsilon": 0])
        return ClaimRatio.upper(measured: (model.mean - target).euclideanNorm, bound: bound.upper)
    }

    static let finiteSample = ClaimCheck(
        key: "A.thm2.finite-sample",
        notCheckable: "probabilistic (≥ (1−δ)^t) with a(δ) not known in closed form")

    static let collapse = ClaimCheck(
        key: "A.prop.collapse",
        notCheckable: "an expectation over refits on n samples; no exact counterpart other than the formula (Monte Carlo only)")

    /// Full moment matching: the mean and the second moment both contract by exactly λ/(1+λ) per round.
    static let gaussianContraction = ClaimCheck(
        key: "A.exact.gaussian-contraction",
        summary: "‖μ_t − μ_d‖ and ‖M_t − M_d‖_F after t exact refits = (λ/(1+λ))^t × initial (tolerance 1e-9)",
        parameters: [.logReal("lambda", 1e-3...100), .integer("rounds", 1, 20), dimension, modelSeed]
    ) { p in
        let n = Int(p["dimension"]!)
        let pair = try RandomMixture().make(dimension: n, components: 2, stream: RandomStream(seed: UInt64(p["model-seed"]!)))
        let data = pair.components[0]
        var model = pair.components[1]
        let initialMean = (model.mean - data.mean).euclideanNorm
        let initialMoment = (CheckModels.secondMoment(model) - CheckModels.secondMoment(data)).frobeniusNorm
        for _ in 0..<Int(p["rounds"]!) { model = try CheckModels.refit(data: data, model: model, lambda: p["lambda"]!) }
        let ratios = try [(initialMean, (model.mean - data.mean).euclideanNorm),
                          (initialMoment, (CheckModels.secondMoment(model) - CheckModels.secondMoment(data)).frobeniusNorm)].map { initial, measured in
            let predicted = try ClaimCheckRegistry.bound("A.exact.gaussian-contraction", p.merging(["initial-distance": initial]) { $1 })
            return ClaimRatio.identity(measured, predicted.quantity("distance")!, tolerance: 1e-9 * max(1, initial))
        }
        return ratios.max()
    }

    /// The weight of p_data after `GaussianMixture` normalises the weights (1, λ).
    static let alphaLambda = ClaimCheck(
        key: "A.link.alpha-lambda",
        summary: "normalised weight of p_data in (p_data + λ p_θ)/(1+λ) = 1/(1+λ) (tolerance 1e-12)",
        parameters: [.logReal("lambda", 1e-3...1e3)]
    ) { p in
        let g = try Gaussian(mean: [0], covariance: .identity(1))
        let pooled = try GaussianMixture(weights: [1, p["lambda"]!], components: [g, g])
        return ClaimRatio.identity(pooled.weights[0], try ClaimCheckRegistry.bound("A.link.alpha-lambda", p).value!, tolerance: 1e-12)
    }
}
