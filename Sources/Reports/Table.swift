/// A table for a paper or a terminal: a caption (which names the theorem keys and the constants used),
/// column headers, rows of cells and notes. Rendered to Markdown, LaTeX (booktabs), CSV and JSON.
public struct Table: Sendable {
    /// What the table shows; for bound tables it names every theorem key and constant used.
    public var caption: String
    /// A label for cross-references (`\label{…}` in LaTeX).
    public var label: String
    /// Column headers.
    public var columns: [String]
    /// Rows of cells, each with `columns.count` cells.
    public private(set) var rows: [[TableCell]] = []
    /// Lines printed under the table (violations, provenance of constants, method notes).
    public var notes: [String]

    public init(caption: String, label: String, columns: [String], notes: [String] = []) {
        self.caption = caption
        self.label = label
        self.columns = columns
        self.notes = notes
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [TableCell]) {
        precondition(row.count == columns.count, "Table.append: \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }
}
