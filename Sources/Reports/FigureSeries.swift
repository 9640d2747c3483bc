/// One named series of a figure: points in order of x, a style, and a colour from `FigurePalette`.
///
/// Non-finite coordinates (and, on a log axis, values ≤ 0) are never drawn: the line breaks there. A band
/// is drawn where both of its ends are drawable, as a filled region under the line.
public struct FigureSeries: Sendable, Equatable {
    /// The legend entry; an empty name keeps the series out of the legend.
    public var name: String
    public var points: [FigurePoint]
    public var style: SeriesStyle
    /// Index into `FigurePalette.colors` (modulo its size); series that belong together (a measurement
    /// and its bounds) share one.
    public var colorIndex: Int

    public init(name: String, points: [FigurePoint], style: SeriesStyle = .lineWithMarkers, colorIndex: Int) {
        self.name = name
        self.points = points
        self.style = style
        self.colorIndex = colorIndex
    }

    /// Whether any point carries a band.
    public var hasBand: Bool { points.contains { $0.band != nil } }
}
