import Reports
import Retraining

extension RunSummary {
    /// The summary as a figure point at `x`: the mean, with its 95 % interval as the band (both ends
    /// clamped at 0 for a non-negative quantity, as in the tables' cells); no band with one run or ∞.
    func figurePoint(x: Double, nonNegative: Bool = false) -> FigurePoint {
        FigurePoint(x: x, y: mean, low: lower.map { nonNegative ? max(0, $0) : $0 }, high: upper.map { nonNegative ? max(0, $0) : $0 })
    }
}
