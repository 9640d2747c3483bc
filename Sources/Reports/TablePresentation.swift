import InputErrors

/// How a table is presented on the page (LaTeX and Markdown): which columns and rows, which LaTeX
/// environment, and a caption or label chosen by the user. CSV and JSON keep every row; a column
/// subset applies to every format.
public struct TablePresentation: Sendable, Equatable {
    /// The LaTeX environment of a table.
    public enum Environment: String, Sendable, CaseIterable {
        /// A `table` float in a one-column article, 345 pt wide.
        case table
        /// A `table*` float spanning both columns of a two-column article, 469 pt wide.
        case tableStar = "table*"
        /// A `longtable` (package longtable), 345 pt wide, broken across pages: every row is shown.
        case longtable

        /// The text width in points of a 10 pt `article` the table must fit.
        public var textWidth: Double { self == .tableStar ? 469 : 345 }
    }

    public var environment: Environment
    /// The values of the index column (the generation) shown in LaTeX and Markdown; nil chooses every
    /// row when they fit a page and `TablePresentation.defaultIndexValues` otherwise.
    public var shownIndexValues: [Int]?
    /// The keys (`TableColumn.key`) of the columns kept, beside the grouping, index and key columns; nil
    /// keeps every column.
    public var columnKeys: [String]?
    /// Replaces the table's caption.
    public var caption: String?
    /// Replaces the table's label.
    public var label: String?

    public init(environment: Environment = .table, shownIndexValues: [Int]? = nil, columnKeys: [String]? = nil,
                caption: String? = nil, label: String? = nil) {
        self.environment = environment
        self.shownIndexValues = shownIndexValues
        self.columnKeys = columnKeys
        self.caption = caption
        self.label = label
    }

    /// The index values shown by default when every row does not fit a page: 1, 2, 5, 10, 20, 50, …
    /// that occur, with the first and the last.
    public static func defaultIndexValues(of present: [Int]) -> [Int] {
        guard let first = present.min(), let last = present.max() else { return [] }
        var wanted: Set<Int> = [first, last]
        var decade = 1
        while decade <= last {
            for step in [1, 2, 5] where present.contains(step * decade) { wanted.insert(step * decade) }
            decade *= 10
        }
        return wanted.sorted()
    }
}

extension Table {
    /// The keys `--columns` accepts for this table: those of its measured and bound columns.
    public var selectableColumnKeys: [String] {
        columns.filter { $0.role == .measured || $0.role == .bound }.map(\.key)
    }

    /// The table with the grouping, index and key columns and the columns whose key is in `keys` (in the
    /// table's order). A table with none of `keys` is returned whole when `partial`, otherwise an error.
    /// - Throws: `InputError` naming `--columns` and the keys this table has, when `partial` is false and a
    ///   key is not one of its columns.
    public func selectingColumns(_ keys: [String], partial: Bool = false) throws -> Table {
        let wanted = Set(keys.map { $0.lowercased() })
        if !partial, let unknown = keys.first(where: { key in !selectableColumnKeys.contains { $0.lowercased() == key.lowercased() } }) {
            throw InputError(source: "--columns", field: "", reason: "'\(unknown)' is not a column of this table; choose from \(selectableColumnKeys.joined(separator: ","))")
        }
        let chosen = columns.indices.filter { index in
            let column = columns[index]
            return column.role == .grouping || column.role == .index || column.role == .key || wanted.contains(column.key.lowercased())
        }
        guard chosen.contains(where: { columns[$0].role == .measured || columns[$0].role == .bound }) else { return self }
        return keepingColumns(chosen)
    }

    /// The values of the index column, in row order without repeats; empty without an index column.
    var indexValues: [Int] {
        guard let index = columns.firstIndex(where: { $0.role == .index }) else { return [] }
        var seen: [Int] = []
        for row in rows {
            if case .number(let value, _) = row[index], value.isFinite, !seen.contains(Int(value)) { seen.append(Int(value)) }
        }
        return seen
    }

    /// The rows whose index value is in `values`, with a note saying which are shown and that the CSV and
    /// JSON files hold every row. Unchanged without an index column or when every row is kept.
    func showingIndexValues(_ values: [Int]) -> Table {
        guard let index = columns.firstIndex(where: { $0.role == .index }) else { return self }
        let present = indexValues, kept = Set(values)
        guard !present.allSatisfy(kept.contains) else { return self }
        var table = keepingRows { row in
            if case .number(let value, _) = row[index], value.isFinite { return kept.contains(Int(value)) }
            return true
        }
        let shown = present.filter(kept.contains).map(String.init).joined(separator: ", ")
        let sorted = present.sorted()
        let all = sorted.last! - sorted.first! + 1 == Set(sorted).count ? "\(sorted.first!)–\(sorted.last!)" : sorted.map(String.init).joined(separator: ", ")
        table.notes.append("Rows shown: \(columns[index].header) = \(shown) of \(all); the CSV and JSON files hold every row.")
        return table
    }

    /// The table as `presentation` shows it: caption and label replaced, columns chosen (an unknown key is
    /// an error), rows chosen by index value when given.
    public func presented(_ presentation: TablePresentation, partialColumns: Bool = false) throws -> Table {
        var table = self
        if let caption = presentation.caption { table.caption = caption }
        if let label = presentation.label { table.label = label }
        if let keys = presentation.columnKeys { table = try table.selectingColumns(keys, partial: partialColumns) }
        if let values = presentation.shownIndexValues { table = table.showingIndexValues(values) }
        return table
    }
}
