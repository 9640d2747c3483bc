/// A line and column (1-based, in characters) in a claim file.
public struct SourceLocation: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The location `offset` characters further on the same line (an expression's character inside its string).
    public func advanced(by offset: Int) -> SourceLocation { SourceLocation(line: line, column: column + offset) }
}

/// Where each key of a TOML document is written, found from the text itself: TOMLKit gives positions for
/// syntax errors only, and every claim-file error names a line and column.
///
/// Handles what claim files use: `[table]` headers, `key = value` lines, inline tables `{ a = …, b = … }`
/// (their keys recorded under `table.key`), basic strings and arrays of strings spanning lines. A key not
/// found is reported at line 1, column 1.
struct TOMLSourceIndex {
    /// A key's position: where its name starts and where its value starts.
    struct Entry {
        let key: SourceLocation
        let value: SourceLocation
    }

    private let lines: [[Character]]
    /// Entries by dotted path (`scenario`, `parameters.c`, `parameters.c.range`), in document order.
    private(set) var entries: [(path: String, entry: Entry)] = []
    /// The first path written twice in the same table, with the second occurrence.
    private(set) var duplicate: (path: String, entry: Entry)?

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var table = ""
        for (index, line) in lines.enumerated() {
            var i = 0
            while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
            guard i < line.count, line[i] != "#" else { continue }
            if line[i] == "[" {
                let close = line[i...].firstIndex(of: "]") ?? line.count
                table = String(line[(i + 1)..<close]).trimmingCharacters(in: .whitespaces)
                record(table, key: SourceLocation(line: index + 1, column: i + 2), value: SourceLocation(line: index + 1, column: i + 2))
                continue
            }
            guard let (key, end) = TOMLSourceIndex.bareKey(line, from: i), let equals = TOMLSourceIndex.skipSpaces(line, from: end),
                  equals < line.count, line[equals] == "=" else { continue }
            let valueStart = TOMLSourceIndex.skipSpaces(line, from: equals + 1) ?? line.count
            let path = table.isEmpty ? key : "\(table).\(key)"
            record(path, key: SourceLocation(line: index + 1, column: i + 1), value: SourceLocation(line: index + 1, column: valueStart + 1))
            if valueStart < line.count && line[valueStart] == "{" { recordInline(path, line: line, lineIndex: index, from: valueStart + 1) }
        }
    }

    private mutating func record(_ path: String, key: SourceLocation, value: SourceLocation) {
        let entry = Entry(key: key, value: value)
        if duplicate == nil && entries.contains(where: { $0.path == path }) { duplicate = (path, entry) }
        entries.append((path, entry))
    }

    /// The keys of an inline table `{ a = …, b = … }` on one line.
    private mutating func recordInline(_ path: String, line: [Character], lineIndex: Int, from start: Int) {
        var i = start, depth = 0, inString = false
        var expectKey = true
        while i < line.count {
            let c = line[i]
            if inString {
                if c == "\\" { i += 2; continue }
                if c == "\"" { inString = false }
                i += 1
                continue
            }
            switch c {
            case "\"": inString = true
            case "[", "{": depth += 1
            case "]": depth -= 1
            case "}": if depth == 0 { return } else { depth -= 1 }
            case ",": if depth == 0 { expectKey = true }
            default:
                if expectKey && depth == 0, let (key, end) = TOMLSourceIndex.bareKey(line, from: i) {
                    let valueStart = TOMLSourceIndex.skipSpaces(line, from: end).map { $0 < line.count && line[$0] == "=" ? (TOMLSourceIndex.skipSpaces(line, from: $0 + 1) ?? $0) : $0 } ?? end
                    record("\(path).\(key)", key: SourceLocation(line: lineIndex + 1, column: i + 1),
                           value: SourceLocation(line: lineIndex + 1, column: valueStart + 1))
                    expectKey = false
                    i = end
                    continue
                }
            }
            i += 1
        }
    }

    private static func bareKey(_ line: [Character], from start: Int) -> (String, Int)? {
        var end = start
        while end < line.count && (line[end].isLetter || line[end].isNumber || line[end] == "_" || line[end] == "-") { end += 1 }
        return end > start ? (String(line[start..<end]), end) : nil
    }

    private static func skipSpaces(_ line: [Character], from start: Int) -> Int? {
        var i = start
        while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
        return i
    }

    /// Where the key at `path` is written (its name), or line 1, column 1.
    func keyLocation(_ path: String) -> SourceLocation {
        entries.first { $0.path == path }?.entry.key ?? SourceLocation(line: 1, column: 1)
    }

    /// Where the value of `path` starts, or line 1, column 1.
    func valueLocation(_ path: String) -> SourceLocation {
        entries.first { $0.path == path }?.entry.value ?? SourceLocation(line: 1, column: 1)
    }

    /// The first character inside the string value of `path` (after its opening quote).
    func stringContentLocation(_ path: String) -> SourceLocation {
        let value = valueLocation(path)
        return stringStarts(from: value, count: 1).first ?? value
    }

    /// The first character inside each of the first `count` strings from `location` on (an array of strings
    /// may span lines).
    func stringStarts(from location: SourceLocation, count: Int) -> [SourceLocation] {
        var found: [SourceLocation] = []
        var lineIndex = location.line - 1, i = location.column - 1
        while lineIndex < lines.count && found.count < count {
            let line = lines[lineIndex]
            while i < line.count && found.count < count {
                if line[i] == "#" { break }
                if line[i] == "\"" || line[i] == "'" {
                    let quote = line[i]
                    let triple = i + 2 < line.count && line[i + 1] == quote && line[i + 2] == quote
                    let open = triple ? 3 : 1
                    found.append(SourceLocation(line: lineIndex + 1, column: i + open + 1))
                    var j = i + open
                    while j < line.count && line[j] != quote { j += line[j] == "\\" && quote == "\"" ? 2 : 1 }
                    i = j + (triple ? 3 : 1)
                    continue
                }
                i += 1
            }
            lineIndex += 1
            i = 0
        }
        return found
    }
}
