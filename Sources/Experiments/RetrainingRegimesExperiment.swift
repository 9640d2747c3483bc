import Foundation
import Reports
import Retraining
import Theorems

/// The three regimes of [B, §4] and where [B, Thm 4.2]'s discounted sum tracks D_i, on the exact
/// mean-shift model (`MeanShiftRecursion`): no fresh data accumulates, persistent error plateaus near
/// ε²/(1 − (1−α)²), summable errors decay; independent errors are tracked by the discounted sum, aligned
/// errors exceed it by (2 − α)/α.
public struct RetrainingRegimesExperiment: PaperExperiment {
    public let name = "retraining-regimes"
    public let title = "[B] regimes of accumulated divergence (accumulate, plateau, decay) and the discounted sum, on an exact model"
    public let claims = ["B.plateau", "B.thm4.2.discounted-sum"]
    /// Exact recursions and a Monte-Carlo mean taking seconds even at paper scale: no sweep to shard.
    public let hasSweep = false

    /// Dimension and per-round error size of the model.
    public var dimension = 4
    public var errorSize = 0.05

    public init() {}

    public func run(in directory: ReportDirectory, scale: ExperimentScale, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        let sequences = scale == .quick ? 4_000 : 100_000
        let generations = 60
        let shown = [1, 5, 10, 20, 40, 60]
        let plateau = try TheoremRegistry.theorem("B.plateau")
        var table = Table(
            caption: "Regimes of D_i = χ²(p̂ⁱ‖p_data) on the exact mean-shift model (der): p_data = N(0, I_\(dimension)), p̂ⁱ = N(μᵢ, I), μᵢ₊₁ = (1−α)μᵢ + δᵢ, ε*_i² = ‖δᵢ‖², ‖δ‖ = \(errorSize). D_i is exact for aligned errors and a Monte-Carlo mean over \(sequences) direction sequences (± SE) otherwise. S_{i−1} is B.thm4.2.discounted-sum [B, Thm 4.2] (D_0 = 0); the plateau is B.plateau, ε²/(1−(1−α)²) [B, §4].",
            label: "tab:\(name)",
            columns: [TableColumn("errors", key: "errors", role: .key), TableColumn("α", latex: "$\\alpha$", key: "alpha", role: .key),
                      TableColumn("i", latex: "$i$", key: "i", role: .index), TableColumn("D_i", latex: "$D_i$", key: "D"),
                      TableColumn("± SE", latex: "$\\pm$ SE", key: "SE"), TableColumn("S_{i−1}: B.thm4.2", latex: "$S_{i-1}$\\\\B.thm4.2", key: "S", role: .bound),
                      TableColumn("D_i ÷ S_{i−1}", latex: "$D_i / S_{i-1}$", key: "ratio", role: .bound),
                      TableColumn("B.plateau", key: "plateau", role: .bound), TableColumn("regime", key: "regime", role: .bound),
                      TableColumn("outside hypotheses", key: "outside-hypotheses", role: .bound)])
        let cases = MeanShiftRecursion.ErrorPattern.allCases.flatMap { pattern in [0.0, 0.1, 0.5].map { (pattern, $0) } }
        var curves: [MeanShiftRecursion.ErrorPattern: [(alpha: Double, rows: [MeanShiftRecursion.Row], plateau: Double?)]] = [:]
        for (index, (pattern, alpha)) in cases.enumerated() {
            let model = MeanShiftRecursion(freshFraction: alpha, dimension: dimension, errorSize: errorSize, pattern: pattern)
            let rows = model.rows(generations: generations, sequences: sequences, seed: seed &+ UInt64(index))
            let limit: Double? = alpha > 0 && pattern != .summable
                ? try plateau.evaluate(["alpha": alpha, "epsilon-squared": errorSize * errorSize]).value : nil
            curves[pattern, default: []].append((alpha, rows, limit))
            for row in rows where shown.contains(row.generation) {
                table.append([
                    .text(pattern.rawValue), .number(alpha, digits: 2), .number(Double(row.generation), digits: 3),
                    .number(row.chiSquared, digits: 4), .number(row.standardError, digits: 2),
                    .number(row.discountedSum, digits: 4), .number(row.chiSquared / row.discountedSum, digits: 3),
                    limit.map { .number($0, digits: 4) } ?? .empty, .text(Self.regime(pattern, alpha)),
                    .text(Self.outsideHypotheses(pattern, alpha)),
                ])
            }
            progress(name, index + 1, cases.count)
        }
        table.notes = [
            "Independent errors: E‖μ_{N+1}‖² equals S_N exactly, so D ≈ S to first order in ‖μ‖² (ratio → 1).",
            "Aligned errors add coherently: ‖μ_{N+1}‖ = ‖δ‖Σ(1−α)^k, so D/S → (2−α)/α for small ‖μ‖ (= 19 at α = 0.1, 3 at α = 0.5): the discounted sum under-estimates D by that factor. A bound of the form D ≲ S holds only up to a constant that depends on α.",
            "Hypotheses (labels of `closedform theorems`): B.thm4.2 assumes summable errors (sum-eps*2<inf), so the aligned and independent rows, whose error ε*² = ‖δ‖² = \(NumberFormatting.significant(errorSize * errorSize, digits: 3)) recurs every round (Σε*² = ∞), lie outside it — S is shown there as a comparison only; the summable rows (‖δᵢ‖ ∝ 1/(i+1)²) are inside. Every row is inside eps*2<=1 (ε*² ≤ \(NumberFormatting.significant(errorSize * errorSize, digits: 3))) and A3 (χ² between two unit-covariance Gaussians is finite). B.plateau (der) needs α > 0 and a persistent error: its cell is empty (—) for α = 0 (no plateau: D grows without bound) and for summable errors (D → 0 or a constant, no plateau).",
            "α = 0 (no fresh data): D grows linearly (independent) or quadratically (aligned); summable errors with α > 0: D → 0 (with α = 0 they converge to a constant). Ratios above these limits at large D come from D = exp(‖μ‖²) − 1 > ‖μ‖².",
        ]
        try directory.write(table, basename: "regimes")
        let zeros = curves.values.flatMap { $0.flatMap(\.rows) }.filter { $0.chiSquared <= 0 }.count
        let figures = MeanShiftRecursion.ErrorPattern.allCases.map { pattern in
            (label: "\(pattern.rawValue) errors", basename: "regimes-\(pattern.rawValue)",
             figure: Self.figure(pattern, curves: curves[pattern] ?? []))
        }
        return ["- `regimes.md` (.tex/.csv/.json): " + table.notes.joined(separator: " "),
                try FigureIndexLine.write(figures, caption: "Dᵢ against generation with Sᵢ₋₁ and the plateau", experiment: name,
                                          in: directory, note: zeros > 0 ? "\(zeros) values Dᵢ ≤ 0 are left out (log axis)" : nil)]
    }

    /// D_i against i for one error pattern and every α, from the rows behind the table (all generations):
    /// D_i with ± 1.96 SE as its band (none where D_i is exact), S_{i−1} dashed and the plateau of B.plateau dotted.
    static func figure(_ pattern: MeanShiftRecursion.ErrorPattern,
                       curves: [(alpha: Double, rows: [MeanShiftRecursion.Row], plateau: Double?)]) -> Figure {
        var series: [FigureSeries] = []
        for (index, curve) in curves.enumerated() {
            let alpha = "α = " + NumberFormatting.significant(curve.alpha, digits: 2)
            let measured = curve.rows.map { row in
                // 1.96: the two-sided 95 % normal quantile for a Monte-Carlo mean.
                row.standardError > 0
                    ? FigurePoint(x: Double(row.generation), y: row.chiSquared, low: row.chiSquared - 1.96 * row.standardError,
                                  high: row.chiSquared + 1.96 * row.standardError)
                    : FigurePoint(x: Double(row.generation), y: row.chiSquared)
            }
            series.append(FigureSeries(name: "Dᵢ, \(alpha)", points: measured, style: .line, colorIndex: index))
            series.append(FigureSeries(name: "Sᵢ₋₁, \(alpha)", points: curve.rows.map { FigurePoint(x: Double($0.generation), y: $0.discountedSum) },
                                       style: .dashed, colorIndex: index))
            if let plateau = curve.plateau, let last = curve.rows.last {
                series.append(FigureSeries(name: "plateau, \(alpha)", points: [FigurePoint(x: 0, y: plateau), FigurePoint(x: Double(last.generation), y: plateau)],
                                           style: .dotted, colorIndex: index))
            }
        }
        return Figure(title: "Mean-shift model, \(pattern.rawValue) errors (band: ± 1.96 SE)",
                      xAxis: FigureAxis("generation i"), yAxis: FigureAxis("Dᵢ = χ²(p̂ⁱ‖p_data)", scale: .log10), series: series)
    }

    /// The bounds shown whose hypotheses the row violates, each with the failed label (the why is in the
    /// table's notes): persistent errors are outside B.thm4.2's Σε*² < ∞, α = 0 is outside B.plateau's α > 0.
    static func outsideHypotheses(_ pattern: MeanShiftRecursion.ErrorPattern, _ alpha: Double) -> String {
        var outside: [String] = []
        if pattern != .summable { outside.append("B.thm4.2 (\(TheoremAssumption.summableErrors.label ?? "sum-eps*2<inf"))") }
        if alpha == 0 && pattern != .summable { outside.append("B.plateau (α = 0)") }
        return outside.isEmpty ? "none" : outside.joined(separator: "; ")
    }

    static func regime(_ pattern: MeanShiftRecursion.ErrorPattern, _ alpha: Double) -> String {
        switch (pattern, alpha == 0) {
        case (.summable, true): return "summable, no fresh data: converges to a constant"
        case (.summable, false): return "summable: decays to 0"
        case (.aligned, true): return "no fresh data: grows ∝ i²"
        case (.independent, true): return "no fresh data: grows ∝ i"
        case (_, false): return "persistent: plateaus"
        }
    }
}
