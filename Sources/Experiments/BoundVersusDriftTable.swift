import Foundation
import Reports
import Retraining
import Theorems

/// The bound-versus-drift table of [B, §4]: per fresh fraction α and generation i, the measured
/// accumulated divergence D_i = χ²(p̂ⁱ‖p_data) with its 95 % interval over runs, the exact population value,
/// the round errors ε*²_{i−1} (ideal path) and ε̂²_{i−1} (learned path), the lower bound of `B.recursion`, the
/// discounted sum of `B.thm4.2`, the tightness ratio D_i ÷ S_{i−1}, KL, the bracket Gelbrich ≤ W₂ ≤ MW₂ on the
/// Wasserstein distance to p_data, and a flag where a bound is violated.
///
/// Bounds are evaluated through `TheoremRegistry`, so each number comes from the registered calculator of
/// its key, with the constants of `BoundConstants` (printed in the caption). Both bounds take the ideal-path
/// energy ε*² (their headers say so); ε̂², the energy of [B, Prop 3.1], is shown beside it.
public enum BoundVersusDriftTable {
    /// The columns: α groups the rows, i indexes them; the measured quantities form the drift part and the
    /// bounds, comparison quantities and flags the bound part of a table split to fit a page
    /// (`TableColumn.Role`). Keys for `--columns`: D, D-population, eps-star, eps-hat, KL, W2-lower,
    /// W2-upper, lower-recursion, S, ratio, flag.
    public static let columns: [TableColumn] = [
        TableColumn("α", latex: "$\\alpha$", key: "alpha", role: .grouping),
        TableColumn("i", latex: "$i$", key: "i", role: .index),
        TableColumn("D_i (95% CI)", latex: "$D_i$", key: "D"),
        TableColumn("D_i population", latex: "$D_i$\\\\population", key: "D-population"),
        TableColumn("ε*²_{i−1} ideal path (95% CI)", latex: "$\\varepsilon^{*2}_{i-1}$\\\\ideal path", key: "eps-star"),
        TableColumn("ε̂²_{i−1} learned path (95% CI)", latex: "$\\hat{\\varepsilon}^{2}_{i-1}$\\\\learned path", key: "eps-hat"),
        TableColumn("lower: B.recursion (ε*²)", latex: "lower bound\\\\B.recursion", key: "lower-recursion", role: .bound),
        TableColumn("S_{i−1}: B.thm4.2 (ε*²)", latex: "$S_{i-1}$\\\\B.thm4.2", key: "S", role: .bound),
        TableColumn("D_i ÷ S_{i−1}", latex: "$D_i / S_{i-1}$", key: "ratio", role: .bound),
        TableColumn("KL_i (95% CI)", latex: "$\\mathrm{KL}_i$", key: "KL"),
        TableColumn("W₂ lower: Gelbrich (95% CI)", latex: "$\\mathrm{W}_2$ lower\\\\Gelbrich", key: "W2-lower"),
        TableColumn("W₂ upper: MW₂ (95% CI)", latex: "$\\mathrm{W}_2$ upper\\\\$\\mathrm{MW}_2$", key: "W2-upper"),
        TableColumn("flag", latex: "flag", key: "flag", role: .bound),
    ]

    /// One table over several simulations (one per α), generations 1…G.
    /// - Parameters:
    ///   - results: simulations with `scoreError` measured (rows without it show "—" for bounds).
    ///   - caption: what was simulated, its setting and seed (at most three lines); the definitions, theorem
    ///     keys and constants go to the notes.
    public static func make(_ results: [RetrainingResult], caption: String, label: String,
                            constants: BoundConstants) throws -> Table {
        try makeWithBounds(results, caption: caption, label: label, constants: constants).table
    }

    /// The table, per simulation the bound values it shows (for the figures drawn from the same numbers,
    /// `DriftFigure`), and the notes that are findings of this run (non-finite values, the verdict on the
    /// lower bound), for an index.
    public static func makeWithBounds(_ results: [RetrainingResult], caption: String, label: String,
                                      constants: BoundConstants) throws -> (table: Table, bounds: [DriftBounds], findings: [String]) {
        var notes = [
            "Round errors: ε*² = ∫ g² E_{q_t}‖ŝ − ∇log q_t‖² dt on the ideal path and ε̂² = ∫ g² E_{p̂_t}‖ŝ − ∇log q_t‖² dt on the learned path (p̂_t the fit's noised law; the energy of B.prop3.1.kl-upper).",
            "Bounds: B.recursion [B, §4] (lower, ε*², clean regime only), B.thm4.2.discounted-sum [B, Thm 4.2] (comparison quantity S_{i−1} of the ε*², constants unknown; a third-party reproduction argues the display is false as written).",
            "Constants: \(constants.caption). Intervals: 95% Student-t over runs.",
        ]
        // Notes that hold for several α are stated once, naming every α they hold for.
        var perAlpha: [(message: String, alphas: [String])] = []
        func note(_ alpha: Double, _ message: String) {
            let alphaText = NumberFormatting.significant(alpha, digits: 3)
            if let index = perAlpha.firstIndex(where: { $0.message == message }) { perAlpha[index].alphas.append(alphaText) } else { perAlpha.append((message, [alphaText])) }
        }
        var allBounds: [DriftBounds] = []
        var table = Table(caption: caption, label: label, columns: columns)
        let recursion = try TheoremRegistry.theorem("B.recursion")
        let discounted = try TheoremRegistry.theorem("B.thm4.2.discounted-sum")
        var violations = 0, infinite = 0
        for result in results {
            let alpha = result.freshFraction
            var roundErrors: [Double] = []
            var bounds = DriftBounds(freshFraction: alpha, lower: [nil], discountedSum: [nil])
            for i in 1..<result.rows.count {
                let row = result.rows[i], previous = result.rows[i - 1]
                var flags: [String] = []
                bounds.lower.append(nil)
                bounds.discountedSum.append(nil)
                var lowerCell = TableCell.empty, sumCell = TableCell.empty, ratioCell = TableCell.empty
                let errorCell: TableCell
                if let error = previous.scoreError {
                    errorCell = cell(error, nonNegative: true)
                    roundErrors.append(error.mean)
                    let evaluation = try recursion.evaluate([
                        "alpha": alpha, "eta": constants.eta, "epsilon-star-squared": error.mean,
                        "previous-divergence": previous.chiSquared.mean.isFinite ? previous.chiSquared.mean : 0,
                    ])
                    if constants.isClean(error.mean), previous.chiSquared.mean.isFinite, let lower = evaluation.quantity("next-lower") {
                        lowerCell = .number(lower, digits: 3)
                        bounds.lower[i] = lower
                        if let upper = row.chiSquared.upper, upper < lower {
                            flags.append("VIOLATES B.recursion")
                            violations += 1
                        } else if row.chiSquared.upper == nil, row.chiSquared.mean < lower {
                            flags.append("below B.recursion (no CI)")
                            violations += 1
                        }
                    } else {
                        flags.append(previous.chiSquared.mean.isFinite ? "ε*² outside clean regime" : "D_{i−1} = ∞")
                    }
                    let initial = result.rows[0].chiSquared.mean
                    let sum = try discounted.evaluate(["alpha": alpha, "initial-divergence": initial.isFinite ? initial : 0],
                                                      vectors: ["round-errors": roundErrors]).value ?? .nan
                    sumCell = .number(sum, digits: 3)
                    bounds.discountedSum[i] = sum
                    ratioCell = .number(row.chiSquared.mean / sum, digits: 3)
                } else {
                    errorCell = .empty
                }
                if row.chiSquared.infiniteRuns > 0 {
                    flags.append("D = ∞ in \(row.chiSquared.infiniteRuns)/\(row.chiSquared.runs) runs")
                    infinite += 1
                }
                let population: TableCell = row.population.map { .number($0.chiSquared, digits: 4) } ?? .empty
                let learnedCell = previous.learnedScoreError.map { cell($0, nonNegative: true) } ?? .empty
                table.append([
                    .number(alpha, digits: 3), .number(Double(i), digits: 3), cell(row.chiSquared, nonNegative: true), population, errorCell,
                    learnedCell, lowerCell, sumCell, ratioCell, cell(row.kl, nonNegative: true),
                    cell(row.w2Lower, nonNegative: true), row.w2Upper.mean.isNaN ? .empty : cell(row.w2Upper, nonNegative: true),
                    .text(flags.joined(separator: "; ")),
                ])
            }
            allBounds.append(bounds)
            if let undecided = result.perRun.lazy.flatMap(\.generations).first(where: { $0.chiSquared.isNaN }), let reason = undecided.chiSquaredNote {
                note(alpha, "D_i is NaN in some runs (first at i = \(undecided.generation)): \(reason).")
            }
            if let first = result.rows.first(where: { !($0.population?.chiSquared.isFinite ?? true) }),
               let population = first.population, let reason = population.chiSquaredNote {
                let what = population.chiSquared.isNaN ? "undecided (NaN)" : "+∞"
                note(alpha, "the exact population D_i is \(what) from i = \(first.generation) on: \(reason).")
            }
        }
        var findings = perAlpha.map { "α = \($0.alphas.joined(separator: ", ")): \($0.message)" }
        notes.append("Measured D_i is χ² of each run's fitted law to p_data (closed form for a one-component target, importance sampling otherwise); χ² weighs the tails, so a finite-N fit can be far from its N = ∞ limit in χ² while close in moments. Lower CI ends are clamped at 0 (D, ε*², ε̂², KL and W₂ are non-negative).")
        notes.append("W₂(p̂ⁱ, p_data) has no closed form between mixtures; the two W₂ columns bracket it: Gelbrich's lower bound (W₂ between the moment-matched Gaussians) and Delon–Desolneux's MW₂ upper bound (component-wise optimal transport). Both equal W₂ when both laws are Gaussian. MW₂ is left empty when the laws have more than \(RetrainingMeasurement.maximumTransportCells) component pairs (e.g. a KDE on many points).")
        findings.append(violations == 0
                     ? "No measured D_i falls below the B.recursion lower bound (with these constants)."
                     : "FINDING: \(violations) rows have D_i below the B.recursion lower bound (with these constants); see the flag column.")
        if infinite > 0 {
            findings.append("\(infinite) rows have D_i = ∞: the bounds on D hold trivially from below, and the discounted sum, finite, does not track D there.")
        }
        table.notes = notes + findings
        return (table, allBounds, findings)
    }

    /// A run summary as a cell: the mean with its interval, or the mean alone (one run, or ∞). For a
    /// non-negative quantity the interval's lower end is clamped at 0.
    static func cell(_ summary: RunSummary, nonNegative: Bool = false) -> TableCell {
        if let lower = summary.lower, let upper = summary.upper {
            return .interval(mean: summary.mean, low: nonNegative ? max(0, lower) : lower, high: upper)
        }
        return .number(summary.mean, digits: 4)
    }
}
