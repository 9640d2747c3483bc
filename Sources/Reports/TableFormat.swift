/// The format a command that prints one table writes it in (`--format` of `check`, `retrain`,
/// `reconstruct`, …): the same four renderings `ReportDirectory` writes to files, without provenance.
public enum TableFormat: String, CaseIterable, Sendable {
    case markdown, latex, csv, json
}

extension Table {
    /// The table in `format`, without provenance: `markdown`, `latex`, `csv` or `json`.
    public func rendered(as format: TableFormat) -> String {
        switch format {
        case .markdown: return markdown
        case .latex: return latex
        case .csv: return csv
        case .json: return json
        }
    }

    /// The table in `format` as `presentation` shows it (`Table.presented`); CSV and JSON keep every row.
    /// - Throws: `InputError` naming `--columns` for a key the table does not have.
    public func rendered(as format: TableFormat, presentation: TablePresentation) throws -> String {
        var presentation = presentation
        if format == .csv || format == .json { presentation.shownIndexValues = nil }
        let table = try presented(presentation)
        return format == .latex ? table.latex(provenance: nil, environment: presentation.environment) : table.rendered(as: format)
    }
}
