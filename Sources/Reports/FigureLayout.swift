/// Where the parts of a figure go on its canvas (pixels, y downwards): title lines on top, the plot
/// rectangle, and the legend outside the plot (right of it, or below when its names are long or a heat
/// map's colour bar takes the right side), so that it never covers data.
struct FigureLayout {
    /// Font sizes in px: title, axis labels, tick and legend text.
    static let titleSize = 15, labelSize = 13, tickSize = 12
    /// Height of one legend row.
    static let legendRow = 20.0
    /// Width of a legend entry's sample (line, marker, band).
    static let sample = 28.0
    /// A legend wider than this goes below the plot.
    static let widestSideLegend = 220.0

    let width: Double
    let height: Double
    let titleLines: [String]
    let plotLeft: Double, plotTop: Double, plotWidth: Double, plotHeight: Double
    /// Legend entries with their top-left corners.
    let legend: [(series: FigureSeries, x: Double, y: Double)]
    /// The colour bar's rectangle (heat maps only).
    let colorBar: (x: Double, y: Double, width: Double, height: Double)?

    var plotRight: Double { plotLeft + plotWidth }
    var plotBottom: Double { plotTop + plotHeight }

    init(figure: Figure, xTicks: AxisTicks, yTicks: AxisTicks, colorTicks: AxisTicks?) {
        let baseWidth = 640.0, baseHeight = 400.0
        // Bold glyphs run wider than the 0.6 em estimate: wrap 60 px short of the canvas.
        titleLines = Self.wrap(figure.title, width: baseWidth - 60, size: Self.titleSize)
        let entries = figure.series.filter { !$0.name.isEmpty }
        let sideLegendWidth = Self.sideLegendWidth(figure)
        let legendBelow = Self.legendBelow(figure)
        let yTickWidth = yTicks.labels.map { Self.width($0) }.max() ?? 0
        plotLeft = 10 + Double(Self.labelSize) + 12 + yTickWidth + 8
        plotTop = 12 + Double(titleLines.count) * 19 + 8
        var right = 20.0
        var colorBarWidth = 0.0
        if let colorTicks {
            let tickWidth = colorTicks.labels.map { Self.width($0) }.max() ?? 0
            colorBarWidth = 16
            right = 18 + colorBarWidth + 6 + tickWidth + 10 + Double(Self.labelSize) + 12
        } else if !legendBelow, !entries.isEmpty {
            right = 16 + sideLegendWidth
        }
        width = baseWidth
        plotWidth = width - plotLeft - right
        // Legend rows below the plot, wrapped to the plot's width.
        var placed: [(FigureSeries, Double, Double)] = []
        var belowRows = 0
        if legendBelow, !entries.isEmpty {
            var x = plotLeft, row = 0
            for entry in entries {
                let entryWidth = Self.sample + 8 + SVGBuilder.textWidth(entry.name, size: Self.tickSize) + 18
                if x > plotLeft, x + entryWidth > plotLeft + plotWidth { x = plotLeft; row += 1 }
                placed.append((entry, x, Double(row) * Self.legendRow))
                x += entryWidth
            }
            belowRows = row + 1
        }
        let belowHeight = belowRows > 0 ? Double(belowRows) * Self.legendRow + 6 : 0
        let bottom = 8 + Double(Self.tickSize) + 10 + Double(Self.labelSize) + 14
        height = baseHeight + belowHeight
        plotHeight = height - plotTop - bottom - belowHeight
        let legendTop = plotTop + plotHeight + bottom - 4
        if legendBelow {
            legend = placed.map { ($0.0, $0.1, legendTop + $0.2) }
        } else {
            let x = plotLeft + plotWidth + 16, top = plotTop + 4, row = Self.legendRow
            legend = entries.enumerated().map { ($0.element, x, top + Double($0.offset) * row) }
        }
        let barX = plotLeft + plotWidth + 18, barTop = plotTop, barHeight = plotHeight
        colorBar = colorTicks == nil ? nil : (barX, barTop, colorBarWidth, barHeight)
    }

    /// The width a legend right of the plot would take (0 without entries).
    static func sideLegendWidth(_ figure: Figure) -> Double {
        let names = figure.series.map(\.name).filter { !$0.isEmpty }
        guard let widest = names.map({ SVGBuilder.textWidth($0, size: tickSize) }).max() else { return 0 }
        return sample + 8 + widest + 12
    }

    /// Whether the legend goes below the plot: for a heat map (its colour bar is on the right) or when the
    /// names are too long for the side. The pgfplots snippet follows the same rule.
    static func legendBelow(_ figure: Figure) -> Bool {
        figure.heatMap != nil || sideLegendWidth(figure) > widestSideLegend
    }

    /// The width of a tick label, its superscript included.
    static func width(_ label: TickLabel) -> Double {
        SVGBuilder.textWidth(label.base + (label.exponent ?? ""), size: tickSize)
    }

    /// `text` broken at spaces into lines that fit `width` at `size` (a single long word stays whole).
    static func wrap(_ text: String, width: Double, size: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if !current.isEmpty, SVGBuilder.textWidth(candidate, size: size) > width {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        return current.isEmpty ? lines : lines + [current]
    }
}
