/// A heat map: rows of cells coloured by value through `FigureColorScale.viridis`, with a colour bar.
///
/// Cell (i, j) is centred on (xᵢ, yⱼ) and extends halfway to the neighbouring centres (a lone centre gets
/// width 1), so a heat map lives on ordinary data axes and series can be drawn over it.
public struct HeatMap: Sendable, Equatable {
    public var rows: [HeatMapRow]
    /// The values mapped to the two ends of the colour scale (values outside are clamped).
    public var valueRange: ClosedRange<Double>
    /// The colour bar's label.
    public var valueLabel: String

    /// A heat map from rows; `valueRange` defaults to the finite values' range (0…1 when there are none).
    public init(rows: [HeatMapRow], valueLabel: String, valueRange: ClosedRange<Double>? = nil) {
        self.rows = rows
        self.valueLabel = valueLabel
        let finite = rows.flatMap(\.values).filter(\.isFinite)
        if let valueRange {
            self.valueRange = valueRange
        } else if let low = finite.min(), let high = finite.max() {
            self.valueRange = low < high ? low...high : (low - 0.5)...(high + 0.5)
        } else {
            self.valueRange = 0...1
        }
    }

    /// A regular grid: `values[j][i]` is the value at (x[i], y[j]).
    public init(x: [Double], y: [Double], values: [[Double]], valueLabel: String, valueRange: ClosedRange<Double>? = nil) {
        precondition(values.count == y.count, "HeatMap: \(y.count) y values but \(values.count) rows of values")
        self.init(rows: zip(y, values).map { HeatMapRow(y: $0, x: x, values: $1) }, valueLabel: valueLabel, valueRange: valueRange)
    }
}
