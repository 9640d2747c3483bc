import NumberFormats
import DataFiles

extension Table {
    /// The table in `format` (`md`, `latex`, `csv` or `json`), carrying `provenance` when given: an HTML
    /// comment in Markdown, `%` comments in LaTeX, `# ` lines in CSV, a `metadata` object in JSON.
    /// Other formats are not table formats (a precondition).
    public func rendered(as format: ReportFormat, provenance: RunProvenance?,
                         environment: TablePresentation.Environment = .table) -> String {
        switch format {
        case .md: return markdown(provenance: provenance)
        case .latex: return latex(provenance: provenance, environment: environment)
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

    /// The widest a Markdown table gets, in columns, before it is split into parts (`TableParts`, with the
    /// grouping, index and key columns repeated): wider tables do not fit a code host's page.
    public static let markdownColumnLimit = 10
    /// A caption longer than this many characters is a paragraph above the table rather than a bold line.
    static let markdownBoldCaptionLimit = 200

    /// GitHub-flavoured Markdown: the caption (`shownCaptionAndNotes`; bold when short, a paragraph above
    /// the table when long), the table (in
    /// parts of at most `markdownColumnLimit` columns), then the notes as a list; with `provenance`, an HTML
    /// comment line first.
    public func markdown(provenance: RunProvenance?) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        let (caption, notes) = shownCaptionAndNotes
        var text = (provenance?.markdownHeader ?? "") + (caption.count > Self.markdownBoldCaptionLimit ? caption : "**\(caption)**") + "\n\n"
        let parts = TableParts.split(roles: columns.map(\.role), widths: columns.map { _ in 1 },
                                     budget: Double(Self.markdownColumnLimit), repeatGrouping: true)
        for (number, part) in parts.enumerated() {
            if number > 0 { text += "\n" }
            text += line(part.map { columns[$0].header }) + line(part.map { _ in "---" })
            for row in rows { text += line(part.map { row[$0].plain }) }
        }
        if !notes.isEmpty { text += "\n" + notes.map { "- \($0)\n" }.joined() }
        return text
    }

    /// CSV with a header row (RFC 4180 quoting); intervals become three columns `name`, `name low`,
    /// `name high`, estimates two, `name` and `name SE`; numbers in their shortest round-trip form (`NumberText.csv`, non-finite ones as
    /// `inf`, `-inf`, `nan`, which numpy and pandas read). With `provenance`, `# ` comment lines come first
    /// (read with `comment='#'`).
    public func csv(provenance: RunProvenance?) -> String {
        func quote(_ field: String) -> String {
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        let intervalColumns = Set(columns.indices.filter { index in
            rows.contains { if case .interval = $0[index] { return true } else { return false } }
        })
        let estimateColumns = Set(columns.indices.filter { index in
            rows.contains { if case .estimate = $0[index] { return true } else { return false } }
        })
        var header: [String] = []
        for (index, name) in headers.enumerated() {
            header += intervalColumns.contains(index) ? [name, "\(name) low", "\(name) high"]
                : estimateColumns.contains(index) ? [name, "\(name) SE"] : [name]
        }
        var text = (provenance?.csvHeader ?? "") + header.map(quote).joined(separator: ",") + "\n"
        for row in rows {
            var fields: [String] = []
            for (index, cell) in row.enumerated() {
                switch cell {
                case .number(let value, _):
                    fields.append(NumberText.csv(value))
                    if estimateColumns.contains(index) { fields.append("0") }
                case .interval(let mean, let low, let high, _): fields += [mean, low, high].map(NumberText.csv)
                case .estimate(let value, let standardError, _): fields += [value, standardError].map(NumberText.csv)
                case .text(let value): fields.append(value)
                case .empty: fields += intervalColumns.contains(index) ? ["", "", ""] : estimateColumns.contains(index) ? ["", ""] : [""]
                }
            }
            text += fields.map(quote).joined(separator: ",") + "\n"
        }
        return text
    }

    /// JSON: `{"metadata"?, "caption", "label", "columns", "rows": [{column: value}], "notes"}`, one row per
    /// line (`JSONValue.printed(indent: 2, expandedLevels: 2)`); numbers at full precision, intervals as
    /// `{"mean", "low", "high"}`, empty cells as `null`, non-finite numbers as strings. `metadata` (command,
    /// version, seed, and time and machine when known) is present with `provenance`.
    public func json(provenance: RunProvenance?) -> String {
        func value(_ cell: TableCell) -> JSONValue {
            switch cell {
            case .number(let number, _): return .number(number)
            case .interval(let mean, let low, let high, _): return .object(["mean": .number(mean), "low": .number(low), "high": .number(high)])
            case .estimate(let value, let standardError, _): return .object(["value": .number(value), "standardError": .number(standardError)])
            case .text(let text): return .string(text)
            case .empty: return .null
            }
        }
        let rowObjects = rows.map { row in JSONValue.object(JSONObject(zip(headers, row).map { ($0, value($1)) })) }
        let members: [(String, JSONValue)] = (provenance.map { [("metadata", $0.jsonMetadata)] } ?? []) + [
            ("caption", .string(caption)),
            ("label", .string(label)),
            ("columns", .array(headers.map(JSONValue.string))),
            ("rows", .array(rowObjects)),
            ("notes", .array(notes.map(JSONValue.string))),
        ]
        return JSONValue.object(JSONObject(members)).printed(indent: 2, expandedLevels: 2) + "\n"
    }
}
