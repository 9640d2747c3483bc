import Foundation
import GaussianMixtures
import Reports
import Retraining
import Theorems

/// The bound-versus-drift table of [B, §3–4]: per fresh fraction α and generation i, the measured
/// accumulated divergence D_i = χ²(p̂ⁱ‖p_data), the round that produced p̂ⁱ (its energies ε*²_{i−1}, ε̂²_{i−1}
/// and one-round divergences I_{i−1} = χ²(p̂ⁱ‖q_{i−1}), KL(p̂ⁱ‖q_{i−1})) beside every bound of [B] on them with
/// a status each, and the finite view: KL both ways, H² and the W₂ bracket to p_data.
///
/// Bounds, each evaluated through `TheoremRegistry` with the constants of `BoundConstants`:
///
/// | bound | on | status "n/a" when |
/// |---|---|---|
/// | [B, Thm 3.4] upper 4ε*² + cε*⁴ | I_{i−1} | ε*² > 1 (`eps*2<=1`), I = ∞ (`A3`) |
/// | [B, Prop 3.3] lower ηε*²/4 − Cε*⁴ | I_{i−1} | as Thm 3.4 |
/// | [B, Prop 3.1] upper ½ε̂² + KL_T | KL(p̂ⁱ_{t₀}‖q_{i−1,t₀}) | ε̂² not measured |
/// | B.recursion lower | D_i | outside the clean regime, A3, D_{i−1} = ∞ (`A5`) |
/// | [B, Thm 4.2] comparison S_{i−1} | D_i | persistent errors (`sum-eps*2<inf`), A3, A5 |
///
/// A status is "holds", "VIOLATED" (the whole 95 % interval over runs on the wrong side; the mean with one
/// run) or "n/a: <label>: <why>". A violation inside the assumptions is a finding, stated in the notes. Every
/// empty cell (—) has its reason in the notes.
public enum BoundVersusDriftTable {
    /// The columns. α groups the rows and i indexes them; the measured quantities form the drift part, the
    /// bounds, comparison quantities and statuses the bound part of a table split to fit a page
    /// (`TableColumn.Role`). The keys are those of `--columns`.
    public static let columns: [TableColumn] = [
        TableColumn("α", latex: "$\\alpha$", key: "alpha", role: .grouping),
        TableColumn("i", latex: "$i$", key: "i", role: .index),
        TableColumn("D_i = χ²(p̂ⁱ‖p_data) (95% CI)", latex: "$D_i = \\chi^2(\\hat{p}^{\\,i}\\|p_{\\mathrm{data}})$", key: "D"),
        TableColumn("D_i population", latex: "$D_i$\\\\population", key: "D-population"),
        TableColumn("ε*²_{i−1} ideal path (95% CI)", latex: "$\\varepsilon^{*2}_{i-1}$\\\\ideal path", key: "eps-star"),
        TableColumn("ε̂²_{i−1} learned path (95% CI)", latex: "$\\hat{\\varepsilon}^{2}_{i-1}$\\\\learned path", key: "eps-hat"),
        TableColumn("I_{i−1} = χ²(p̂ⁱ‖q_{i−1}) (95% CI)", latex: "$I_{i-1} = \\chi^2(\\hat{p}^{\\,i}\\|q_{i-1})$", key: "I"),
        TableColumn("upper: Thm 3.4, 4ε*² + cε*⁴", latex: "upper: Thm 3.4\\\\$4\\varepsilon^{*2} + c\\varepsilon^{*4}$", key: "upper-3.4", role: .bound),
        TableColumn("Thm 3.4 upper", latex: "Thm 3.4", key: "status-3.4", role: .bound),
        TableColumn("lower: Prop 3.3, ηε*²/4 − Cε*⁴", latex: "lower: Prop 3.3\\\\$\\eta\\varepsilon^{*2}/4 - C\\varepsilon^{*4}$", key: "lower-3.3", role: .bound),
        TableColumn("Prop 3.3", latex: "Prop 3.3", key: "status-3.3", role: .bound),
        TableColumn("KL(p̂ⁱ‖q_{i−1}) (95% CI)", latex: "$\\mathrm{KL}(\\hat{p}^{\\,i}\\|q_{i-1})$", key: "KL-round"),
        TableColumn("KL(p̂ⁱ_{t₀}‖q_{i−1,t₀}) (95% CI)", latex: "$\\mathrm{KL}(\\hat{p}^{\\,i}_{t_0}\\|q_{i-1,t_0})$", key: "KL-round-t0"),
        TableColumn("upper: Prop 3.1, ½ε̂² + KL_T", latex: "upper: Prop 3.1\\\\$\\tfrac12\\hat{\\varepsilon}^{2} + \\mathrm{KL}_T$", key: "upper-3.1", role: .bound),
        TableColumn("Prop 3.1", latex: "Prop 3.1", key: "status-3.1", role: .bound),
        TableColumn("lower: B.recursion (ε*²)", latex: "lower bound\\\\B.recursion", key: "lower-recursion", role: .bound),
        TableColumn("B.recursion", latex: "B.recursion", key: "status-recursion", role: .bound),
        TableColumn("S_{i−1}: B.thm4.2 (ε*²)", latex: "$S_{i-1}$\\\\B.thm4.2", key: "S", role: .bound),
        TableColumn("D_i ÷ S_{i−1}", latex: "$D_i / S_{i-1}$", key: "D/S", role: .bound),
        TableColumn("Thm 4.2", latex: "Thm 4.2", key: "status-4.2", role: .bound),
        TableColumn("KL(p̂ⁱ‖p_data) (95% CI)", latex: "$\\mathrm{KL}(\\hat{p}^{\\,i}\\|p_{\\mathrm{data}})$", key: "KL"),
        TableColumn("KL(p_data‖p̂ⁱ) (95% CI)", latex: "$\\mathrm{KL}(p_{\\mathrm{data}}\\|\\hat{p}^{\\,i})$", key: "KL-reverse"),
        TableColumn("H²(p̂ⁱ, p_data) (95% CI)", latex: "$H^2(\\hat{p}^{\\,i}, p_{\\mathrm{data}})$", key: "H2"),
        TableColumn("W₂ lower: Gelbrich (95% CI)", latex: "$\\mathrm{W}_2$ lower\\\\Gelbrich", key: "W2-lower"),
        TableColumn("W₂ upper: MW₂ (95% CI)", latex: "$\\mathrm{W}_2$ upper\\\\$\\mathrm{MW}_2$", key: "W2-upper"),
    ]

    /// The index of the column with `key` (a programmer error if there is none).
    public static func index(_ key: String) -> Int {
        guard let index = columns.firstIndex(where: { $0.key == key }) else { preconditionFailure("BoundVersusDriftTable: no column '\(key)'") }
        return index
    }

    /// One table over several simulations (one per α), generations 1…G.
    /// - Parameters:
    ///   - results: simulations, normally with `scoreError` and the one-round divergences measured (an
    ///     unmeasured quantity leaves its cells empty, with the reason in the notes).
    ///   - caption: what was simulated, its setting and seed (at most three lines); the definitions, theorem
    ///     keys, statuses and constants go to the notes.
    public static func make(_ results: [RetrainingResult], caption: String, label: String,
                            constants: BoundConstants) throws -> Table {
        try makeWithBounds(results, caption: caption, label: label, constants: constants).table
    }

    /// The table, per simulation the bound values it shows (for the figures drawn from the same numbers,
    /// `DriftFigure`), and the notes that are findings of this run (non-finite values, the verdict on the
    /// lower bound), for an index.
    public static func makeWithBounds(_ results: [RetrainingResult], caption: String, label: String,
                                      constants: BoundConstants) throws -> (table: Table, bounds: [DriftBounds], findings: [String]) {
        var table = Table(caption: caption, label: label, columns: columns)
        var builder = try Builder(constants: constants)
        var allBounds: [DriftBounds] = []
        for result in results {
            var bounds = DriftBounds(freshFraction: result.freshFraction, lower: [nil], discountedSum: [nil])
            var roundErrors: [Double] = []
            for i in 1..<result.rows.count {
                table.append(try builder.row(result, generation: i, roundErrors: &roundErrors, bounds: &bounds))
            }
            allBounds.append(bounds)
            builder.noteUndecided(result)
        }
        var notes = builder.notes(results)
        let tailShapes = results.flatMap { $0.perRun.flatMap(\.generations).compactMap(\.chiSquaredParetoK) }
        if let largest = tailShapes.filter({ !$0.isNaN }).max() {
            let flagged = tailShapes.filter { !($0 <= ImportanceSamplingDiagnostics.reliabilityThreshold) }.count
            notes.append("Importance-sampled D_i: largest Pareto k̂ of the weights \(NumberFormatting.significant(largest, digits: 2)) over runs and generations; \(flagged) of \(tailShapes.count) estimates flagged unreliable (k̂ > \(ImportanceSamplingDiagnostics.reliabilityThreshold): their standard errors are not trusted).")
        }
        table.notes = notes
        let findings = builder.findings.isEmpty ? ["No bound is violated inside its assumptions (with these constants)."] : builder.findings
        return (table, allBounds, findings + builder.undecided)
    }

    /// A run summary as a cell: the mean with its interval, or the mean alone (one run, or ∞). For a
    /// non-negative quantity both ends are clamped at 0 (the interval meets [0, ∞); an interval wholly below 0
    /// shows as [0, 0], never with its ends reversed). The mean is printed unclamped: an unbiased Monte-Carlo
    /// estimate of a quantity near 0 can be negative.
    static func cell(_ summary: RunSummary, nonNegative: Bool = false) -> TableCell {
        if let lower = summary.lower, let upper = summary.upper {
            return .interval(mean: summary.mean, low: nonNegative ? max(0, lower) : lower, high: nonNegative ? max(0, upper) : upper)
        }
        return .number(summary.mean, digits: 4)
    }

    /// Where a measured summary lies relative to a bound: "holds" or "VIOLATED" (the whole interval on the
    /// wrong side; with one run or an infinite value, the mean).
    static func verdict(_ measured: RunSummary, upper bound: Double) -> Bool {
        (measured.lower ?? measured.mean) <= bound
    }

    static func verdict(_ measured: RunSummary, lower bound: Double) -> Bool {
        (measured.upper ?? measured.mean) >= bound
    }

    /// The rows' state: the registry's theorems, the findings and the reasons of empty cells.
    struct Builder {
        let constants: BoundConstants
        let recursion: Theorem, discounted: Theorem, twoSided: Theorem, klUpper: Theorem
        /// Reasons of empty cells by column key (first reason kept), in first-seen order.
        var emptyReasons: [(key: String, reason: String)] = []
        var findings: [String] = []
        var undecided: [String] = []
        /// Per bound key, how many rows held, were violated or were not applicable (with the labels seen).
        var tallies: [String: (holds: Int, violated: Int, outside: [String: Int])] = [:]
        var etaOrigins: Set<String> = []
        var infiniteOneRound = 0, infiniteD = 0, oneRoundRows = 0, rows = 0

        init(constants: BoundConstants) throws {
            self.constants = constants
            recursion = try TheoremRegistry.theorem("B.recursion")
            discounted = try TheoremRegistry.theorem("B.thm4.2.discounted-sum")
            twoSided = try TheoremRegistry.theorem("B.thm3.4.two-sided")
            klUpper = try TheoremRegistry.theorem("B.prop3.1.kl-upper")
        }

        /// An empty cell in column `key`, its `reason` kept for the notes.
        mutating func empty(_ key: String, _ reason: String) -> TableCell {
            if !emptyReasons.contains(where: { $0.key == key }) { emptyReasons.append((key, reason)) }
            return .empty
        }

        /// A status cell, tallied under `bound`.
        mutating func status(_ bound: String, holds: Bool?, outside violations: [AssumptionViolation], at place: String,
                             finding: String) -> TableCell {
            var tally = tallies[bound] ?? (0, 0, [:])
            defer { tallies[bound] = tally }
            if !violations.isEmpty {
                for violation in violations { tally.outside[violation.label, default: 0] += 1 }
                return .text("n/a: " + violations.map(\.description).joined(separator: "; "))
            }
            guard let holds else { return .text("n/a: not measured") }
            if holds {
                tally.holds += 1
                return .text("holds")
            }
            tally.violated += 1
            findings.append("FINDING: \(bound) is violated inside its assumptions at \(place): \(finding).")
            return .text("VIOLATED")
        }

        /// The cells of generation i of `result` (round i − 1's quantities).
        mutating func row(_ result: RetrainingResult, generation i: Int, roundErrors: inout [Double],
                          bounds: inout DriftBounds) throws -> [TableCell] {
            rows += 1
            let row = result.rows[i], previous = result.rows[i - 1], alpha = result.freshFraction
            let place = "α = \(short(alpha)), i = \(i)"
            let eta = constants.observability(of: previous)
            etaOrigins.insert(eta.origin)
            bounds.lower.append(nil)
            bounds.discountedSum.append(nil)
            var cells = [TableCell](repeating: .empty, count: columns.count)
            func set(_ key: String, _ cell: TableCell) { cells[index(key)] = cell }
            set("alpha", .number(alpha, digits: 3))
            set("i", .number(Double(i), digits: 3))
            set("D", cell(row.chiSquared, nonNegative: true))
            if row.chiSquared.infiniteRuns > 0 { infiniteD += 1 }
            set("D-population", row.population.map { .number($0.chiSquared, digits: 4) }
                ?? empty("D-population", "no exact population law is known for this estimator"))
            set("KL", cell(row.kl, nonNegative: true))
            set("KL-reverse", cell(row.klReverse, nonNegative: true))
            set("H2", cell(row.hellinger2, nonNegative: true))
            set("W2-lower", cell(row.w2Lower, nonNegative: true))
            set("W2-upper", row.w2Upper.mean.isNaN
                ? empty("W2-upper", "MW₂ is computed only up to \(RetrainingMeasurement.maximumTransportCells) component pairs (a KDE law has one component per training point)")
                : cell(row.w2Upper, nonNegative: true))

            // The round that produced p̂ⁱ: its energies and one-round divergences.
            let energy = previous.scoreError, learned = previous.learnedScoreError, round = previous.round
            set("eps-star", energy.map { cell($0, nonNegative: true) } ?? empty("eps-star", "score-error energies not measured"))
            set("eps-hat", learned.map { cell($0, nonNegative: true) }
                ?? empty("eps-hat", energy == nil ? "score-error energies not measured" : "the fitted model has no known law to draw the learned path from"))
            if let round {
                oneRoundRows += 1
                set("I", cell(round.chiSquared, nonNegative: true))
                if round.chiSquared.infiniteRuns > 0 { infiniteOneRound += 1 }
                set("KL-round", cell(round.kl, nonNegative: true))
                set("KL-round-t0", round.klAtStart.mean.isNaN
                    ? empty("KL-round-t0", "no score-error times [t₀, T] (energies not measured)") : cell(round.klAtStart, nonNegative: true))
            } else {
                for key in ["I", "KL-round", "KL-round-t0"] {
                    set(key, empty(key, "one-round divergences not measured (the fitted model has no known law, or divergences are off)"))
                }
            }
            let chiViolation: AssumptionViolation? = round.flatMap { round in
                if let infinite = TheoremAssumption.momentConditionViolation(infiniteRuns: round.chiSquared.infiniteRuns, runs: round.chiSquared.runs) {
                    return infinite
                }
                return round.undecidedRuns > 0
                    ? TheoremAssumption.a3.violated("undecided whether χ²(p̂ⁱ‖q_{i−1}) is finite in \(round.undecidedRuns)/\(round.chiSquared.runs) runs")
                    : nil
            }

            // Thm 3.4 (upper) and Prop 3.3 (lower) on I_{i−1}.
            if let energy {
                let evaluation = try twoSided.evaluate(["epsilon-star-squared": energy.mean, "eta": eta.value,
                                                        "lower-constant": constants.lowerConstant, "upper-constant": constants.upperConstant])
                let outside = evaluation.violations + (chiViolation.map { [$0] } ?? [])
                let upper = evaluation.upper ?? .nan, lower = evaluation.lower ?? .nan
                set("upper-3.4", .number(upper, digits: 3))
                set("lower-3.3", .number(lower, digits: 3))
                set("status-3.4", status("[B, Thm 3.4] upper", holds: round.map { verdict($0.chiSquared, upper: upper) }, outside: outside,
                                         at: place, finding: "I = \(round.map { short($0.chiSquared.mean) } ?? "?") > 4ε*² + cε*⁴ = \(short(upper))"))
                set("status-3.3", status("[B, Prop 3.3] lower", holds: round.map { verdict($0.chiSquared, lower: lower) }, outside: outside,
                                         at: place, finding: "I = \(round.map { short($0.chiSquared.mean) } ?? "?") < ηε*²/4 − Cε*⁴ = \(short(lower))"))
            } else {
                for key in ["upper-3.4", "status-3.4", "lower-3.3", "status-3.3"] { set(key, empty(key, "ε*² not measured")) }
            }

            // Prop 3.1 on the one-round KL at t₀ (the energies integrate over [t₀, T]).
            if let learned, let round, !round.klAtStart.mean.isNaN {
                let evaluation = try klUpper.evaluate(["epsilon-hat-squared": learned.mean, "terminal-kl": max(0, round.terminalKL.mean)])
                let bound = evaluation.upper ?? .nan
                // The bound's Monte-Carlo error: ε̂² and KL_T at their upper 95 % ends, when known.
                let generous = 0.5 * (learned.upper ?? learned.mean) + max(0, round.terminalKL.upper ?? round.terminalKL.mean)
                set("upper-3.1", .number(bound, digits: 3))
                set("status-3.1", status("[B, Prop 3.1] upper", holds: verdict(round.klAtStart, upper: generous), outside: evaluation.violations,
                                         at: place, finding: "KL(p̂ⁱ_{t₀}‖q_{i−1,t₀}) = \(short(round.klAtStart.mean)) > ½ε̂² + KL_T = \(short(bound))"))
            } else {
                for key in ["upper-3.1", "status-3.1"] {
                    set(key, empty(key, learned == nil ? "ε̂² not measured" : "one-round KL at t₀ not measured"))
                }
            }

            // B.recursion on D_i and Thm 4.2's discounted sum.
            if let energy {
                roundErrors.append(energy.mean)
                let previousD = previous.chiSquared.mean
                let evaluation = try recursion.evaluate([
                    "alpha": alpha, "eta": eta.value, "epsilon-star-squared": energy.mean,
                    "previous-divergence": previousD.isFinite ? previousD : 0,
                ])
                var outside = evaluation.violations
                let threshold = constants.cleanThreshold(eta: eta.value)
                if energy.mean > threshold, energy.mean <= 1 {
                    outside.append(TheoremAssumption.cleanRegime.violated("ε*² = \(short(energy.mean)) > min(1, η/(8C)) = \(short(threshold))"))
                }
                if let chiViolation { outside.append(chiViolation) }
                if !previousD.isFinite { outside.append(TheoremAssumption.a5.violated("D_{i−1} = \(short(previousD))")) }
                let lower = evaluation.quantity("next-lower") ?? .nan
                set("lower-recursion", .number(lower, digits: 3))
                if outside.isEmpty { bounds.lower[i] = lower }
                set("status-recursion", status("B.recursion", holds: verdict(row.chiSquared, lower: lower), outside: outside, at: place,
                                               finding: "D_i = \(short(row.chiSquared.mean)) < \(short(lower))"))
                let initial = result.rows[0].chiSquared.mean
                let sum = try discounted.evaluate(["alpha": alpha, "initial-divergence": initial.isFinite ? initial : 0],
                                                  vectors: ["round-errors": roundErrors]).value ?? .nan
                set("S", .number(sum, digits: 3))
                bounds.discountedSum[i] = sum
                set("D/S", .number(row.chiSquared.mean / sum, digits: 3))
                var outsideSum = [TheoremAssumption.summableErrors.violated(
                    "ε*² persists (fixed N = \(result.trainingSize)), so Σε*² = ∞")]
                if let chiViolation { outsideSum.append(chiViolation) }
                if row.chiSquared.infiniteRuns > 0 { outsideSum.append(TheoremAssumption.a5.violated("D_i = ∞")) }
                set("status-4.2", status("[B, Thm 4.2]", holds: nil, outside: outsideSum, at: place, finding: ""))
            } else {
                for key in ["lower-recursion", "status-recursion", "S", "D/S", "status-4.2"] { set(key, empty(key, "ε*² not measured")) }
            }
            return cells
        }

        /// Records the reason of a NaN D_i or population D_i (finiteness undecided, or +∞ with its reason).
        mutating func noteUndecided(_ result: RetrainingResult) {
            let alpha = short(result.freshFraction)
            if let nan = result.perRun.lazy.flatMap(\.generations).first(where: { $0.chiSquared.isNaN }), let reason = nan.chiSquaredNote {
                undecided.append("α = \(alpha): D_i is NaN in some runs (first at i = \(nan.generation)): \(reason).")
            }
            if let first = result.rows.first(where: { !($0.population?.chiSquared.isFinite ?? true) }),
               let population = first.population, let reason = population.chiSquaredNote {
                let what = population.chiSquared.isNaN ? "undecided (NaN)" : "+∞"
                undecided.append("α = \(alpha): the exact population D_i is \(what) from i = \(first.generation) on: \(reason).")
            }
            if let round = result.rows.compactMap(\.round).first(where: { !$0.chiSquared.mean.isFinite }), let reason = round.chiSquaredNote {
                undecided.append("α = \(alpha): I = χ²(p̂^{i+1}‖q_i) is \(round.chiSquared.mean.isNaN ? "undecided (NaN)" : "+∞") in some rounds: \(reason).")
            }
        }

        /// The notes: statuses per bound, findings, the finite view, η and constants, methods, empty cells.
        func notes(_ results: [RetrainingResult]) -> [String] {
            var notes = ["Bounds (keys of `closedform theorems`): B.thm3.4.two-sided [B, Thm 3.4] and B.prop3.3.chi2-lower [B, Prop 3.3] on I, B.prop3.1.kl-upper [B, Prop 3.1] on the one-round KL, B.recursion and B.thm4.2.discounted-sum [B, Thm 4.2] on D."]
            for bound in ["[B, Thm 3.4] upper", "[B, Prop 3.3] lower", "[B, Prop 3.1] upper", "B.recursion", "[B, Thm 4.2]"] {
                guard let tally = tallies[bound] else { continue }
                let outside = tally.outside.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                notes.append("\(bound): holds in \(tally.holds), violated in \(tally.violated), not applicable in \(rows - tally.holds - tally.violated) of \(rows) rows" + (outside.isEmpty ? "." : " (failed assumptions: \(outside))."))
            }
            notes += findings
            if findings.isEmpty { notes.append("No bound is violated inside its assumptions (with these constants).") }
            notes.append("Assumption labels (`closedform theorems` prints them): " + TheoremAssumption.labelledPaperB.map { "\($0.label ?? ""): \($0.text)" }.joined(separator: "; ")
                         + ". A1 and A2 hold for Gaussian-mixture laws under ou on [t₀, T] with t₀ > 0; A4 is assumed (KL_T is shown through Prop 3.1).")
            if infiniteOneRound > 0 || infiniteD > 0 {
                notes.append("Finite view: χ² is +∞ in \(infiniteOneRound) of \(oneRoundRows) one-round cells (I) and \(infiniteD) of \(rows) accumulated cells (D). χ²(P‖Q) = ∫p²/q − 1 is +∞ as soon as a component of P is more than twice as wide as every component of Q in some direction (a single Gaussian fitted to separated modes is); A3 then fails, so [B]'s χ²-based bounds (Thm 3.4, Prop 3.3, B.recursion, Thm 4.2) say nothing there. Compare instead KL in both directions (KL(p̂ⁱ‖p_data) and KL(p_data‖p̂ⁱ), each finite), H²(p̂ⁱ, p_data) = 1 − ∫√(p̂ⁱ p_data) ∈ [0, 1], and the W₂ bracket Gelbrich ≤ W₂ ≤ MW₂; Prop 3.1 (a KL bound) still applies.")
            }
            let origins = etaOrigins.sorted().joined(separator: ", ")
            notes.append("η per row: \(origins). Constants: \(constants.caption).")
            notes.append("Round i trains on q_i = α p_data + (1 − α) p̂ⁱ and produces p̂^{i+1}; row i shows the round that produced p̂ⁱ (index i − 1). ε*² = ∫ g² E_{q_t}‖ŝ − ∇log q_t‖² dt (ideal path; Thm 3.4, Prop 3.3, B.recursion, Thm 4.2), ε̂² = ∫ g² E_{p̂_t}‖ŝ − ∇log q_t‖² dt (learned path; Prop 3.1), both over [t₀, T]; Prop 3.1 is checked at t₀ (KL(p̂ⁱ_{t₀}‖q_{i−1,t₀}) ≤ ½ε̂² + KL(p̂ⁱ_T‖q_{i−1,T})), since its energy starts there.")
            notes.append("Methods: χ² closed form when the second law has one component, importance sampling otherwise (+∞ with its reason when ∫p²/q diverges); KL and H² closed form between two Gaussians, Monte Carlo otherwise. Status VIOLATED needs the whole 95% interval over runs on the wrong side (the mean with one run); for Prop 3.1 the bound is taken at the upper interval ends of ε̂² and KL_T, which are Monte-Carlo estimates too. Lower CI ends are clamped at 0 (every quantity shown is non-negative). Intervals: 95% Student-t over runs.")
            notes.append("W₂(p̂ⁱ, p_data) has no closed form between mixtures; the two W₂ columns bracket it: Gelbrich's lower bound (W₂ between the moment-matched Gaussians) and Delon–Desolneux's MW₂ upper bound (component-wise optimal transport). Both equal W₂ when both laws are Gaussian.")
            notes.append("Thm 4.2's S_{i−1} is a comparison quantity (its constants are unknown; a third-party reproduction argues the display is false as written), shown even where the theorem does not apply.")
            notes += undecided
            if !emptyReasons.isEmpty {
                notes.append("Empty cells (—): " + emptyReasons.map { reason in
                    "\(columns[index(reason.key)].header): \(reason.reason)"
                }.joined(separator: "; ") + ".")
            }
            return notes
        }
    }

    /// A number for a note: at most four significant digits.
    static func short(_ value: Double) -> String { NumberFormatting.significant(value, digits: 4) }
}
