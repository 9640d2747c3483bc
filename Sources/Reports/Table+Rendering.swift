extension Table {
    /// The table in `format` (`md`, `latex`, `csv` or `json`), carrying `provenance` when given: an HTML
    /// comment in Markdown, `%` comments in LaTeX, `# ` lines in CSV, a `metadata` object in JSON.
    /// Other formats are not table formats (a precondition).
    public func rendered(as format: ReportFormat, provenance: RunProvenance?) -> String {
        switch format {
        case .md: return markdown(provenance: provenance)
        case .latex: return latex(provenance: provenance)
        case .csv: return csv(provenance: provenance)
        case .json: return json(provenance: provenance)
        default: preconditionFailure("Table.rendered(as: \(format)): not a table format")
        }
    }

    /// Markdown without provenance.
    public var markdown: String { markdown(provenance: nil) }
    /// LaTeX without provenance (the preamble comment stays).
    public var latex: String { latex(provenance: nil) }
    /// CSV without comment lines.
    public var csv: String { csv(provenance: nil) }
    /// JSON without `metadata`.
    public var json: String { json(provenance: nil) }

    /// GitHub-flavoured Markdown: the caption in bold, the table, then the notes as a list; with
    /// `provenance`, an HTML comment line first.
    public func markdown(provenance: RunProvenance?) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        var text = (provenance?.markdownHeader ?? "") + "**\(caption)**\n\n" + line(columns) + line(columns.map { _ in "---" })
        for row in rows { text += line(row.map(\.plain)) }
        if !notes.isEmpty { text += "\n" + notes.map { "- \($0)\n" }.joined() }
        return text
    }

    /// CSV with a header row (RFC 4180 quoting); intervals become three columns `name`, `name low`,
    /// `name high`; numbers keep 17 significant digits. With `provenance`, `# ` comment lines come first
    /// (read with `comment='#'`).
    public func csv(provenance: RunProvenance?) -> String {
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
        var text = (provenance?.csvHeader ?? "") + header.map(quote).joined(separator: ",") + "\n"
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

    /// JSON: `{"metadata"?, "caption", "label", "columns", "rows": [{column: value}], "notes"}`; numbers at
    /// full precision, intervals as `{"mean", "low", "high"}`, non-finite numbers as strings. `metadata`
    /// (command, version, seed, and time and machine when known) is present with `provenance`.
    public func json(provenance: RunProvenance?) -> String {
        func value(_ cell: TableCell) -> String {
            switch cell {
            case .number(let number, _): return NumberFormatting.json(number)
            case .interval(let mean, let low, let high, _):
                return "{\"mean\": \(NumberFormatting.json(mean)), \"low\": \(NumberFormatting.json(low)), \"high\": \(NumberFormatting.json(high))}"
            case .text(let text): return JSONText.string(text)
            case .empty: return "null"
            }
        }
        let rowObjects = rows.map { row in
            "    {" + zip(columns, row).map { "\(JSONText.string($0)): \(value($1))" }.joined(separator: ", ") + "}"
        }
        let metadata = provenance.map { "  \"metadata\": " + $0.jsonMetadata.printed(indent: 2).replacingOccurrences(of: "\n", with: "\n  ") + ",\n" } ?? ""
        return """
            {
            \(metadata)  "caption": \(JSONText.string(caption)),
              "label": \(JSONText.string(label)),
              "columns": [\(columns.map(JSONText.string).joined(separator: ", "))],
              "rows": [
            \(rowObjects.joined(separator: ",\n"))
              ],
              "notes": [\(notes.map(JSONText.string).joined(separator: ", "))]
            }

            """
    }
}
