/// Estimated typeset sizes, in points, of a LaTeX table at `\small` (9 pt Computer Modern) with
/// `\tabcolsep` = 4 pt, for splitting tables that would not fit the text width and choosing rows that fit
/// a page. The estimates err wide: a digit is 4.6 pt (0.5 em is 4.5 pt), any other glyph 4.8 pt, a math
/// command (\pm, \infty) 7.5 pt, `\times` with its spaces 12 pt, a script character 70 % of its size.
enum TableWidthEstimate {
    static let glyph = 4.8, digit = 4.6, symbol = 7.5, scriptScale = 0.7
    /// What a table leaves of the text width for the estimates' error (fonts differ from glyph to glyph).
    static let margin = 12.0
    /// Space between columns: 2 × `\tabcolsep` (4 pt).
    static let columnSeparation = 8.0
    /// A text column wider than this is typeset as a ragged-right paragraph column of this width.
    static let paragraphColumnWidth = 130.0
    /// Row heights: a plain row (`\small` baselineskip 11 pt), one with a super- and subscript interval.
    static let rowHeight = 11.0, scriptedRowHeight = 14.5
    /// The page height a float may fill in a 10 pt article (`\textheight` is 550 pt on letter paper;
    /// the rest is left for the float's separation from the text).
    static let pageHeight = 520.0

    /// The width of a siunitx number as `TableColumnLayout.siunitxNumber` writes it: digits, sign,
    /// decimal point, and `×10^e` for an exponent.
    static func number(_ text: String) -> Double {
        var width = 0.0
        var mantissa = Substring(text), exponent: Substring = ""
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = text[text.index(after: e)...]
        }
        for character in mantissa { width += character.isNumber ? digit : character == "-" ? symbol : 2.5 }
        // `\times` with its binary-operator spaces (about 12 pt), "10", and the exponent's script characters
        // (a script minus sign is nearly as wide as a digit at text size).
        if !exponent.isEmpty { width += 12 + 2 * digit + Double(exponent.count) * digit * 0.8 + 1 }
        return width
    }

    /// The width of LaTeX text: `\command` counts as one math symbol, braces, `$`, `^` and `_` as
    /// nothing, every other character as one glyph.
    static func latexText(_ text: String) -> Double {
        var width = 0.0
        var characters = Substring(text)
        while let first = characters.first {
            characters = characters.dropFirst()
            switch first {
            case "\\":
                let name = characters.prefix { $0.isLetter }
                characters = characters.dropFirst(max(name.count, 1))
                width += name.isEmpty ? glyph : ["num", "mathrm", "hat", "bar", "tilde", "mathbf", "text", "left", "right", ",", ";"].contains(String(name)) ? 0 : symbol
            case "{", "}", "$", "^", "_": break
            default: width += first.isNumber ? digit : glyph
            }
        }
        return width
    }

    /// A header's width: its widest line (`\\` stacks lines).
    static func header(_ latex: String) -> Double {
        latex.components(separatedBy: "\\\\").map(latexText).max() ?? 0
    }

    /// How many lines a header takes.
    static func headerLines(_ latex: String) -> Int { latex.components(separatedBy: "\\\\").count }

    /// One cell's width in a column laid out as `layout`.
    static func cell(_ cell: TableCell, layout: TableColumnLayout) -> Double {
        func value(_ x: Double, digits: Int) -> Double {
            x.isFinite ? number(TableColumnLayout.siunitxNumber(x, digits: digits, scientific: layout.scientific)) : symbol + glyph
        }
        switch cell {
        case .number(let x, let digits): return value(x, digits: digits)
        case .interval(let mean, let low, let high, let digits):
            let up = value(high - mean, digits: digits), down = value(mean - low, digits: digits)
            let symmetric = TableColumnLayout.siunitxNumber(high - mean, digits: digits, scientific: layout.scientific)
                == TableColumnLayout.siunitxNumber(mean - low, digits: digits, scientific: layout.scientific)
            return value(mean, digits: digits) + (symmetric ? symbol + 4 + up : scriptScale * (max(up, down) + symbol))
        case .estimate(let x, let standardError, let digits): return value(x, digits: digits) + symbol + 4 + value(standardError, digits: 2)
        case .text(let text): return latexText(LaTeXEscaping.escape(text))
        case .empty: return 2 * glyph
        }
    }

    /// A column's natural width (widest cell or header) plus the column separation; a text column is
    /// capped at `paragraphColumnWidth`.
    static func column(_ column: TableColumn, cells: [TableCell], layout: TableColumnLayout) -> Double {
        let widest = cells.map { cell($0, layout: layout) }.max() ?? 0
        let body = layout.kind == .text ? min(widest, paragraphColumnWidth) : widest
        return max(body, header(column.latexHeader)) + columnSeparation
    }
}
