extension Table {
    /// The preamble a generated `.tex` table needs, stated in its first comment line (array for paragraph
    /// columns, longtable for `TablePresentation.Environment.longtable`).
    public static let latexPreamble = "\\usepackage{booktabs,siunitx,amsmath,array,longtable}"

    /// The convention for intervals, added to the notes of tables that have one.
    static let intervalConvention = "Intervals: value $\\pm$ half-width when the confidence interval is symmetric, otherwise value$^{+u}_{-l}$ for the interval [value $-$ l, value $+$ u]."

    /// `latex(provenance:environment:)` in a `table` float.
    public func latex(provenance: RunProvenance?) -> String { latex(provenance: provenance, environment: .table) }

    /// The table in LaTeX, fitted to a 10 pt `article`: `\small`, booktabs rules, siunitx alignment
    /// (`TableColumnLayout`), ∞ as `\infty`, headers in their LaTeX form (`TableColumn.latexHeader`).
    ///
    /// - A grouping column (α) becomes a row above each block of rows.
    /// - Wider than the text width (`TablePresentation.Environment.textWidth`, estimated by
    ///   `TableWidthEstimate`): split into parts (`TableParts`), each a float of its own with the index and
    ///   key columns repeated; part k > 1 is labelled `<label>-part<k>`.
    /// - Taller than a page in a float: only the index values `TablePresentation.defaultIndexValues` are
    ///   shown (a note says which); a table without an index column, or still too tall, becomes a
    ///   `longtable`. `longtable` itself keeps every row.
    ///
    /// The caption (what, setting, seed: `shownCaptionAndNotes`; the seed from `provenance` is added when
    /// the caption does not say it) goes above the table; the notes and the interval convention go in a `\footnotesize` paragraph
    /// below the last part. The first lines are `%` comments: the preamble it needs and, with
    /// `provenance`, who wrote it.
    public func latex(provenance: RunProvenance?, environment requested: TablePresentation.Environment) -> String {
        var table = self, environment = requested
        if environment != .longtable, table.estimatedHeight(environment: environment) > TableWidthEstimate.pageHeight {
            let present = table.indexValues
            if !present.isEmpty { table = table.showingIndexValues(TablePresentation.defaultIndexValues(of: present)) }
            if table.estimatedHeight(environment: environment) > TableWidthEstimate.pageHeight { environment = .longtable }
        }
        var text = provenance?.latexHeader ?? ""
        text += "% Needs \(Self.latexPreamble) in the preamble; \\input{} this file where the table goes.\n"
        let shown = table.shownCaptionAndNotes
        var caption = LaTeXEscaping.escapeWithScripts(Self.sentence(shown.caption))
        if let provenance, !table.caption.lowercased().contains("seed \(provenance.seed)") { caption += " Seed \(provenance.seed)." }
        let layouts = table.columns.indices.map { index in TableColumnLayout(cells: table.rows.map { $0[index] }) }
        let parts = table.parts(layouts: layouts, environment: environment)
        var notes = shown.notes.map { LaTeXEscaping.escapeWithScripts(Self.sentence($0)) }
        if table.rows.contains(where: { $0.contains { if case .interval = $0 { return true } else { return false } } }) { notes.append(Self.intervalConvention) }
        for (number, part) in parts.enumerated() {
            let partCaption = number == 0 ? caption : caption + " (continued, part \(number + 1) of \(parts.count).)"
            let label = number == 0 ? table.label : "\(table.label)-part\(number + 1)"
            text += table.latexPart(part, layouts: layouts, environment: environment, caption: partCaption, label: label,
                                    notes: number == parts.count - 1 ? notes : [])
        }
        return text
    }

    /// A sentence with its closing full stop (after a closing parenthesis too).
    public static func sentence(_ text: String) -> String {
        text.hasSuffix(".") || text.hasSuffix(")") && text.dropLast().hasSuffix(".") ? text : text + "."
    }

    /// The column indices of each part (grouping columns left out).
    func parts(layouts: [TableColumnLayout], environment: TablePresentation.Environment) -> [[Int]] {
        let widths = columns.indices.map { index in
            TableWidthEstimate.column(columns[index], cells: rows.map { $0[index] }, layout: layouts[index])
        }
        return TableParts.split(roles: columns.map(\.role), widths: widths, budget: environment.textWidth - TableWidthEstimate.margin,
                                repeatGrouping: false)
    }

    /// The estimated height of the tallest part with its caption and notes, in points.
    func estimatedHeight(environment: TablePresentation.Environment) -> Double {
        let scripted = rows.contains { $0.contains { if case .interval = $0 { return true } else { return false } } }
        let rowHeight = scripted ? TableWidthEstimate.scriptedRowHeight : TableWidthEstimate.rowHeight
        let headerLines = columns.map { TableWidthEstimate.headerLines($0.latexHeader) }.max() ?? 1
        let groups = columnGroups.count
        let noteCharacters = notes.reduce(0) { $0 + $1.count + 1 }
        let noteLines = Double(noteCharacters) / (environment.textWidth / 4.2) + 1
        return Double(rows.count) * rowHeight + Double(groups) * 13 + Double(headerLines) * 11 + 3 * 12 + noteLines * 9.5 + 20
    }

    /// The rows in blocks of equal grouping value (one block without a grouping column): the grouping
    /// cell and the rows' indices.
    var columnGroups: [(value: TableCell?, rows: [Int])] {
        guard let grouping = columns.firstIndex(where: { $0.role == .grouping }) else { return [(nil, Array(rows.indices))] }
        var blocks: [(value: TableCell?, rows: [Int])] = []
        for (index, row) in rows.enumerated() {
            if let last = blocks.last, last.value == row[grouping] { blocks[blocks.count - 1].rows.append(index) } else { blocks.append((row[grouping], [index])) }
        }
        return blocks
    }

    /// One part as a float (or a longtable): caption, tabular, notes.
    private func latexPart(_ part: [Int], layouts: [TableColumnLayout], environment: TablePresentation.Environment,
                           caption: String, label: String, notes: [String]) -> String {
        let natural = part.map { index in
            TableWidthEstimate.column(columns[index], cells: rows.map { $0[index] }, layout: layouts[index])
        }
        let spec = zip(part, natural).map { index, width in
            Self.columnSpec(layouts[index], paragraph: layouts[index].kind == .text && width > TableWidthEstimate.paragraphColumnWidth)
        }.joined()
        let header = part.map { index in
            var name = columns[index].latexHeader
            if name.contains("\\\\") { name = "\\begin{tabular}[b]{@{}c@{}}\(name)\\end{tabular}" }
            return layouts[index].kind == .numeric ? "{\(name)}" : name
        }.joined(separator: " & ") + " \\\\\n"
        var body = ""
        let grouping = columns.firstIndex(where: { $0.role == .grouping })
        for (number, block) in columnGroups.enumerated() {
            if let grouping, let value = block.value {
                if number > 0 { body += "\\midrule\n" }
                body += "\\multicolumn{\(part.count)}{@{}l}{\(columns[grouping].latexHeader) = \(value.latex)} \\\\\n"
            }
            for row in block.rows {
                body += part.map { Self.latexCell(rows[row][$0], layout: layouts[$0]) }.joined(separator: " & ") + " \\\\\n"
            }
        }
        let notesText = notes.isEmpty ? "" : "\\emph{Notes.} " + notes.joined(separator: " ")
        if environment == .longtable {
            var text = "\\begingroup\n\\small\n\\setlength{\\tabcolsep}{4pt}\n\\begin{longtable}{\(spec)}\n"
            text += "\\caption{\(caption)}\\label{\(label)} \\\\\n\\toprule\n" + header + "\\midrule\n\\endfirsthead\n"
            text += "\\toprule\n" + header + "\\midrule\n\\endhead\n\\bottomrule\n\\endfoot\n" + body + "\\end{longtable}\n\\endgroup\n"
            if !notesText.isEmpty { text += "{\\footnotesize\\noindent \(notesText)\\par}\n" }
            return text
        }
        let name = environment.rawValue
        var text = "\\begin{\(name)}[tbp]\n\\centering\n\\small\n\\setlength{\\tabcolsep}{4pt}\n\\caption{\(caption)}\n\\label{\(label)}\n"
        text += "\\begin{tabular}{\(spec)}\n\\toprule\n" + header + "\\midrule\n" + body + "\\bottomrule\n\\end{tabular}\n"
        if !notesText.isEmpty {
            text += "\\par\\medskip\n\\begin{minipage}{\\linewidth}\n\\footnotesize\\raggedright \(notesText)\n\\end{minipage}\n"
        }
        return text + "\\end{\(name)}\n"
    }

    private static func columnSpec(_ layout: TableColumnLayout, paragraph: Bool) -> String {
        switch layout.kind {
        case .numeric: return "S[table-format=\(layout.tableFormat ?? "1")]"
        case .interval: return "c"
        case .text: return paragraph ? ">{\\raggedright\\arraybackslash}p{\(Int(TableWidthEstimate.paragraphColumnWidth))pt}" : "l"
        }
    }

    /// One cell: bare siunitx input in `S` columns (braced when not a number), math elsewhere.
    private static func latexCell(_ cell: TableCell, layout: TableColumnLayout) -> String {
        switch cell {
        case .number(let value, let digits):
            guard value.isFinite else { return layout.kind == .numeric ? "{$\(math(value, digits: digits, layout: layout))$}" : "$\(math(value, digits: digits, layout: layout))$" }
            let number = TableColumnLayout.siunitxNumber(value, digits: digits, scientific: layout.scientific)
            return layout.kind == .numeric ? number : "\\num{\(number)}"
        case .interval(let mean, let low, let high, let digits):
            let up = high - mean, down = mean - low
            let center = math(mean, digits: digits, layout: layout)
            let upText = math(up, digits: digits, layout: layout), downText = math(down, digits: digits, layout: layout)
            if upText == downText { return "$\(center) \\pm \(upText)$" }
            return "${\(center)}^{+\(upText)}_{-\(downText)}$"
        case .estimate(let value, let standardError, let digits):
            return "$\(math(value, digits: digits, layout: layout)) \\pm \(math(standardError, digits: 2, layout: layout))$"
        case .text(let text): return layout.kind == .numeric ? "{\(LaTeXEscaping.escape(text))}" : LaTeXEscaping.escape(text)
        case .empty: return layout.kind == .numeric ? "{--}" : "--"
        }
    }

    /// Math-mode content: `\num{…}` for finite numbers, `\infty`, `-\infty`, `\mathrm{NaN}`.
    private static func math(_ value: Double, digits: Int, layout: TableColumnLayout) -> String {
        if value.isNaN { return "\\mathrm{NaN}" }
        if value.isInfinite { return value > 0 ? "\\infty" : "-\\infty" }
        return "\\num{\(TableColumnLayout.siunitxNumber(value, digits: digits, scientific: layout.scientific))}"
    }
}
