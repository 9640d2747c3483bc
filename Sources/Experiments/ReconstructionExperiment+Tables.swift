import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators

extension ReconstructionExperiment {
    /// The score models of the concentration table, fitted on `training` (labels give the class fit).
    static func models(_ settings: Settings, target: GaussianMixture, training: Matrix, labels: [Int]) throws -> [(name: String, model: any ScoreModel)] {
        let schedule = NoiseSchedule.vp
        let fit = GaussianMaximumLikelihood()
        let classGaussians = try (0..<2).map { c in
            let rows = Matrix(rowArrays: labels.indices.filter { labels[$0] == c }.map { training.row($0) })
            let (mean, covariance) = try fit.moments(rows)
            return try Gaussian(mean: mean, covariance: settings.varianceShrink * covariance)
        }
        let shrunk = try GaussianMixture(weights: [1, 1], components: classGaussians)
        return [
            ("exact", ExactMixtureScore(data: target, schedule: schedule)),
            ("empirical (memorising)", try EmpiricalDenoiser().fit(training, schedule: schedule)),
            ("kde(h=\(settings.kdeBandwidth))", try KernelDensityEstimate(bandwidth: settings.kdeBandwidth).fit(training, schedule: schedule)),
            ("class-gaussian(×\(settings.varianceShrink))", ExactMixtureScore(data: shrunk, schedule: schedule)),
        ]
    }

    /// Var ratio, shell mass, nearest-mean distance and classifier accuracy per (model, dynamics, t).
    public func concentrationTable(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) async throws -> Table {
        let setup = try ReconstructionConcentrationSetup(settings, seed: seed)
        let results = try await Self.sweep(Self.units(setup), label: "\(name) concentration", progress: progress)
        return concentration(setup, results: results.compactMap(\.concentration)).table
    }

    /// The concentration table and its numbers as curves against t (for the figures), from the
    /// results of `setup.cells` in order.
    func concentration(_ setup: ReconstructionConcentrationSetup, results: [ReconstructionCellResult.Concentration])
        -> (table: Table, curves: ReconstructionCurves) {
        let settings = setup.settings, seed = setup.seed
        let realShell = setup.realShell, realDistance = setup.realDistance, realAccuracy = setup.realAccuracy
        let populationShell = setup.populationShell, populationDistance = setup.populationDistance
        var table = Table(
            caption: "Reconstruction through the diffusion [E] (E.mode-concentration, E.reconstruction-correlation): data ½N((\(settings.separation), 0…), \(settings.sigma)²I) + ½N((−\(settings.separation), 0…), \(settings.sigma)²I) in ℝ^\(settings.dimension); N = \(settings.trainingSize) real samples forwarded to t under vp (ᾱ = s(t)²) and reconstructed to t₀ = \(settings.end) in \(settings.steps) log-uniform steps (ode: probability-flow Euler; sde: Euler–Maruyama); models fitted on the same N samples; seed \(seed). Var ratio = tr Cov(x̂₀)/tr Cov(x₀); beyond 2σ = fraction farther than 2σ from the nearest component mean (real: \(NumberFormatting.significant(realShell, digits: 4)); population, from \(20 * settings.trainingSize) draws: \(NumberFormatting.significant(populationShell, digits: 4)); SE of a fraction over N: √(p(1−p)/N) ≈ \(NumberFormatting.significant((populationShell * (1 - populationShell) / Double(settings.trainingSize)).squareRoot(), digits: 2))); dist = mean distance to the nearest mean (real: \(NumberFormatting.significant(realDistance, digits: 4)); population: \(NumberFormatting.significant(populationDistance, digits: 4))); accuracy of a Gaussian discriminant fitted on the reconstructions labelled by their source's class, tested on \(settings.testSize) fresh real samples (trained on the real samples: \(NumberFormatting.significant(realAccuracy, digits: 4)); Bayes Φ(a/σ) = \(NumberFormatting.significant(Self.bayesAccuracy(settings), digits: 4))).",
            label: "tab:\(name)-concentration",
            columns: ["model", "dynamics", "t", "ᾱ", "Var ratio", "beyond 2σ", "dist", "accuracy"])
        table.append([.text("real data"), .text("—"), .empty, .empty, .number(1, digits: 4), .number(realShell, digits: 4),
                      .number(realDistance, digits: 4), .number(realAccuracy, digits: 4)])
        var measured: [String: (shell: Double, ratio: Double, accuracy: Double)] = [:]
        var curves = ReconstructionCurves(realShell: realShell, realAccuracy: realAccuracy, bayesAccuracy: Self.bayesAccuracy(settings))
        for (cell, result) in zip(setup.cells, results) {
            let model = setup.models[cell.model].name, dynamics = settings.samplers[cell.dynamics], time = settings.times[cell.time]
            let s = NoiseSchedule.vp.scale(at: time)
            curves.append(model: model, modelIndex: cell.model, dynamics: dynamics, time: time,
                          ratio: result.varianceRatio, shell: result.shell, accuracy: result.accuracy)
            table.append([.text(model), .text(dynamics.rawValue), .number(time, digits: 3), .number(s * s, digits: 3),
                          .number(result.varianceRatio, digits: 4), .number(result.shell, digits: 4),
                          .number(result.distance, digits: 4), .number(result.accuracy, digits: 4)])
            if cell.time == settings.times.count - 1 {
                measured["\(cell.model) \(dynamics.rawValue)"] = (result.shell, result.varianceRatio, result.accuracy)
            }
        }
        let largest = settings.times.last ?? .nan
        table.notes = setup.models.indices.compactMap { m -> String? in
            let parts = settings.samplers.compactMap { dynamics -> String? in
                guard let value = measured["\(m) \(dynamics.rawValue)"] else { return nil }
                return "\(dynamics.rawValue): Var ratio \(NumberFormatting.significant(value.ratio, digits: 3)), beyond 2σ \(NumberFormatting.significant(value.shell, digits: 3)) (real \(NumberFormatting.significant(realShell, digits: 3))), accuracy \(NumberFormatting.significant(value.accuracy, digits: 3))"
            }
            return parts.isEmpty ? nil : "At t = \(largest), \(setup.models[m].name): " + parts.joined(separator: "; ") + "."
        }
        table.notes.append("The exact score keeps Var ratio ≈ 1 and the real shell mass at every t (it preserves the law); the accuracy still falls with t because x̂₀ forgets x₀ and with it the label. Shell mass below the real one means mode concentration; the KDE's law is the data convolved with N(0, h²I), so it spreads instead. Where ᾱ ≈ 0, x̂₀ is independent of its label, the two fitted classes differ only by sampling noise, and the accuracy is a coin flip between ≈ Φ(a/σ) and ≈ 1 − Φ(a/σ) (expectation ½) — one run's value there carries no ranking of the models.")
        return (table, curves)
    }

    /// Φ(a/σ), the accuracy of the Bayes classifier for the two classes.
    static func bayesAccuracy(_ settings: Settings) -> Double {
        0.5 * erfc(-settings.separation / settings.sigma / 2.0.squareRoot())
    }

    /// E.reconstruction-correlation: 1-D N(m, v), vp, exact score, measured corr(x₀, x̂₀) against the
    /// formulas, with the standard error (1 − ρ²)/√N.
    public func correlationTable(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) async throws -> Table {
        let setup = try ReconstructionCorrelationSetup(settings, seed: seed)
        let results = try await Self.sweep(Self.units(setup), label: "\(name) correlation", progress: progress)
        return correlation(setup, results: results.compactMap(\.correlation)).table
    }

    /// The correlation table and its (dynamics, t, formula, measured, SE) rows (for the figure), from the
    /// results of `setup.cells` in order.
    func correlation(_ setup: ReconstructionCorrelationSetup, results: [ReconstructionCellResult.Correlation])
        -> (table: Table, rows: [(dynamics: ReconstructionDynamics, time: Double, formula: Double, measured: Double, se: Double)]) {
        let settings = setup.settings, seed = setup.seed
        var rows: [(dynamics: ReconstructionDynamics, time: Double, formula: Double, measured: Double, se: Double)] = []
        let m = settings.correlationMean, v = settings.correlationVariance
        var table = Table(
            caption: "E.reconstruction-correlation (der): x₀ ~ N(\(m), \(v)), vp (ᾱ = s(t)², noise variance 1 − ᾱ = s²σ²), exact score, reconstructed from t to 0 with Δ = 1/\(settings.correlationSteps) (uniform grid); N = \(settings.correlationSamples), seed \(seed). ODE: corr = √ᾱ√v/√(ᾱv + 1 − ᾱ), Var(x̂₀) = v; SDE: corr = ᾱv/(ᾱv + 1 − ᾱ). SE = (1 − ρ²)/√N (large-N standard error of a Pearson correlation of bivariate-normal pairs); z = (measured − formula)/SE.",
            label: "tab:\(name)-correlation",
            columns: ["dynamics", "t", "ᾱ", "formula", "measured", "SE", "z", "Var(x̂₀)/v"])
        var worst = 0.0
        for (cell, result) in zip(setup.cells, results) {
            let dynamics = cell.dynamics, time = settings.correlationTimes[cell.time]
            let alphaBar = pow(NoiseSchedule.vp.scale(at: time), 2)
            let formula = Self.correlationFormula(dynamics, alphaBar: alphaBar, variance: v)
            let measured = result.measured
            let se = (1 - formula * formula) / Double(settings.correlationSamples).squareRoot()
            let z = (measured - formula) / se
            worst = max(worst, abs(z))
            rows.append((dynamics, time, formula, measured, se))
            table.append([.text(dynamics.rawValue), .number(time, digits: 3), .number(alphaBar, digits: 4), .number(formula, digits: 5),
                          .number(measured, digits: 5), .number(se, digits: 2), .number(z, digits: 3),
                          .number(result.variance / v, digits: 4)])
        }
        table.notes = ["Largest |z| = \(NumberFormatting.significant(worst, digits: 3)) over \(rows.count) rows (|z| < 4 expected; the Euler bias at this Δ is checked below 1 SE in the test `E.reconstruction-correlation`)."]
        return (table, rows)
    }

    /// The closed forms of E.reconstruction-correlation.
    public static func correlationFormula(_ dynamics: ReconstructionDynamics, alphaBar: Double, variance v: Double) -> Double {
        let denominator = alphaBar * v + 1 - alphaBar
        switch dynamics {
        case .ode: return alphaBar.squareRoot() * v.squareRoot() / denominator.squareRoot()
        case .sde: return alphaBar * v / denominator
        }
    }
}
