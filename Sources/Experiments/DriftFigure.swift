import Foundation
import Reports
import Retraining

/// The drift figure of a retraining simulation: measured D_i = χ²(p̂ⁱ‖p_data) against the generation i
/// with its 95 % interval as a band, the exact population D_i where known, and the bounds of
/// `BoundVersusDriftTable` as dashed lines: `B.recursion`'s lower bound and [B, Thm 4.2]'s S_{i−1}. Every
/// number is the one the table prints. +∞ values (D_i infinite in some run, or in the population) are left
/// out and counted, for a note beside the link.
enum DriftFigure {
    /// The figure and how many +∞ values it leaves out.
    /// Generations 1…G, the table's rows (D₀ is 0 up to rounding). A series with nothing finite keeps its
    /// legend entry, which says why it is absent.
    static func make(_ result: RetrainingResult, bounds: DriftBounds, title: String) -> (figure: Figure, infinite: Int) {
        let rows = Array(result.rows.dropFirst())
        let generations = rows.map { Double($0.generation) }
        let measured = zip(generations, rows).map { $1.chiSquared.figurePoint(x: $0, nonNegative: true) }
        let population = zip(generations, rows).map { FigurePoint(x: $0, y: $1.population?.chiSquared ?? .nan) }
        let lower = zip(generations, bounds.lower.dropFirst()).map { FigurePoint(x: $0, y: $1 ?? .nan) }
        let sum = zip(generations, bounds.discountedSum.dropFirst()).map { FigurePoint(x: $0, y: $1 ?? .nan) }
        func drawable(_ points: [FigurePoint]) -> Bool { points.contains { $0.y.isFinite } }
        var series = [FigureSeries(name: "measured Dᵢ (95% CI)", points: measured, colorIndex: 0)]
        if rows.contains(where: { $0.population != nil }) {
            series.append(FigureSeries(name: drawable(population) ? "population Dᵢ (N = ∞)" : "population Dᵢ (N = ∞): +∞, not drawn",
                                       points: population, style: .line, colorIndex: 6))
        }
        series.append(FigureSeries(name: drawable(lower) ? "lower bound B.recursion" : "lower bound B.recursion: not applicable (table flags)",
                                   points: lower, style: .dashed, colorIndex: 1))
        series.append(FigureSeries(name: "Sᵢ₋₁ of B.thm4.2", points: sum, style: .dashed, colorIndex: 2))
        let values = series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } }
        let infinite = series.flatMap(\.points).filter { $0.y == .infinity }.count
        let figure = Figure(title: title, xAxis: FigureAxis("generation i"),
                            yAxis: FigureAxis("Dᵢ = χ²(p̂ⁱ‖p_data)", scale: logScale(values)), series: series)
        return (figure, infinite)
    }

    /// log₁₀ when the positive finite values span more than two decades, linear otherwise.
    static func logScale(_ values: [Double]) -> AxisScale {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        guard let low = positive.min(), let high = positive.max() else { return .linear }
        return high / low > 100 ? .log10 : .linear
    }
}
