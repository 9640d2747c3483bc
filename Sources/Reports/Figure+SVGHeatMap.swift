extension Figure {
    /// The heat map's cells as rectangles filled by `FigureColorScale`. Returns the number of cells.
    func drawCells(_ map: HeatMap, into svg: inout SVGBuilder, plot: SVGPlotArea, clip: SVGClipRect) -> Int {
        let cells = map.cells(xScale: xAxis.scale, yScale: yAxis.scale)
        for cell in cells {
            guard let (x0, y0) = plot.point(cell.x.lowerBound, cell.y.upperBound),
                  let (x1, y1) = plot.point(cell.x.upperBound, cell.y.lowerBound) else { continue }
            // Half a pixel of overlap hides anti-aliasing seams between neighbouring cells.
            guard let cellRect = clip.rect(x: x0, y: y0, width: x1 - x0 + 0.5, height: y1 - y0 + 0.5) else { continue }
            svg.rect(x: cellRect.x, y: cellRect.y, width: cellRect.width, height: cellRect.height,
                     attributes: "fill=\"\(FigureColorScale.color(cell.value, in: map.valueRange).hex)\"")
        }
        return cells.count
    }

    /// The colour bar: one strip per 1/64 of the range, its ticks and its label.
    func drawColorBar(_ map: HeatMap, bar: (x: Double, y: Double, width: Double, height: Double), ticks: AxisTicks,
                      into svg: inout SVGBuilder) {
        let strips = 64
        let low = map.valueRange.lowerBound, high = map.valueRange.upperBound
        for k in 0..<strips {
            let value = low + (high - low) * (Double(k) + 0.5) / Double(strips)
            let top = bar.y + bar.height * (1 - Double(k + 1) / Double(strips))
            svg.rect(x: bar.x, y: top, width: bar.width, height: bar.height / Double(strips) + 0.5,
                     attributes: "fill=\"\(FigureColorScale.color(value, in: map.valueRange).hex)\"")
        }
        svg.rect(x: bar.x, y: bar.y, width: bar.width, height: bar.height, attributes: "fill=\"none\" stroke=\"#333333\" stroke-width=\"1.00\"")
        var widest = 0.0
        for (value, label) in zip(ticks.values, ticks.labels) {
            guard let t = ticks.fraction(value) else { continue }
            let y = bar.y + bar.height * (1 - t)
            svg.line(from: (bar.x + bar.width, y), to: (bar.x + bar.width + 4, y), stroke: "#333333")
            svg.text(label.base, x: bar.x + bar.width + 6, y: y + 4, size: FigureLayout.tickSize, superscript: label.exponent)
            widest = max(widest, FigureLayout.width(label))
        }
        let labelX = bar.x + bar.width + 6 + widest + 8 + Double(FigureLayout.labelSize)
        svg.text(map.valueLabel, x: labelX, y: bar.y + bar.height / 2, size: FigureLayout.labelSize, anchor: "middle", rotate: -90)
    }
}
