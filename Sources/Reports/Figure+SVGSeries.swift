extension Figure {
    /// Stroke width of solid and dashed lines, marker radius, band opacity.
    static let lineWidth = 2.0, dashedWidth = 1.6, markerRadius = 3.5, bandOpacity = 0.2

    /// The band of `entry`: a polygon (upper ends forward, lower ends back) per run of drawable band
    /// points, an error bar for a run of one. Returns the number of shapes drawn.
    func drawBand(_ entry: FigureSeries, into svg: inout SVGBuilder, plot: SVGPlotArea, clip: SVGClipRect) -> Int {
        let color = FigurePalette.color(entry.colorIndex).hex
        var drawn = 0
        for run in entry.bandSegments(x: plot.x, y: plot.y) {
            let upper = run.compactMap { p in p.high.flatMap { plot.point(p.x, $0) } }
            let lower = run.reversed().compactMap { p in p.low.flatMap { plot.point(p.x, $0) } }
            if run.count == 1, let top = upper.first, let bottom = lower.first {
                if let (a, b) = clip.segment(top, bottom) { svg.line(from: a, to: b, stroke: color, width: 1.5) }
                for end in [top, bottom] where clip.contains(end) { svg.line(from: (end.0 - 4, end.1), to: (end.0 + 4, end.1), stroke: color, width: 1.5) }
            } else {
                let polygon = clip.polygon(upper + lower)
                guard polygon.count > 2 else { continue }
                svg.raw("<polygon points=\"\(SVGBuilder.points(polygon))\" fill=\"\(color)\" fill-opacity=\"\(Self.bandOpacity)\" stroke=\"none\"/>")
            }
            drawn += 1
        }
        return drawn
    }

    /// The line of `entry` (one polyline per run of drawable points) and its markers. Returns the number
    /// of points drawn.
    /// `emphasis` ∈ [0, 1] widens the line by up to 1.5 px and the markers' radius by up to 1.5 px.
    func drawLine(_ entry: FigureSeries, emphasis: Double, into svg: inout SVGBuilder, plot: SVGPlotArea, clip: SVGClipRect) -> Int {
        let color = FigurePalette.color(entry.colorIndex).hex
        var drawn = 0
        for run in entry.lineSegments(x: plot.x, y: plot.y) {
            let pixels = run.compactMap { plot.point($0.x, $0.y) }
            if entry.style.drawsLine, pixels.count > 1 {
                for piece in clip.polylines(pixels) {
                    if entry.style == .dashed {
                        // A white halo under each dash keeps a bound visible where it lies on a solid line of its colour.
                        svg.raw("<polyline points=\"\(SVGBuilder.points(piece))\" \(Self.strokeAttributes(entry.style, color: "#ffffff", extraWidth: 1.5 * emphasis + 2))/>")
                    }
                    svg.raw("<polyline points=\"\(SVGBuilder.points(piece))\" \(Self.strokeAttributes(entry.style, color: color, extraWidth: 1.5 * emphasis))/>")
                }
            }
            if entry.style.drawsMarkers || pixels.count == 1 {
                for pixel in pixels where clip.contains(pixel) {
                    Self.marker(entry.colorIndex, at: pixel, color: color, radius: Self.markerRadius + 1.5 * emphasis, into: &svg)
                }
            }
            drawn += pixels.count
        }
        return drawn
    }

    /// A legend entry at (x, y) (its top-left): band swatch, line sample, marker, name.
    func drawLegendEntry(_ entry: FigureSeries, x: Double, y: Double, into svg: inout SVGBuilder) {
        let color = FigurePalette.color(entry.colorIndex).hex
        let middle = y + FigureLayout.legendRow / 2
        if entry.hasBand {
            svg.rect(x: x, y: middle - 6, width: FigureLayout.sample, height: 12,
                     attributes: "fill=\"\(color)\" fill-opacity=\"\(Self.bandOpacity)\" stroke=\"none\"")
        }
        if entry.style.drawsLine {
            svg.raw("<polyline points=\"\(SVGBuilder.points([(x, middle), (x + FigureLayout.sample, middle)]))\" \(Self.strokeAttributes(entry.style, color: color))/>")
        }
        if entry.style.drawsMarkers { Self.marker(entry.colorIndex, at: (x + FigureLayout.sample / 2, middle), color: color, into: &svg) }
        svg.text(entry.name, x: x + FigureLayout.sample + 8, y: middle + 4, size: FigureLayout.tickSize)
    }

    /// Stroke attributes of a line in `style`.
    static func strokeAttributes(_ style: SeriesStyle, color: String, extraWidth: Double = 0) -> String {
        let width = SVGBuilder.number((style.isDashed ? dashedWidth : lineWidth) + extraWidth)
        return "fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\" stroke-linejoin=\"round\""
            + (style.dashArray.map { " stroke-dasharray=\"\($0)\"" } ?? "")
    }

    /// A marker whose shape follows the colour index (circle, square, triangle, diamond), so series stay
    /// apart in greyscale too.
    static func marker(_ index: Int, at point: (Double, Double), color: String, radius r: Double = markerRadius,
                       into svg: inout SVGBuilder) {
        let (x, y) = point
        switch ((index % 4) + 4) % 4 {
        case 0:
            svg.raw("<circle cx=\"\(SVGBuilder.number(x))\" cy=\"\(SVGBuilder.number(y))\" r=\"\(SVGBuilder.number(r))\" fill=\"\(color)\"/>")
        case 1:
            svg.rect(x: x - r, y: y - r, width: 2 * r, height: 2 * r, attributes: "fill=\"\(color)\"")
        case 2:
            svg.raw("<polygon points=\"\(SVGBuilder.points([(x, y - 1.2 * r), (x + 1.1 * r, y + 0.8 * r), (x - 1.1 * r, y + 0.8 * r)]))\" fill=\"\(color)\"/>")
        default:
            svg.raw("<polygon points=\"\(SVGBuilder.points([(x, y - 1.3 * r), (x + 1.3 * r, y), (x, y + 1.3 * r), (x - 1.3 * r, y)]))\" fill=\"\(color)\"/>")
        }
    }
}
