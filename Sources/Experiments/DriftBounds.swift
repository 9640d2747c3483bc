/// The bounds `BoundVersusDriftTable` shows for one simulation, indexed by generation i = 0…G (nil where
/// the table shows none: i = 0, outside the clean regime, no measured round error).
public struct DriftBounds: Sendable, Equatable {
    /// α.
    public let freshFraction: Double
    /// The lower bound of `B.recursion` on D_i.
    public var lower: [Double?]
    /// S_{i−1}, the discounted sum of `B.thm4.2.discounted-sum`.
    public var discountedSum: [Double?]
}
