import Foundation
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators
import Retraining
import Theorems

/// [A, Thm 1] with ε > 0 and L > 0: one Gaussian N(μ, v) retrained on a two-component mixture it cannot
/// represent (`MisspecifiedGaussianFit`, proofs/A.thm1.misspecified.md).
extension StabilityGaussianExperiment {
    /// p_data = ½N(−1, ¼) + ½N(1, ¼): mean 0, variance V = 1.25.
    static func misspecifiedTarget() throws -> GaussianMixture {
        try GaussianMixture(weights: [1, 1], components: [
            try Gaussian(mean: [-1], covariance: Matrix(rows: 1, columns: 1, elements: [0.25])),
            try Gaussian(mean: [1], covariance: Matrix(rows: 1, columns: 1, elements: [0.25])),
        ])
    }

    /// θ₀ = (μ₀, v₀) = (0.5, 1.8), inside B_½ = {|μ| ≤ ½√1.25, |v − 1.25| ≤ 0.625}.
    static let misspecifiedStart = (mean: 0.5, variance: 1.8)

    /// The λ grid of the misspecified table.
    static let misspecifiedLambdas = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 4]

    /// One single-round simulation per λ of the misspecified table: Gaussian MLE refit from θ₀.
    func misspecifiedSimulations(_ sizes: Sizes, seed: UInt64) throws -> [(lambda: Double, simulation: RecursiveRetraining<GaussianMaximumLikelihood>)] {
        let target = try Self.misspecifiedTarget()
        let start = Self.misspecifiedStart
        let initial = GaussianMixture(try Gaussian(mean: [start.mean], covariance: Matrix(rows: 1, columns: 1, elements: [start.variance])))
        return try Self.misspecifiedLambdas.enumerated().map { index, lambda in
            var configuration = RetrainingConfiguration(target: target, initial: initial, mixing: try MixingConvention(syntheticRatio: lambda),
                                                        trainingSize: sizes.misspecifiedTrainingSize, generations: 1,
                                                        runs: sizes.contractionRuns, seed: seed &+ 1_000 &+ UInt64(index))
            configuration.measurement.divergences = false
            configuration.measurement.scoreError = nil
            return (lambda, try RecursiveRetraining(rule: GaussianMaximumLikelihood(), configuration: configuration))
        }
    }

    /// Thm 1's condition and rate with the computed α, L, ε beside the exact (N = ∞) and measured one-round
    /// contraction ‖θ₁ − θ*‖/‖θ₀ − θ*‖, θ = (μ, v). Returns the table and its curves against λ.
    func misspecifiedTable(_ results: [(lambda: Double, result: RetrainingResult)], _ sizes: Sizes, seed: UInt64) throws -> (table: Table, curves: [FigureSeries]) {
        let fit = try MisspecifiedGaussianFit(target: try Self.misspecifiedTarget())
        let alpha = fit.concavity, lipschitz = fit.hessianLipschitz, epsilon = fit.wasserstein1
        let start = Self.misspecifiedStart
        let startDistance = fit.distanceToOptimum(mean: start.mean, variance: start.variance)
        let theorem = try TheoremRegistry.theorem("A.thm1.stability")
        let digits = { (x: Double) in NumberFormatting.significant(x, digits: 4) }
        let lambdaMax = 0.5 / (1 + lipschitz * epsilon / alpha)
        var table = Table(
            caption: "[A, Thm 1] misspecified (ε > 0, L > 0): one Gaussian N(μ, v), θ = (μ, v), refitted by maximum likelihood to p_data = ½N(−1, ¼) + ½N(1, ¼) (A.thm1.misspecified, der). θ* = (0, 1.25) (the moments), α = \(digits(alpha)) (= min(1/V, 1/(2V²))), L = \(digits(lipschitz)) (Lipschitz constant of θ ↦ ∇²E_data log p_θ on B_½ = {|μ| ≤ ½√V, |v − V| ≤ V/2}), ε = W₁(p_θ*, p_data) = \(digits(epsilon)); Lε/α = \(digits(lipschitz * epsilon / alpha)), so Thm 1 (κ = 1/2) needs λ < \(digits(lambdaMax)). θ₀ = (\(start.mean), \(start.variance)). Exact: one round at N = ∞ (moments of (p_data + λp_θ₀)/(1+λ)). Measured: Gaussian MLE on N = \(sizes.misspecifiedTrainingSize) samples, \(sizes.contractionRuns) runs, seed \(seed), 95% CI.",
            label: "tab:\(name)-misspecified",
            columns: ["λ", "λ(1 + Lε/α)", "Thm 1 holds (κ = 1/2)", "Thm 1 ρ", "exact ‖θ₁ − θ*‖/‖θ₀ − θ*‖", "λ/(1+λ)", "measured (95% CI)", "ρ / exact"])
        var measuredPoints: [FigurePoint] = [], exactPoints: [FigurePoint] = [], ratePoints: [FigurePoint] = []
        var conservatism: [Double] = []
        for (lambda, result) in results {
            let step = fit.populationStep(mean: start.mean, variance: start.variance, lambda: lambda)
            let exact = fit.distanceToOptimum(mean: step.mean, variance: step.variance) / startDistance
            let ratios = result.perRun.map { run in
                fit.distanceToOptimum(mean: fit.dataMean + run.generations[1].meanError, variance: run.generations[1].averageVariance) / startDistance
            }
            let measured = RunSummary(ratios)
            let verdict = try theorem.evaluate(["lambda": lambda, "lipschitz": lipschitz, "concavity": alpha, "epsilon": epsilon])
            let rho = verdict.conditionHolds == true ? verdict.quantity("rho") : nil
            if let rho { conservatism.append(rho / exact); ratePoints.append(FigurePoint(x: lambda, y: rho)) }
            measuredPoints.append(measured.figurePoint(x: lambda, nonNegative: true))
            exactPoints.append(FigurePoint(x: lambda, y: exact))
            table.append([
                .number(lambda, digits: 3), .number(lambda * (1 + lipschitz * epsilon / alpha), digits: 4),
                .text(verdict.conditionHolds == true ? "yes" : "no"), rho.map { .number($0, digits: 4) } ?? .empty,
                .number(exact, digits: 4), .number(lambda / (1 + lambda), digits: 4),
                BoundVersusDriftTable.cell(measured), rho.map { .number($0 / exact, digits: 3) } ?? .empty,
            ])
        }
        let silent = results.count - conservatism.count
        let range = conservatism.isEmpty ? "" : " Where it applies, its rate ρ exceeds the exact factor by \(digits(conservatism.min()!))× to \(digits(conservatism.max()!))×."
        table.notes = ["Thm 1 certifies only λ < \(digits(lambdaMax)) (Lε/α = \(digits(lipschitz * epsilon / alpha)) shrinks the well-specified λ < 1/2 by that factor plus one), yet the misspecified family contracts for every λ: the moment map is linear in (μ, v − V) up to a term in (μ − m)², with factor λ/(1+λ) (der). The condition fails for \(silent) of \(results.count) values of λ.\(range) The exact factor exceeds λ/(1+λ) by the quadratic term λ(μ₀ − m)²/(1+λ)² in v. At small λ the measured ratio is the noisiest: there ‖θ₁ − θ*‖ is comparable to the sampling error of the MLE at this N (about √(2V²/N) in v)."]
        return (table, [
            FigureSeries(name: "measured (95% CI)", points: measuredPoints, style: .markers, colorIndex: 0),
            FigureSeries(name: "exact, N = ∞", points: exactPoints, style: .dashed, colorIndex: 1),
            FigureSeries(name: "Thm 1 ρ (where the condition holds)", points: ratePoints, style: .lineWithMarkers, colorIndex: 2),
        ])
    }
}
