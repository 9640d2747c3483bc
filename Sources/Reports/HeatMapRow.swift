/// One row of a heat map: the y of the row, and the x and value of each of its cells in ascending x.
///
/// Rows may have different x (e.g. N/d for a fixed d): each cell reaches halfway to its neighbours.
public struct HeatMapRow: Sendable, Equatable {
    public var y: Double
    public var x: [Double]
    /// One value per x; a non-finite value leaves its cell empty.
    public var values: [Double]

    public init(y: Double, x: [Double], values: [Double]) {
        precondition(x.count == values.count, "HeatMapRow: \(x.count) x values but \(values.count) cell values")
        self.y = y
        self.x = x
        self.values = values
    }
}
