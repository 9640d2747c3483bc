import Foundation
import GaussianMixtures
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
    /// The column headers.
    public static let columns = [
        "α", "i", "D_i (95% CI)", "D_i population", "ε*²_{i−1} ideal path (95% CI)", "ε̂²_{i−1} learned path (95% CI)",
        "lower: B.recursion (ε*²)", "S_{i−1}: B.thm4.2 (ε*²)", "D_i ÷ S_{i−1}", "KL_i (95% CI)",
        "W₂ lower: Gelbrich (95% CI)", "W₂ upper: MW₂ (95% CI)", "flag",
    ]

    /// One table over several simulations (one per α), generations 1…G.
    /// - Parameters:
    ///   - results: simulations with `scoreError` measured (rows without it show "—" for bounds).
    ///   - caption: what was simulated; the keys and constants are appended.
    public static func make(_ results: [RetrainingResult], caption: String, label: String,
                            constants: BoundConstants) throws -> Table {
        try makeWithBounds(results, caption: caption, label: label, constants: constants).table
    }

    /// The table and, per simulation, the bound values it shows (for the figures drawn from the same
    /// numbers, `DriftFigure`).
    public static func makeWithBounds(_ results: [RetrainingResult], caption: String, label: String,
                                      constants: BoundConstants) throws -> (table: Table, bounds: [DriftBounds]) {
        var notes: [String] = []
        var allBounds: [DriftBounds] = []
        var table = Table(
            caption: caption + " Round errors: ε*² = ∫ g² E_{q_t}‖ŝ − ∇log q_t‖² dt on the ideal path and ε̂² = ∫ g² E_{p̂_t}‖ŝ − ∇log q_t‖² dt on the learned path (p̂_t the fit's noised law; the energy of B.prop3.1.kl-upper). Bounds: B.recursion [B, §4] (lower, ε*², clean regime only), B.thm4.2.discounted-sum [B, Thm 4.2] (comparison quantity S_{i−1} of the ε*², constants unknown; a third-party reproduction argues the display is false as written). Constants: \(constants.caption). Intervals: 95% Student-t over runs.",
            label: label, columns: columns)
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
                notes.append("α = \(alpha): D_i is NaN in some runs (first at i = \(undecided.generation)): \(reason).")
            }
            if let first = result.rows.first(where: { !($0.population?.chiSquared.isFinite ?? true) }),
               let population = first.population, let reason = population.chiSquaredNote {
                let what = population.chiSquared.isNaN ? "undecided (NaN)" : "+∞"
                notes.append("α = \(alpha): the exact population D_i is \(what) from i = \(first.generation) on: \(reason).")
            }
        }
        let tailShapes = results.flatMap { $0.perRun.flatMap(\.generations).compactMap(\.chiSquaredParetoK) }
        if let largest = tailShapes.filter({ !$0.isNaN }).max() {
            let flagged = tailShapes.filter { !($0 <= ImportanceSamplingDiagnostics.reliabilityThreshold) }.count
            notes.append("Importance-sampled D_i: largest Pareto k̂ of the weights \(NumberFormatting.significant(largest, digits: 2)) over runs and generations; \(flagged) of \(tailShapes.count) estimates flagged unreliable (k̂ > \(ImportanceSamplingDiagnostics.reliabilityThreshold): their standard errors are not trusted).")
        }
        notes.append("Measured D_i is χ² of each run's fitted law to p_data (closed form for a one-component target, importance sampling otherwise); χ² weighs the tails, so a finite-N fit can be far from its N = ∞ limit in χ² while close in moments. Lower CI ends are clamped at 0 (D, ε*², ε̂², KL and W₂ are non-negative).")
        notes.append("W₂(p̂ⁱ, p_data) has no closed form between mixtures; the two W₂ columns bracket it: Gelbrich's lower bound (W₂ between the moment-matched Gaussians) and Delon–Desolneux's MW₂ upper bound (component-wise optimal transport). Both equal W₂ when both laws are Gaussian. MW₂ is left empty when the laws have more than \(RetrainingMeasurement.maximumTransportCells) component pairs (e.g. a KDE on many points).")
        notes.append(violations == 0
                     ? "No measured D_i falls below the B.recursion lower bound (with these constants)."
                     : "FINDING: \(violations) rows have D_i below the B.recursion lower bound (with these constants); see the flag column.")
        if infinite > 0 {
            notes.append("\(infinite) rows have D_i = ∞: the bounds on D hold trivially from below, and the discounted sum, finite, does not track D there.")
        }
        table.notes = notes
        return (table, allBounds)
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
