import NumberFormats
/// How every JSON file of the tool is written.
///
/// Layout: object members and array elements are separated by `", "` on one line or by newlines, keys
/// by `": "`. Containers nested fewer than `expandedLevels` deep (the top level is level 0) put each
/// member or element on its own line, indented `indent` spaces per level; deeper containers and empty
/// ones are written on one line. `expandedLevels: 0` writes the whole document on one line (JSON
/// lines, one-object command output); `Int.max` expands everything (Jupyter writes notebooks so, with
/// `indent: 1`); 2 gives one line per row of a table or per component of a model.
///
/// Numbers: finite ones in the shortest round-trip form (`NumberText.machine`), non-finite ones as
/// the strings `"Infinity"`, `"-Infinity"`, `"NaN"`. Strings: quotes, backslashes and control characters
/// escaped, everything else (Unicode included) as is.
extension JSONValue {
    /// The printed text, without a trailing newline.
    public func printed(indent: Int = 2, expandedLevels: Int = .max) -> String {
        var text = ""
        write(into: &text, level: 0, indent: indent, expandedLevels: expandedLevels)
        return text
    }

    private func write(into text: inout String, level: Int, indent: Int, expandedLevels: Int) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let value): text += value.isFinite ? NumberText.machine(value) : Self.quoted(NumberText.machine(value))
        case .integer(let value): text += String(value)
        case .unsigned(let value): text += String(value)
        case .string(let value): text += Self.quoted(value)
        case .array(let elements):
            writeContainer(into: &text, open: "[", close: "]", items: elements.map { (nil, $0) },
                           level: level, indent: indent, expandedLevels: expandedLevels)
        case .object(let object):
            writeContainer(into: &text, open: "{", close: "}", items: object.members.map { ($0.key, $0.value) },
                           level: level, indent: indent, expandedLevels: expandedLevels)
        }
    }

    private func writeContainer(into text: inout String, open: String, close: String, items: [(String?, JSONValue)],
                                level: Int, indent: Int, expandedLevels: Int) {
        let expanded = level < expandedLevels && !items.isEmpty
        let inner = expanded ? String(repeating: " ", count: (level + 1) * indent) : ""
        text += open + (expanded ? "\n" : "")
        for (index, (key, value)) in items.enumerated() {
            text += inner
            if let key { text += Self.quoted(key) + ": " }
            value.write(into: &text, level: level + 1, indent: indent, expandedLevels: expandedLevels)
            if index + 1 < items.count { text += expanded ? ",\n" : ", " }
        }
        if expanded { text += "\n" + String(repeating: " ", count: level * indent) }
        text += close
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
