import Foundation

extension Figure {
    /// The figure as a pgfplots `tikzpicture` for a paper: the same data, ranges, ticks, colours
    /// (`\definecolor`) and colormap as `svg`. It needs only `\usepackage{pgfplots}\pgfplotsset{compat=1.17}`
    /// (no extra library): bands are closed filled paths, `\addplot[fill=…, fill opacity=0.2, draw=none]
    /// coordinates {…} -- cycle;`, under their line; a heat map is a `patch` plot of rectangles
    /// (`patch type=rectangle`, core pgfplots) with one explicit point meta per cell and a colour bar, which
    /// also draws rows whose x differ; the picture is as wide as the line (`\linewidth`), its legend below the axis.
    ///
    /// Text is escaped by `LaTeXEscaping` (Greek letters, ², ≤, … become math); any other non-ASCII
    /// character becomes `?`, so the snippet compiles with pdflatex. Undrawable points are left out and
    /// break the line, as in the SVG.
    ///
    /// - Parameter comment: a line written as a `%` comment at the top, e.g. the run's provenance.
    public func pgfplots(comment: String? = nil) -> String {
        let (xTicks, yTicks, colorTicks) = axisTicks()
        var lines: [String] = []
        if let comment { lines.append("% " + comment.replacingOccurrences(of: "\n", with: " ")) }
        lines.append("% pgfplots figure written by closedform; needs \\usepackage{pgfplots}\\pgfplotsset{compat=1.17}")
        lines.append("\\begin{tikzpicture}")
        let used = Set(series.map { ((($0.colorIndex % FigurePalette.colors.count) + FigurePalette.colors.count) % FigurePalette.colors.count) }).sorted()
        for index in used {
            lines.append("\\definecolor{\(FigurePalette.pgfName(index))}{HTML}{\(FigurePalette.color(index).hex.dropFirst().uppercased())}")
        }
        lines.append("\\begin{axis}[")
        lines += axisOptions(xTicks: xTicks, yTicks: yTicks, colorTicks: colorTicks).map { "  " + $0 + "," }
        lines.append("]")
        if let map = heatMap { lines += pgfCells(map) }
        for entry in series { lines += pgfBand(entry, x: xTicks, y: yTicks) }
        for entry in series { lines += pgfLine(entry, x: xTicks, y: yTicks) }
        lines.append("\\end{axis}")
        lines.append("\\end{tikzpicture}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `axis` options: size, labels, modes, ranges, ticks, legend placement, colour bar.
    private func axisOptions(xTicks: AxisTicks, yTicks: AxisTicks, colorTicks: AxisTicks?) -> [String] {
        // The picture fits the text width of the page it is put on (345 pt in a one-column article): the
        // axis and its labels take the line (less the colour bar's room for a heat map), the legend goes below.
        // pgfplots counts 45 pt for the tick labels; wide labels (10⁻¹⁰) and the colour bar need the rest.
        let width = heatMap == nil ? "0.85\\linewidth" : "0.64\\linewidth"
        // A long title or x label wraps within the axis' width rather than running past the line (the title is
        // centred on the axis, so a wider box would stick out on the left).
        let labelWidth = heatMap == nil ? "0.8\\linewidth" : "0.6\\linewidth"
        var options = ["width=\(width)", "height=6cm", "title={\(Self.latex(title))}", "title style={font=\\small, align=center, text width=\(labelWidth)}",
                       "xlabel={\(Self.latex(xAxis.label))}", "xlabel style={align=center, text width=\(labelWidth)}", "ylabel={\(Self.latex(yAxis.label))}"]
        for (name, axis, ticks) in [("x", xAxis, xTicks), ("y", yAxis, yTicks)] {
            if axis.scale == .log10 { options.append("\(name)mode=log") }
            options.append("\(name)min=\(Self.number(ticks.low)), \(name)max=\(Self.number(ticks.high))")
            options.append("\(name)tick={\(ticks.values.map(Self.number).joined(separator: ","))}")
        }
        options += ["tick label style={font=\\small}", "legend cell align=left"]
        if let map = heatMap, let colorTicks {
            let anchors = FigureColorScale.anchors.map { "rgb255=(\($0.red),\($0.green),\($0.blue))" }.joined(separator: " ")
            options += ["axis on top", "enlargelimits=false", "colormap={cfviridis}{\(anchors)}", "colorbar",
                        "point meta min=\(Self.number(map.valueRange.lowerBound)), point meta max=\(Self.number(map.valueRange.upperBound))",
                        "colorbar style={ylabel={\(Self.latex(map.valueLabel))}, ytick={\(colorTicks.values.map(Self.number).joined(separator: ","))}}",
            ]
        } else {
            options += ["grid=major", "grid style={black!10}"]
        }
        let longest = series.map(\.name.count).max() ?? 0
        options += ["legend style={at={(0.5,-0.28)}, anchor=north, legend columns=\(heatMap == nil && longest <= 28 ? 2 : 1), font=\\small}"]
        return options
    }

    /// The heat map's cells as one rectangle patch plot, four corners per cell carrying the cell's value.
    private func pgfCells(_ map: HeatMap) -> [String] {
        let cells = map.cells(xScale: xAxis.scale, yScale: yAxis.scale)
        guard !cells.isEmpty else { return [] }
        var lines = ["\\addplot[patch, patch type=rectangle, shader=flat corner, point meta=explicit, forget plot] coordinates {"]
        for cell in cells {
            let value = " [" + Self.number(cell.value) + "]"
            let corners = [(cell.x.lowerBound, cell.y.lowerBound), (cell.x.upperBound, cell.y.lowerBound),
                           (cell.x.upperBound, cell.y.upperBound), (cell.x.lowerBound, cell.y.upperBound)]
            lines.append("  " + corners.map { Self.coordinate($0.0, $0.1) + value }.joined(separator: " "))
        }
        lines.append("};")
        return lines
    }

    /// The band of `entry` as closed filled paths (a vertical segment for a run of one point).
    private func pgfBand(_ entry: FigureSeries, x: AxisTicks, y: AxisTicks) -> [String] {
        let color = FigurePalette.pgfName(entry.colorIndex)
        return entry.bandSegments(x: x, y: y).map { run in
            if run.count == 1, let band = run[0].band {
                return "\\addplot[color=\(color), forget plot] coordinates {\(Self.coordinate(run[0].x, band.low)) \(Self.coordinate(run[0].x, band.high))};"
            }
            let outline = run.compactMap { p in p.high.map { Self.coordinate(p.x, $0) } }
                + run.reversed().compactMap { p in p.low.map { Self.coordinate(p.x, $0) } }
            return "\\addplot[fill=\(color), fill opacity=\(Self.bandOpacity), draw=none, forget plot] coordinates {\(outline.joined(separator: " "))} -- cycle;"
        }
    }

    /// The line of `entry`, one `\addplot` per run of drawable points; only the first enters the legend
    /// (an empty series still gets its legend entry through `\addlegendimage`).
    private func pgfLine(_ entry: FigureSeries, x: AxisTicks, y: AxisTicks) -> [String] {
        let style = Self.pgfStyle(entry)
        let runs = entry.lineSegments(x: x, y: y)
        var lines: [String] = []
        for (index, run) in runs.enumerated() {
            let forget = index > 0 || entry.name.isEmpty ? ", forget plot" : ""
            let marks = run.count == 1 && !entry.style.drawsMarkers ? ", mark=\(Self.pgfMark(entry.colorIndex))" : ""
            lines.append("\\addplot[\(style)\(marks)\(forget)] coordinates {\(run.map { Self.coordinate($0.x, $0.y) }.joined(separator: " "))};")
            if index == 0, !entry.name.isEmpty { lines.append("\\addlegendentry{\(Self.latex(entry.name))}") }
        }
        if runs.isEmpty, !entry.name.isEmpty {
            lines.append("\\addlegendimage{\(style)}")
            lines.append("\\addlegendentry{\(Self.latex(entry.name))}")
        }
        return lines
    }

    /// The plot options of a series' line: colour, width, dashing and marks as in the SVG.
    static func pgfStyle(_ entry: FigureSeries) -> String {
        let color = FigurePalette.pgfName(entry.colorIndex)
        switch entry.style {
        case .line: return "color=\(color), line width=1pt, mark=none"
        case .dashed: return "color=\(color), line width=0.8pt, dashed, mark=none"
        case .dotted: return "color=\(color), line width=1pt, dotted, mark=none"
        case .markers: return "color=\(color), only marks, mark=\(pgfMark(entry.colorIndex))"
        case .lineWithMarkers: return "color=\(color), line width=1pt, mark=\(pgfMark(entry.colorIndex)), mark size=1.8pt"
        }
    }

    /// The mark matching the SVG's marker shape for a colour index.
    static func pgfMark(_ index: Int) -> String {
        ["*", "square*", "triangle*", "diamond*"][((index % 4) + 4) % 4]
    }

    /// `(x,y)` with `number`.
    static func coordinate(_ x: Double, _ y: Double) -> String { "(" + number(x) + "," + number(y) + ")" }

    /// A finite number with 10 significant digits (pgfplots reads `1e-05`).
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "Figure.pgfplots: non-finite number \(value)")
        let text = String(format: "%.10g", value)
        return text == "-0" ? "0" : text
    }

    /// Text for a pgfplots option or legend entry, escaped by `LaTeXEscaping` (sub/superscript runs as one
    /// math group, <, >, | and hats in math mode, anything unmapped as [U+XXXX]), so the snippet compiles
    /// with pdflatex.
    static func latex(_ text: String) -> String { LaTeXEscaping.escape(text) }
}
