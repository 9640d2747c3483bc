extension Figure {
    /// The ticks of both axes, fitted to every drawable coordinate (points and band ends), and of the
    /// colour bar for a heat map. A heat map's axes span exactly its cells (unless the axis has a fixed
    /// range), so no empty margin surrounds them. Both renderers use these, so the SVG and the pgfplots
    /// snippet show the same ranges and ticks.
    func axisTicks() -> (x: AxisTicks, y: AxisTicks, color: AxisTicks?) {
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } }
        guard let map = heatMap else { return (AxisTicks(axis: xAxis, data: xs), AxisTicks(axis: yAxis, data: ys), nil) }
        let cells = map.cells(xScale: xAxis.scale, yScale: yAxis.scale)
        func spanned(_ axis: FigureAxis, _ edges: [Double]) -> FigureAxis {
            guard axis.range == nil, let low = edges.min(), let high = edges.max(), low < high else { return axis }
            return FigureAxis(axis.label, scale: axis.scale, range: low...high)
        }
        let x = spanned(xAxis, cells.flatMap { [$0.x.lowerBound, $0.x.upperBound] })
        let y = spanned(yAxis, cells.flatMap { [$0.y.lowerBound, $0.y.upperBound] })
        let color = AxisTicks(axis: FigureAxis(map.valueLabel, range: map.valueRange), data: [])
        return (AxisTicks(axis: x, data: xs), AxisTicks(axis: y, data: ys), color)
    }
}
