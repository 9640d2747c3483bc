extension Table {
    /// GitHub-flavoured Markdown: the caption in bold, the table, then the notes as a list.
    public var markdown: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        var text = "**\(caption)**\n\n" + line(columns) + line(columns.map { _ in "---" })
        for row in rows { text += line(row.map(\.plain)) }
        if !notes.isEmpty { text += "\n" + notes.map { "- \($0)\n" }.joined() }
        return text
    }

    /// A LaTeX `table` with booktabs rules (needs `\usepackage{booktabs}`); notes go in the caption.
    public var latex: String {
        let spec = String(repeating: "r", count: columns.count)
        var text = "\\begin{table}[t]\n\\centering\n\\small\n\\begin{tabular}{\(spec)}\n\\toprule\n"
        text += columns.map(LaTeXEscaping.escape).joined(separator: " & ") + " \\\\\n\\midrule\n"
        for row in rows { text += row.map(\.latex).joined(separator: " & ") + " \\\\\n" }
        text += "\\bottomrule\n\\end{tabular}\n"
        let fullCaption = ([caption] + notes).map(LaTeXEscaping.escape).joined(separator: " ")
        text += "\\caption{\(fullCaption)}\n\\label{\(label)}\n\\end{table}\n"
        return text
    }

    /// CSV with a header row (RFC 4180 quoting); intervals become three columns `name`, `name low`,
    /// `name high`; numbers keep 17 significant digits.
    public var csv: String {
        func quote(_ field: String) -> String {
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        let intervalColumns = Set(columns.indices.filter { index in
            rows.contains { if case .interval = $0[index] { return true } else { return false } }
        })
        var header: [String] = []
        for (index, name) in columns.enumerated() {
            header += intervalColumns.contains(index) ? [name, "\(name) low", "\(name) high"] : [name]
        }
        var text = header.map(quote).joined(separator: ",") + "\n"
        for row in rows {
            var fields: [String] = []
            for (index, cell) in row.enumerated() {
                switch cell {
                case .number(let value, _): fields.append(NumberFormatting.significant(value, digits: 17))
                case .interval(let mean, let low, let high, _):
                    fields += [mean, low, high].map { NumberFormatting.significant($0, digits: 17) }
                case .text(let value): fields.append(value)
                case .empty: fields += intervalColumns.contains(index) ? ["", "", ""] : [""]
                }
            }
            text += fields.map(quote).joined(separator: ",") + "\n"
        }
        return text
    }

    /// JSON: `{"caption", "label", "columns", "rows": [{column: value}], "notes"}`; numbers at full
    /// precision, intervals as `{"mean", "low", "high"}`, non-finite numbers as strings.
    public var json: String {
        func string(_ text: String) -> String {
            var escaped = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped + "\""
        }
        func value(_ cell: TableCell) -> String {
            switch cell {
            case .number(let number, _): return NumberFormatting.json(number)
            case .interval(let mean, let low, let high, _):
                return "{\"mean\": \(NumberFormatting.json(mean)), \"low\": \(NumberFormatting.json(low)), \"high\": \(NumberFormatting.json(high))}"
            case .text(let text): return string(text)
            case .empty: return "null"
            }
        }
        let rowObjects = rows.map { row in
            "    {" + zip(columns, row).map { "\(string($0)): \(value($1))" }.joined(separator: ", ") + "}"
        }
        return """
            {
              "caption": \(string(caption)),
              "label": \(string(label)),
              "columns": [\(columns.map(string).joined(separator: ", "))],
              "rows": [
            \(rowObjects.joined(separator: ",\n"))
              ],
              "notes": [\(notes.map(string).joined(separator: ", "))]
            }

            """
    }
}
