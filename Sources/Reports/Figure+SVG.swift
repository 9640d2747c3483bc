import Foundation
import LinearAlgebra

extension Figure {
    /// The figure as a self-contained SVG 1.1 document in the subset every common renderer draws (librsvg,
    /// ImageMagick's built-in reader, browsers): presentation attributes only, no CSS and no clipPath (640 px wide, about 400 high; sans-serif text of
    /// 12–15 px). Linear axes carry nice ticks (m·10^k, m ∈ {1, 2, 5}), log axes decade ticks labelled
    /// 10^k with a superscript; the legend sits outside the plot (right, or below); bands are filled
    /// polygons at opacity 0.2 under their line, a single-point band an error bar; colours come from
    /// `FigurePalette` (series) and `FigureColorScale` (heat maps, with a colour bar).
    ///
    /// Points that cannot be drawn (non-finite, ≤ 0 on a log axis) break their line and never reach the
    /// file. Coordinates are printed with two decimals, so equal figures give equal bytes.
    ///
    /// - Parameter comment: a line put in an XML comment after the declaration (and in `<metadata>`), e.g.
    ///   the run's provenance. XML comments cannot contain "--", so the comment writes "- -" there; the
    ///   metadata keeps the exact text.
    public func svg(comment: String? = nil) -> String {
        let (xTicks, yTicks, colorTicks) = axisTicks()
        let layout = FigureLayout(figure: self, xTicks: xTicks, yTicks: yTicks, colorTicks: colorTicks)
        let plot = SVGPlotArea(layout: layout, x: xTicks, y: yTicks)
        var svg = SVGBuilder()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        if let comment { svg.raw("<!-- " + Self.commentSafe(comment) + " -->") }
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(SVGBuilder.number(layout.width))\" height=\"\(SVGBuilder.number(layout.height))\" viewBox=\"0 0 \(SVGBuilder.number(layout.width)) \(SVGBuilder.number(layout.height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">")
        svg.raw("<title>\(XMLEscaping.escape(title))</title>")
        if let comment { svg.raw("<metadata>\(XMLEscaping.escape(comment))</metadata>") }
        // Data are clipped geometrically (`SVGClipRect`), not by a clipPath: markers on the frame stay whole,
        // so the clip reaches a marker's size beyond the plot (except for heat-map cells, clipped to the frame).
        let bleed = heatMap == nil ? (Self.markerRadius + 1.5) * 1.3 + 1 : 0
        let clip = SVGClipRect(left: layout.plotLeft - bleed, top: layout.plotTop - bleed,
                               right: layout.plotLeft + layout.plotWidth + bleed, bottom: layout.plotTop + layout.plotHeight + bleed)
        svg.rect(x: 0, y: 0, width: layout.width, height: layout.height, attributes: "fill=\"#ffffff\"")
        drawGrid(&svg, plot: plot)
        svg.raw("<g id=\"plot-data\">")
        var drawn = 0
        if let map = heatMap { drawn += drawCells(map, into: &svg, plot: plot, clip: clip) }
        for entry in series { drawn += drawBand(entry, into: &svg, plot: plot, clip: clip) }
        for (index, entry) in series.enumerated() {
            // Earlier series are drawn wider and with larger markers, so a later series lying on top of one
            // (equal values) leaves a visible rim of it.
            let emphasis = series.count > 1 ? Double(series.count - 1 - index) / Double(series.count - 1) : 0
            drawn += drawLine(entry, emphasis: emphasis, into: &svg, plot: plot, clip: clip)
        }
        svg.raw("</g>")
        drawAxes(&svg, layout: layout, plot: plot)
        for entry in layout.legend { drawLegendEntry(entry.series, x: entry.x, y: entry.y, into: &svg) }
        if let map = heatMap, let bar = layout.colorBar, let colorTicks { drawColorBar(map, bar: bar, ticks: colorTicks, into: &svg) }
        if drawn == 0 {
            svg.text("no finite data to draw", x: layout.plotLeft + layout.plotWidth / 2, y: layout.plotTop + layout.plotHeight / 2,
                     size: FigureLayout.labelSize, anchor: "middle", extra: " fill=\"#555555\"")
        }
        svg.raw("</svg>")
        return svg.lines.joined(separator: "\n") + "\n"
    }

    /// Light grid lines at every tick (under the data).
    private func drawGrid(_ svg: inout SVGBuilder, plot: SVGPlotArea) {
        for value in plot.x.values { if let px = plot.px(value) { svg.line(from: (px, plot.top), to: (px, plot.bottom), stroke: "#e6e6e6") } }
        for value in plot.y.values { if let py = plot.py(value) { svg.line(from: (plot.left, py), to: (plot.right, py), stroke: "#e6e6e6") } }
    }

    /// The frame, tick marks, tick labels, axis labels and the title.
    private func drawAxes(_ svg: inout SVGBuilder, layout: FigureLayout, plot: SVGPlotArea) {
        svg.rect(x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top,
                 attributes: "fill=\"none\" stroke=\"#333333\" stroke-width=\"1.00\"")
        let size = FigureLayout.tickSize
        for (value, label) in zip(plot.x.values, plot.x.labels) {
            guard let px = plot.px(value) else { continue }
            svg.line(from: (px, plot.bottom), to: (px, plot.bottom + 5), stroke: "#333333")
            svg.text(label.base, x: px, y: plot.bottom + 8 + Double(size), size: size, anchor: "middle", superscript: label.exponent)
        }
        for (value, label) in zip(plot.y.values, plot.y.labels) {
            guard let py = plot.py(value) else { continue }
            svg.line(from: (plot.left - 5, py), to: (plot.left, py), stroke: "#333333")
            svg.text(label.base, x: plot.left - 8, y: py + 4, size: size, anchor: "end", superscript: label.exponent)
        }
        let labelSize = FigureLayout.labelSize
        svg.text(xAxis.label, x: (plot.left + plot.right) / 2, y: plot.bottom + 8 + Double(size) + 10 + Double(labelSize),
                 size: labelSize, anchor: "middle")
        let yLabelX = 10 + Double(labelSize)
        svg.text(yAxis.label, x: yLabelX, y: (plot.top + plot.bottom) / 2, size: labelSize, anchor: "middle", rotate: -90)
        for (index, line) in layout.titleLines.enumerated() {
            svg.text(line, x: layout.width / 2, y: 12 + 15 + Double(index) * 19, size: FigureLayout.titleSize, anchor: "middle",
                     extra: " font-weight=\"bold\"")
        }
    }

    /// A comment body XML accepts: no "--", not ending in "-".
    static func commentSafe(_ text: String) -> String {
        var safe = text
        while safe.contains("--") { safe = safe.replacingOccurrences(of: "--", with: "- -") }
        return safe.hasSuffix("-") ? safe + " " : safe
    }
}
