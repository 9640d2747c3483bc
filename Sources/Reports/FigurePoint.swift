/// One point of a series, with an optional confidence band [low, high] at the same x.
public struct FigurePoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// The band's lower end (e.g. the 95 % interval's), nil when there is none.
    public var low: Double?
    /// The band's upper end, nil when there is none.
    public var high: Double?

    public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
        self.x = x
        self.y = y
        self.low = low
        self.high = high
    }

    /// The band when both ends exist, whatever their finiteness (renderers check that).
    public var band: (low: Double, high: Double)? {
        guard let low, let high else { return nil }
        return (low, high)
    }
}
