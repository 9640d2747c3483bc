import Foundation
import DataFiles
import Diffusion
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators
import Retraining
import Theorems

/// [B]'s Gaussian-mixture experiment (docs/theory.md §4): recursive retraining of a KDE score on a 5-component
/// mixture in ℝ¹⁰, with the exact population curve beside the simulation and the bounds of [B] beside the
/// measured drift.
///
/// Target: p_data = (1/5)Σ_k N(m_k, σ²I₁₀), σ = 0.6, means 0 and (±s, ±s, 0, …, 0) with s = 4 (the means
/// are not confirmed by the paper; a reproduction used these). Estimator: Gaussian KDE with bandwidth h
/// under `ou` (T = 4, t₀ = 0.02 for the score errors ε*² and ε̂²). 20 generations, α ∈ {0.1, 0.5, 0.9}.
///
/// Two bandwidths are run: the paper's h = 0.6, for which the exact population D_i = χ²(p̂ⁱ‖p_data) = +∞
/// from generation 1 (every component of p̂¹ has variance σ² + h² = 2σ², so p²/q is not integrable; der),
/// and h = 0.12, for which every component of p̂ⁱ, variance σ² + (k+1)h² with k < i ≤ 20, stays below 2σ²
/// (20h² = 0.288 < σ² = 0.36), so D_i is finite for every generation and α (see `finiteBandwidth`).
///
/// A third variant runs h = 0.12 with [B]'s sampler in the loop: each generation is drawn by the
/// Euler–Maruyama reverse SDE on the fitted KDE score (T = 4 → t₀ = 0.02, `samplerSteps` steps) instead of
/// exactly from the fitted KDE; `sampler-contribution` sets its D_i beside the exact-sampling one.
public struct RetrainingGMMExperiment: PaperExperiment {
    /// Sizes of one scale.
    public struct Settings: Sendable {
        public var dimension = 10
        public var sigma = 0.6
        public var separation = 4.0
        /// The paper's bandwidth.
        public var bandwidth = 0.6
        /// A bandwidth with a finite population χ² for all 20 generations and every α: the widest component
        /// of p̂²⁰ has variance σ² + 20h² = 0.648 < 2σ² = 0.72.
        public var finiteBandwidth = 0.12
        public var alphas = [0.1, 0.5, 0.9]
        public var generations = 20
        /// Euler–Maruyama steps of the reverse-SDE variant (OU, T = 4 → t₀ = 0.02; [B] used 500).
        public var samplerSteps: Int
        public var runs: Int
        public var trainingSize: Int
        public var measurement = RetrainingMeasurement()

        /// The settings of a scale.
        public init(scale: ExperimentScale) {
            switch scale {
            case .quick:
                samplerSteps = 100
                runs = 4
                trainingSize = 400
                measurement.chiSquaredSamples = 2_000
                measurement.klSamples = 2_000
                measurement.scoreError?.timeNodes = 6
                measurement.scoreError?.samplesPerNode = 128
            case .paper:
                samplerSteps = 500
                runs = 10
                trainingSize = 100_000
                measurement.chiSquaredSamples = 20_000
                measurement.klSamples = 20_000
                measurement.scoreError?.timeNodes = 16
                measurement.scoreError?.samplesPerNode = 1_024
            }
        }
    }

    public let name = "retraining-gmm"
    public let title = "[B] GMM experiment: KDE retraining with fresh data, bound versus drift, exact population curve"
    public let claims = ["B.recursion", "B.thm4.2.discounted-sum", "B.prop4.1.persistence", "B.kde.closure", "B.lemma.mixing"]
    public var constants = BoundConstants()

    public init() {}

    /// p_data: five components N(m_k, σ²I), m = 0, (±s, ±s, 0, …).
    public static func target(_ settings: Settings) throws -> GaussianMixture {
        let n = settings.dimension, s = settings.separation
        let centres: [[Double]] = [[0, 0], [s, s], [s, -s], [-s, s], [-s, -s]]
        let covariance = (settings.sigma * settings.sigma) * Matrix.identity(n)
        let components = try centres.map { centre in
            try Gaussian(mean: centre + [Double](repeating: 0, count: n - 2), covariance: covariance)
        }
        return try GaussianMixture(weights: [Double](repeating: 1, count: centres.count), components: components)
    }

    public func run(in directory: ReportDirectory, scale: ExperimentScale, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        try await run(in: directory, settings: Settings(scale: scale), scale: scale, seed: seed, progress: progress)
    }

    /// Runs with explicit settings (tests use smaller ones).
    public func run(in directory: ReportDirectory, settings: Settings, scale: ExperimentScale, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        let target = try Self.target(settings)
        var summary: [String] = []
        let variants = Self.variants(settings)
        // One sweep over every (variant, α, run), so that `--shard` splits all of the work.
        let simulations = try variants.flatMap { _, h, sampling in
            try settings.alphas.map { alpha in
                let mixing = try MixingConvention(freshFraction: alpha)
                let population = try KernelDensityPopulation.laws(data: target, bandwidth: h, mixing: mixing,
                                                                  generations: settings.generations)
                var configuration = RetrainingConfiguration(
                    target: target, mixing: mixing, trainingSize: settings.trainingSize, generations: settings.generations,
                    runs: settings.runs, seed: seed, schedule: .ou, sampling: sampling,
                    measurement: settings.measurement, population: population)
                configuration.sampler.steps = settings.samplerSteps
                return try RecursiveRetraining(rule: try KernelDensityEstimate(bandwidth: h), configuration: configuration)
            }
        }
        let label = name
        let allResults = try await RecursiveRetraining.run(simulations) { progress(label, $0, $1) }
        var resultsByTag: [String: [RetrainingResult]] = [:]
        for (tagIndex, (tag, h, sampling)) in variants.enumerated() {
            let results = Array(allResults[(tagIndex * settings.alphas.count)..<((tagIndex + 1) * settings.alphas.count)])
            resultsByTag[tag] = results
            let samplingText = sampling == .exactLaw
                ? "each generation is sampled exactly from its fitted KDE"
                : "each generation is sampled by the Euler–Maruyama reverse SDE on the fitted KDE score (\(settings.samplerSteps) steps, T = 4 → t₀ = 0.02)"
            let caption = "Recursive KDE retraining [B, §4], bound versus drift: 5-component mixture in ℝ^{\(settings.dimension)} (σ = \(settings.sigma)), KDE h = \(h), \(sampling == .exactLaw ? "exact sampling" : "reverse-SDE sampling"), N = \(settings.trainingSize) per round, \(settings.runs) runs, scale \(scale.rawValue), seed \(seed)."
            let constants = try observedConstants(target: target, bandwidth: h, settings: settings, seed: seed)
            var (table, bounds, findings) = try BoundVersusDriftTable.makeWithBounds(results, caption: caption, label: "tab:\(name)-\(tag)", constants: constants)
            table.notes.insert("Setting: p_data has means 0 and (±\(settings.separation), ±\(settings.separation), 0, …); \(samplingText); ε*² and ε̂² under OU over [t₀, T] = [\(settings.measurement.scoreError?.t0 ?? .nan), \(settings.measurement.scoreError?.T ?? .nan)].", at: 0)
            try directory.write(table, basename: "drift-\(tag)")
            try directory.write(try Self.encode(results), to: "results-\(tag).json")
            try directory.write(Self.populationTable(results, bandwidth: h, tag: tag, settings: settings), basename: "population-\(tag)")
            summary.append("- h = \(h): `drift-\(tag).md` (.tex/.csv/.json); \(findings.joined(separator: " "))")
            summary.append(try driftFigures(results, bounds: bounds, bandwidth: h, tag: tag, in: directory))
            summary.append(contentsOf: try persistenceLines(results, bandwidth: h, constants: constants))
        }
        if let exact = resultsByTag["finite-bandwidth"], let reverse = resultsByTag["reverse-sde"] {
            let comparison = Self.samplerTable(exact: exact, reverse: reverse, settings: settings)
            try directory.write(comparison, basename: "sampler-contribution")
            summary.append("- `sampler-contribution.md`: " + comparison.notes.joined(separator: " "))
            summary.append(try samplerFigures(exact: exact, reverse: reverse, settings: settings, in: directory))
        }
        return summary
    }

    /// `constants` with η computed from the exact KDE populations of every α (`BoundConstants.observed`).
    func observedConstants(target: GaussianMixture, bandwidth h: Double, settings: Settings, seed: UInt64) throws -> BoundConstants {
        let populations = try settings.alphas.map { alpha in
            let mixing = try MixingConvention(freshFraction: alpha)
            return (laws: try KernelDensityPopulation.laws(data: target, bandwidth: h, mixing: mixing, generations: settings.generations), mixing: mixing)
        }
        let path = settings.measurement.scoreError ?? RetrainingMeasurement.ScoreErrorSettings()
        return try BoundConstants.observed(populations: populations, target: target, t0: path.t0, T: path.T,
                                           lowerConstant: constants.lowerConstant, upperConstant: constants.upperConstant, seed: seed)
    }

    /// The variants run: (tag, bandwidth h, how each generation is sampled). The reverse-SDE variant uses the
    /// finite bandwidth, so that its D_i can be read against a finite population curve.
    static func variants(_ settings: Settings) -> [(tag: String, bandwidth: Double, sampling: GenerationSampling)] {
        [("paper-bandwidth", settings.bandwidth, .exactLaw), ("finite-bandwidth", settings.finiteBandwidth, .exactLaw),
         ("reverse-sde", settings.finiteBandwidth, .reverseSDE)]
    }

    /// D_i with exact sampling of each fitted KDE beside D_i with the reverse-SDE sampler in the loop and the
    /// exact population D_i (N = ∞, exact sampling), per α and generation: the sampler's own contribution
    /// to D_i is the gap between the two measured columns.
    static func samplerTable(exact: [RetrainingResult], reverse: [RetrainingResult], settings: Settings) -> Table {
        var table = Table(
            caption: "The sampler's contribution to D_i = χ²(p̂ⁱ‖p_data) [B, §4]: KDE retraining with h = \(settings.finiteBandwidth), N = \(settings.trainingSize), \(settings.runs) runs, each generation drawn exactly from the fitted KDE (exact) or by the Euler–Maruyama reverse SDE on its score (OU, T = 4 → t₀ = 0.02, \(settings.samplerSteps) steps), beside the exact population D_i (N = ∞, exact sampling). Both measured columns use the same seeds. Intervals: 95% Student-t over runs.",
            label: "tab:retraining-gmm-sampler",
            columns: ["α", "i", "D_i exact sampling (95% CI)", "D_i reverse SDE (95% CI)", "reverse SDE / exact", "D_i population", "ε*² exact", "ε*² reverse SDE"])
        var ratios: [String] = []
        for (exactResult, reverseResult) in zip(exact, reverse) {
            for (exactRow, reverseRow) in zip(exactResult.rows, reverseResult.rows) where exactRow.generation > 0 {
                let ratio = reverseRow.chiSquared.mean / exactRow.chiSquared.mean
                table.append([
                    .number(exactResult.freshFraction, digits: 3), .number(Double(exactRow.generation), digits: 3),
                    BoundVersusDriftTable.cell(exactRow.chiSquared, nonNegative: true),
                    BoundVersusDriftTable.cell(reverseRow.chiSquared, nonNegative: true),
                    ratio.isFinite ? .number(ratio, digits: 3) : .empty,
                    exactRow.population.map { .number($0.chiSquared, digits: 4) } ?? .empty,
                    exactRow.scoreError.map { .number($0.mean, digits: 4) } ?? .empty,
                    reverseRow.scoreError.map { .number($0.mean, digits: 4) } ?? .empty,
                ])
            }
            if let last = exactResult.rows.last, let lastReverse = reverseResult.rows.last {
                ratios.append("α = \(NumberFormatting.significant(exactResult.freshFraction, digits: 3)): \(NumberFormatting.significant(lastReverse.chiSquared.mean, digits: 3)) against \(NumberFormatting.significant(last.chiSquared.mean, digits: 3)) (population \(last.population.map { NumberFormatting.significant($0.chiSquared, digits: 3) } ?? "—"))")
            }
        }
        table.notes = ["D_\(settings.generations) with the reverse SDE against exact sampling: " + ratios.joined(separator: "; ") + ". " + Self.reverseSDEEndpoint]
        return table
    }

    /// What the reverse-SDE sampler's draws follow at best: the noised law at t₀ under OU (dX = −½X dt + dB),
    /// s₀x + N(0, γ₀²I) with s₀ = e^{−t₀/2} and γ₀² = 1 − e^{−t₀}, from the schedule at the sampler's end time.
    static var reverseSDEEndpoint: String {
        let t0 = SamplerSettings().end, s0 = NoiseSchedule.ou.scale(at: t0), gamma2 = NoiseSchedule.ou.gammaSquared(at: t0)
        return "The reverse-SDE sampler stops at t₀ = \(t0) and discretises the path: at best its samples follow the noised law at t₀, e^{−t₀/2}x + N(0, (1 − e^{−t₀})I) under OU (dX = −½X dt + dB): means pulled in by \(String(format: "%.1f", 100 * (1 - s0)))%, the variance scaled by e^{−t₀} = \(NumberFormatting.significant(s0 * s0, digits: 4)) and \(NumberFormatting.significant(gamma2, digits: 3)) added per coordinate, plus the Euler–Maruyama error; the next fitted KDE inherits that and passes it on through the (1 − α) synthetic share."
    }

    /// One figure per α: D_i with exact sampling, with the reverse SDE, and the population curve.
    func samplerFigures(exact: [RetrainingResult], reverse: [RetrainingResult], settings: Settings, in directory: ReportDirectory) throws -> String {
        let figures = zip(exact, reverse).map { exactResult, reverseResult in
            let alpha = NumberFormatting.significant(exactResult.freshFraction, digits: 3)
            let rows = zip(exactResult.rows, reverseResult.rows).filter { $0.0.generation > 0 }
            let x = rows.map { Double($0.0.generation) }
            let series = [
                FigureSeries(name: "Dᵢ exact sampling (95% CI)", points: zip(x, rows).map { $1.0.chiSquared.figurePoint(x: $0, nonNegative: true) }, colorIndex: 0),
                FigureSeries(name: "Dᵢ reverse SDE, \(settings.samplerSteps) steps (95% CI)", points: zip(x, rows).map { $1.1.chiSquared.figurePoint(x: $0, nonNegative: true) }, colorIndex: 3),
                FigureSeries(name: "population Dᵢ (N = ∞)", points: zip(x, rows).map { FigurePoint(x: $0, y: $1.0.population?.chiSquared ?? .nan) }, style: .line, colorIndex: 6),
            ]
            let values = series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } }
            let figure = Figure(title: "KDE retraining, h = \(settings.finiteBandwidth), α = \(alpha): exact sampling against the reverse SDE",
                                xAxis: FigureAxis("generation i"), yAxis: FigureAxis("Dᵢ = χ²(p̂ⁱ‖p_data)", scale: DriftFigure.logScale(values)), series: series)
            return (label: "α = \(alpha)", basename: "sampler-contribution-alpha-\(alpha)", figure: figure)
        }
        return try FigureIndexLine.write(figures, caption: "D_i with exact sampling against the reverse-SDE sampler, with the population curve",
                                         experiment: name, in: directory, note: "On a log axis a 95% interval reaching 0 is drawn down to the axis floor")
    }

    /// One drift figure per α (`DriftFigure`, the numbers of the drift table) and the index line linking them.
    func driftFigures(_ results: [RetrainingResult], bounds: [DriftBounds], bandwidth h: Double, tag: String,
                      in directory: ReportDirectory) throws -> String {
        var infinite = 0
        let figures = zip(results, bounds).map { result, bound in
            let alpha = NumberFormatting.significant(result.freshFraction, digits: 3)
            let made = DriftFigure.make(result, bounds: bound, title: "KDE retraining, h = \(h), α = \(alpha): drift against generation")
            infinite += made.infinite
            return (label: "α = \(alpha)", basename: "drift-\(tag)-alpha-\(alpha)", figure: made.figure)
        }
        var notes = ["on a log axis a 95% interval reaching 0 is drawn down to the axis floor"]
        if infinite > 0 { notes.insert("\(infinite) values of D_i = +∞ (measured or population) are left out of the figures", at: 0) }
        let note = notes.joined(separator: "; ").capitalisingFirstLetter
        return try FigureIndexLine.write(figures, caption: "drift against generation with the bounds, h = \(h)", experiment: name,
                                         in: directory, note: note)
    }

    /// The simulation beside the exact population (N = ∞) law: average variance tr Σ/n and D_i.
    static func populationTable(_ results: [RetrainingResult], bandwidth h: Double, tag: String, settings: Settings) -> Table {
        var table = Table(
            caption: "Finite-N KDE retraining beside the exact population law p̂ⁱ at N = ∞ (B.population-closure, B.kde.closure): h = \(h), N = \(settings.trainingSize), \(settings.runs) runs.",
            label: "tab:retraining-gmm-population-\(tag)",
            columns: [
                TableColumn("α", latex: "$\\alpha$", key: "alpha", role: .grouping), TableColumn("i", latex: "$i$", key: "i", role: .index),
                TableColumn("tr Σ/n (95% CI)", latex: "$\\operatorname{tr}\\Sigma/n$", key: "variance"),
                TableColumn("population tr Σ/n", latex: "$\\operatorname{tr}\\Sigma/n$\\\\population", key: "variance-population"),
                TableColumn("D_i measured (95% CI)", latex: "$D_i$\\\\measured", key: "D"),
                TableColumn("D_i population", latex: "$D_i$\\\\population", key: "D-population"),
                TableColumn("± SE", latex: "$\\pm$ SE", key: "D-population-SE"),
            ])
        for result in results {
            for row in result.rows {
                table.append([
                    .number(result.freshFraction, digits: 3), .number(Double(row.generation), digits: 3),
                    BoundVersusDriftTable.cell(row.averageVariance, nonNegative: true),
                    row.population.map { .number($0.averageVariance, digits: 4) } ?? .empty,
                    BoundVersusDriftTable.cell(row.chiSquared, nonNegative: true),
                    row.population.map { .number($0.chiSquared, digits: 4) } ?? .empty,
                    row.population.map { .number($0.chiSquaredStandardError, digits: 2) } ?? .empty,
                ])
            }
        }
        table.notes = ["tr Σ/n is the average per-coordinate variance of the whole law (between-mode spread included); D_i = χ²(p̂ⁱ‖p_data); ± SE is the standard error of the population D_i. Intervals: 95% Student-t over runs."]
        if results.allSatisfy({ $0.sampling == .exactLaw }) {
            table.notes.append("The moments track the population curve (their error shrinks like N^{-1/2}, test `B.population-closure: finite-N KDE retraining converges to the exact population variance, error ∝ N^{-1/2}`); χ² does not at this N, because a KDE of N points in n = \(settings.dimension) dimensions is far from its limit in the tails.")
        } else {
            // The population law is exact sampling's; the reverse SDE's own has no closed form.
            let last = results.compactMap { result in
                result.rows.last.flatMap { row in row.population.map { population in
                    "α = \(NumberFormatting.significant(result.freshFraction, digits: 3)): \(NumberFormatting.significant(row.averageVariance.mean, digits: 3)) against \(NumberFormatting.significant(population.averageVariance, digits: 4))"
                } }
            }
            table.caption = "Reverse-SDE KDE retraining beside the exact-sampling population law p̂ⁱ at N = ∞ (B.population-closure, B.kde.closure): h = \(h), N = \(settings.trainingSize), \(settings.runs) runs."
            table.notes.append("The population columns are those of exact sampling at N = ∞; the reverse SDE's own population law has no closed form, and its moments need not track them. tr Σ/n at i = \(settings.generations), measured against population: " + last.joined(separator: "; ") + ". " + Self.reverseSDEEndpoint)
        }
        return table
    }

    /// [B, Prop 4.1] per α: the floor from the measured late round errors against the late D_i.
    func persistenceLines(_ results: [RetrainingResult], bandwidth h: Double, constants: BoundConstants) throws -> [String] {
        let persistence = try TheoremRegistry.theorem("B.prop4.1.persistence")
        return try results.map { result in
            let late = result.rows.suffix(result.rows.count / 2)
            let errors = late.compactMap { $0.scoreError?.mean }
            let drift = late.map(\.chiSquared.mean).max() ?? .nan
            guard let floor = errors.min(), floor > 0 else { return "  - α = \(result.freshFraction): no round errors measured" }
            let etaFloor = late.map { constants.observability(of: $0).value }.min() ?? constants.eta
            let bound = try persistence.evaluate(["alpha": result.freshFraction, "eta-floor": etaFloor, "epsilon-floor": floor])
            let lower = bound.lower ?? .nan
            let verdict = drift >= lower ? "holds" : "VIOLATED (finding)"
            return "  - α = \(result.freshFraction), h = \(h): B.prop4.1.persistence floor \(NumberFormatting.significant(lower, digits: 4)) (η_floor = min late η = \(NumberFormatting.significant(etaFloor, digits: 4)), ε_floor = min late ε*² = \(NumberFormatting.significant(floor, digits: 4))) vs max late D_i = \(NumberFormatting.significant(drift, digits: 4)): \(verdict)"
        }
    }

    /// The results as JSON (`JSONValue.encoding`, keys sorted, one member or element per line), infinities
    /// as strings.
    static func encode(_ results: [RetrainingResult]) throws -> String {
        try JSONValue.encoding(results).printed() + "\n"
    }
}

private extension String {
    /// The string with its first character upper-cased.
    var capitalisingFirstLetter: String { prefix(1).uppercased() + dropFirst() }
}
