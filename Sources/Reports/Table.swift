/// A table for a paper or a terminal: a caption (what, setting, seed), columns (each with its Unicode and
/// LaTeX header, `TableColumn`), rows of cells and notes (definitions, constants, findings). Rendered to
/// Markdown, LaTeX (booktabs), CSV and JSON.
public struct Table: Sendable {
    /// What the table shows, its setting and seed, in at most three lines of an article.
    public var caption: String
    /// A label for cross-references (`\label{…}` in LaTeX).
    public var label: String
    /// The columns.
    public var columns: [TableColumn]
    /// Rows of cells, each with `columns.count` cells.
    public private(set) var rows: [[TableCell]] = []
    /// Sentences printed under the table (definitions, constants and their provenance, method notes,
    /// findings), each stated once.
    public var notes: [String]

    public init(caption: String, label: String, columns: [TableColumn], notes: [String] = []) {
        self.caption = caption
        self.label = label
        self.columns = columns
        self.notes = notes
    }

    /// The longest caption, in characters, shown as a caption: about three lines of a 10 pt article.
    public static let captionLimit = 240

    /// The caption and notes as LaTeX and Markdown show them: a caption longer than `captionLimit` keeps its
    /// first sentence, and the rest leads the notes; a first sentence still too long keeps what comes before
    /// its first colon (the what), and the rest of it leads the notes as the setting.
    public var shownCaptionAndNotes: (caption: String, notes: [String]) {
        guard caption.count > Self.captionLimit else { return (caption, notes) }
        var first = caption, rest = ""
        if let end = Self.firstSentenceEnd(caption) {
            first = String(caption[...end])
            rest = caption[caption.index(after: end)...].trimmingCharacters(in: .whitespaces)
        }
        var moved = rest.isEmpty ? [] : [rest]
        if first.count > Self.captionLimit, let colon = Self.topLevelIndex(of: ": ", in: first) {
            let setting = first[first.index(colon, offsetBy: 2)...].trimmingCharacters(in: .whitespaces)
            moved.insert("Setting: " + setting, at: 0)
            first = String(first[..<colon]) + "."
        }
        return (first, moved + notes)
    }

    /// The first occurrence of `separator` outside brackets.
    static func topLevelIndex(of separator: String, in text: String) -> String.Index? {
        firstTopLevelIndex(in: text) { index in text[index...].hasPrefix(separator) }
    }

    /// The first index outside brackets ((), [], {}; depth counted from the start, an unmatched closing
    /// bracket ignored) at which `accept` holds.
    static func firstTopLevelIndex(in text: String, where accept: (String.Index) -> Bool) -> String.Index? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if "([{".contains(character) { depth += 1 }
            if ")]}".contains(character) { depth = max(0, depth - 1) }
            if depth == 0, accept(index) { return index }
            index = text.index(after: index)
        }
        return nil
    }

    /// The index of the full stop ending the first sentence: followed by a space, not after an
    /// abbreviation (e.g., i.e., vs., cf., Thm., Prop., Eq., Fig.) nor inside brackets.
    static func firstSentenceEnd(_ text: String) -> String.Index? {
        firstTopLevelIndex(in: text) { index in
            let next = text.index(after: index)
            guard text[index] == ".", next < text.endIndex, text[next] == " " else { return false }
            let word = text[..<index].reversed().prefix { $0.isLetter || $0 == "." }
            return !["g.e", "e.i", "sv", "fc", "mhT", "porP", "qE", "giF"].contains(String(word))
        }
    }

    /// The Unicode headers (Markdown, CSV and JSON keys).
    public var headers: [String] { columns.map(\.header) }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [TableCell]) {
        precondition(row.count == columns.count, "Table.append: \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// The same table with only the columns at `indices` (in that order).
    func keepingColumns(_ indices: [Int]) -> Table {
        var table = Table(caption: caption, label: label, columns: indices.map { columns[$0] }, notes: notes)
        table.rows = rows.map { row in indices.map { row[$0] } }
        return table
    }

    /// The same table with only the rows whose index satisfy `keep`.
    func keepingRows(_ keep: ([TableCell]) -> Bool) -> Table {
        var table = self
        table.rows = rows.filter(keep)
        return table
    }
}
