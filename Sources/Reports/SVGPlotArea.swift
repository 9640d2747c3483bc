/// The plot rectangle with the two axes' mappings from data to pixels (y upwards on screen).
struct SVGPlotArea {
    let left: Double, top: Double, right: Double, bottom: Double
    let x: AxisTicks
    let y: AxisTicks

    init(layout: FigureLayout, x: AxisTicks, y: AxisTicks) {
        left = layout.plotLeft
        top = layout.plotTop
        right = layout.plotRight
        bottom = layout.plotBottom
        self.x = x
        self.y = y
    }

    /// The pixel column of `value`, nil when the x axis cannot draw it.
    func px(_ value: Double) -> Double? { x.fraction(value).map { left + $0 * (right - left) } }

    /// The pixel row of `value`, nil when the y axis cannot draw it.
    func py(_ value: Double) -> Double? { y.fraction(value).map { bottom - $0 * (bottom - top) } }

    /// The pixel position of (x, y), nil when either cannot be drawn.
    func point(_ xValue: Double, _ yValue: Double) -> (Double, Double)? {
        guard let px = px(xValue), let py = py(yValue) else { return nil }
        return (px, py)
    }
}
