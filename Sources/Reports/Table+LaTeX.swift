extension Table {
    /// The preamble a generated `.tex` table needs, stated in its first comment line.
    public static let latexPreamble = "\\usepackage{booktabs,siunitx,amsmath}"

    /// The convention for intervals, added to the caption of tables that have one.
    static let intervalConvention = "Intervals: value $\\pm$ half-width when the confidence interval is symmetric, otherwise value$^{+u}_{-l}$ for the interval [value $-$ l, value $+$ u]."

    /// A LaTeX `table` with booktabs rules and siunitx alignment (see `TableColumnLayout`): numbers in `S`
    /// columns, intervals as `\num{m} \pm \num{h}` or `{\num{m}}^{+\num{u}}_{-\num{l}}`, ∞ as `\infty`,
    /// text in `l` columns. The caption holds the caption, the notes, the interval convention when an
    /// interval is shown, and the seed when `provenance` is given and the caption does not already say it;
    /// a caption or note without a closing full stop gets one.
    /// The first lines are `%` comments: the preamble it needs and, with `provenance`, who wrote it.
    /// Compiles with pdflatex given `\usepackage{booktabs,siunitx,amsmath}`.
    public func latex(provenance: RunProvenance?) -> String {
        let layouts = columns.indices.map { index in TableColumnLayout(cells: rows.map { $0[index] }) }
        var text = provenance?.latexHeader ?? ""
        text += "% Needs \(Self.latexPreamble) in the preamble; \\input{} this file where the table goes.\n"
        text += "\\begin{table}[t]\n\\centering\n\\small\n\\begin{tabular}{\(layouts.map(Self.columnSpec).joined())}\n\\toprule\n"
        text += zip(columns, layouts).map { name, layout in
            layout.kind == .numeric ? "{\(LaTeXEscaping.escape(name))}" : LaTeXEscaping.escape(name)
        }.joined(separator: " & ") + " \\\\\n\\midrule\n"
        for row in rows {
            text += zip(row, layouts).map { Self.latexCell($0, layout: $1) }.joined(separator: " & ") + " \\\\\n"
        }
        text += "\\bottomrule\n\\end{tabular}\n"
        var parts = ([caption] + notes).map { sentence in
            LaTeXEscaping.escape(sentence.hasSuffix(".") || sentence.hasSuffix(")") && sentence.dropLast().hasSuffix(".") ? sentence : sentence + ".")
        }
        if layouts.contains(where: { $0.kind == .interval }) { parts.append(Self.intervalConvention) }
        if let provenance, !caption.lowercased().contains("seed \(provenance.seed)") { parts.append("Seed \(provenance.seed).") }
        text += "\\caption{\(parts.joined(separator: " "))}\n\\label{\(label)}\n\\end{table}\n"
        return text
    }

    private static func columnSpec(_ layout: TableColumnLayout) -> String {
        switch layout.kind {
        case .numeric: return "S[table-format=\(layout.tableFormat ?? "1")]"
        case .interval: return "c"
        case .text: return "l"
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
