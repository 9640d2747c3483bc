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
    public func concentrationTable(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) throws -> Table {
        try concentration(settings, seed: seed, progress: progress).table
    }

    /// The concentration table and its numbers as curves against t (for `ReconstructionFigures`).
    func concentration(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) throws -> (table: Table, curves: ReconstructionCurves) {
        let target = try Self.target(settings)
        let root = RandomStream(seed: seed)
        let (training, labels) = Self.labelledSamples(target, count: settings.trainingSize, stream: root.substream(0))
        let (test, testLabels) = Self.labelledSamples(target, count: settings.testSize, stream: root.substream(1))
        let coverage = ModeCoverage(means: target.components.map(\.mean), sigma: settings.sigma)
        let models = try Self.models(settings, target: target, training: training, labels: labels)
        let realShell = coverage.shellMass(training), realDistance = coverage.meanDistance(training)
        let large = target.sample(count: 20 * settings.trainingSize, stream: root.substream(2))
        let populationShell = coverage.shellMass(large), populationDistance = coverage.meanDistance(large)
        let realAccuracy = try GaussianDiscriminant(points: training, labels: labels, classCount: 2).accuracy(test, labels: testLabels)
        var table = Table(
            caption: "Reconstruction through the diffusion [E] (E.mode-concentration, E.reconstruction-correlation): data ½N((\(settings.separation), 0…), \(settings.sigma)²I) + ½N((−\(settings.separation), 0…), \(settings.sigma)²I) in ℝ^\(settings.dimension); N = \(settings.trainingSize) real samples forwarded to t under vp (ᾱ = s(t)²) and reconstructed to t₀ = \(settings.end) in \(settings.steps) log-uniform steps (ode: probability-flow Euler; sde: Euler–Maruyama); models fitted on the same N samples; seed \(seed). Var ratio = tr Cov(x̂₀)/tr Cov(x₀); beyond 2σ = fraction farther than 2σ from the nearest component mean (real: \(NumberFormatting.significant(realShell, digits: 4)); population, from \(20 * settings.trainingSize) draws: \(NumberFormatting.significant(populationShell, digits: 4)); SE of a fraction over N: √(p(1−p)/N) ≈ \(NumberFormatting.significant((populationShell * (1 - populationShell) / Double(settings.trainingSize)).squareRoot(), digits: 2))); dist = mean distance to the nearest mean (real: \(NumberFormatting.significant(realDistance, digits: 4)); population: \(NumberFormatting.significant(populationDistance, digits: 4))); accuracy of a Gaussian discriminant fitted on the reconstructions labelled by their source's class, tested on \(settings.testSize) fresh real samples (trained on the real samples: \(NumberFormatting.significant(realAccuracy, digits: 4)); Bayes Φ(a/σ) = \(NumberFormatting.significant(Self.bayesAccuracy(settings), digits: 4))).",
            label: "tab:\(name)-concentration",
            columns: ["model", "dynamics", "t", "ᾱ", "Var ratio", "beyond 2σ", "dist", "accuracy"])
        table.append([.text("real data"), .text("—"), .empty, .empty, .number(1, digits: 4), .number(realShell, digits: 4),
                      .number(realDistance, digits: 4), .number(realAccuracy, digits: 4)])
        var measured: [String: (shell: Double, ratio: Double, accuracy: Double)] = [:]
        var curves = ReconstructionCurves(realShell: realShell, realAccuracy: realAccuracy, bayesAccuracy: Self.bayesAccuracy(settings))
        let total = models.count * settings.samplers.count * settings.times.count
        var done = 0
        for (m, entry) in models.enumerated() {
            for (d, dynamics) in settings.samplers.enumerated() {
                for (k, time) in settings.times.enumerated() {
                    let reconstruction = try Reconstruction(schedule: .vp, time: time, end: settings.end, steps: settings.steps,
                                                            spacing: .logUniform)
                    // Same stream for every model: the same x_t and sampler noise (paired comparison).
                    let stream = root.substream(UInt64(16 + 64 * d + k))
                    let pairs = try reconstruction.run(training, model: entry.model, sampler: dynamics.sampler, stream: stream)
                    let x = pairs.reconstructions
                    let accuracy = try GaussianDiscriminant(points: x, labels: labels, classCount: 2).accuracy(test, labels: testLabels)
                    let s = NoiseSchedule.vp.scale(at: time)
                    let shell = coverage.shellMass(x)
                    curves.append(model: entry.name, modelIndex: m, dynamics: dynamics, time: time,
                                  ratio: pairs.varianceRatio, shell: shell, accuracy: accuracy)
                    table.append([.text(entry.name), .text(dynamics.rawValue), .number(time, digits: 3), .number(s * s, digits: 3),
                                  .number(pairs.varianceRatio, digits: 4), .number(shell, digits: 4),
                                  .number(coverage.meanDistance(x), digits: 4), .number(accuracy, digits: 4)])
                    if k == settings.times.count - 1 { measured["\(m) \(dynamics.rawValue)"] = (shell, pairs.varianceRatio, accuracy) }
                    done += 1
                    progress("\(name) concentration", done, total)
                }
            }
        }
        let largest = settings.times.last ?? .nan
        table.notes = models.indices.compactMap { m -> String? in
            let parts = settings.samplers.compactMap { dynamics -> String? in
                guard let value = measured["\(m) \(dynamics.rawValue)"] else { return nil }
                return "\(dynamics.rawValue): Var ratio \(NumberFormatting.significant(value.ratio, digits: 3)), beyond 2σ \(NumberFormatting.significant(value.shell, digits: 3)) (real \(NumberFormatting.significant(realShell, digits: 3))), accuracy \(NumberFormatting.significant(value.accuracy, digits: 3))"
            }
            return parts.isEmpty ? nil : "At t = \(largest), \(models[m].name): " + parts.joined(separator: "; ") + "."
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
    public func correlationTable(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) throws -> Table {
        try correlation(settings, seed: seed, progress: progress).table
    }

    /// The correlation table and its (dynamics, t, formula, measured, SE) rows (for the figure).
    func correlation(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler)
        throws -> (table: Table, rows: [(dynamics: ReconstructionDynamics, time: Double, formula: Double, measured: Double, se: Double)]) {
        var rows: [(dynamics: ReconstructionDynamics, time: Double, formula: Double, measured: Double, se: Double)] = []
        let m = settings.correlationMean, v = settings.correlationVariance
        let data = GaussianMixture(try Gaussian(mean: [m], covariance: Matrix(rowArrays: [[v]])))
        let model = ExactMixtureScore(data: data, schedule: .vp)
        let root = RandomStream(seed: seed &+ 1)
        let originals = data.sample(count: settings.correlationSamples, stream: root.substream(0))
        var table = Table(
            caption: "E.reconstruction-correlation (der): x₀ ~ N(\(m), \(v)), vp (ᾱ = s(t)², noise variance 1 − ᾱ = s²σ²), exact score, reconstructed from t to 0 with Δ = 1/\(settings.correlationSteps) (uniform grid); N = \(settings.correlationSamples), seed \(seed). ODE: corr = √ᾱ√v/√(ᾱv + 1 − ᾱ), Var(x̂₀) = v; SDE: corr = ᾱv/(ᾱv + 1 − ᾱ). SE = (1 − ρ²)/√N (large-N standard error of a Pearson correlation of bivariate-normal pairs); z = (measured − formula)/SE.",
            label: "tab:\(name)-correlation",
            columns: ["dynamics", "t", "ᾱ", "formula", "measured", "SE", "z", "Var(x̂₀)/v"])
        var worst = 0.0
        let total = 2 * settings.correlationTimes.count
        var done = 0
        for dynamics in ReconstructionDynamics.allCases {
            for (k, time) in settings.correlationTimes.enumerated() {
                let steps = max(20, Int((Double(settings.correlationSteps) * time).rounded()))
                let reconstruction = try Reconstruction(schedule: .vp, time: time, end: 0, steps: steps)
                let pairs = try reconstruction.run(originals, model: model, sampler: dynamics.sampler, stream: root.substream(UInt64(1 + k)))
                let alphaBar = pow(NoiseSchedule.vp.scale(at: time), 2)
                let formula = Self.correlationFormula(dynamics, alphaBar: alphaBar, variance: v)
                let measured = pairs.correlation()
                let se = (1 - formula * formula) / Double(settings.correlationSamples).squareRoot()
                let z = (measured - formula) / se
                worst = max(worst, abs(z))
                rows.append((dynamics, time, formula, measured, se))
                table.append([.text(dynamics.rawValue), .number(time, digits: 3), .number(alphaBar, digits: 4), .number(formula, digits: 5),
                              .number(measured, digits: 5), .number(se, digits: 2), .number(z, digits: 3),
                              .number(ReconstructionPairs.totalVariance(pairs.reconstructions) / v, digits: 4)])
                done += 1
                progress("\(name) correlation", done, total)
            }
        }
        table.notes = ["Largest |z| = \(NumberFormatting.significant(worst, digits: 3)) over \(total) rows (|z| < 4 expected; the Euler bias at this Δ is checked below 1 SE in the test `E.reconstruction-correlation`)."]
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
