/// A JSON document built in memory and printed deterministically (for writing; `DataFiles.JSONValue` is
/// the parse tree of files read): object keys in the order given,
/// `indent` spaces per level (Jupyter writes notebooks with 1), one member or element per line.
public indirect enum JSONOutputValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    /// An unsigned integer (seeds reach 2⁶⁴ − 1), printed exactly; readers with 53-bit doubles may round it.
    case unsigned(UInt64)
    case bool(Bool)
    case null
    case array([JSONOutputValue])
    /// Members in print order.
    case object([(String, JSONOutputValue)])

    public static func == (lhs: JSONOutputValue, rhs: JSONOutputValue) -> Bool { lhs.printed(indent: 0) == rhs.printed(indent: 0) }

    /// The printed text, without a trailing newline.
    public func printed(indent: Int = 1) -> String {
        var text = ""
        write(into: &text, level: 0, indent: indent)
        return text
    }

    private func write(into text: inout String, level: Int, indent: Int) {
        let inner = String(repeating: " ", count: (level + 1) * indent)
        let outer = String(repeating: " ", count: level * indent)
        switch self {
        case .string(let value): text += JSONText.string(value)
        case .integer(let value): text += String(value)
        case .unsigned(let value): text += String(value)
        case .bool(let value): text += value ? "true" : "false"
        case .null: text += "null"
        case .array(let elements):
            guard !elements.isEmpty else { text += "[]"; return }
            text += "[\n"
            for (index, element) in elements.enumerated() {
                text += inner
                element.write(into: &text, level: level + 1, indent: indent)
                text += index + 1 < elements.count ? ",\n" : "\n"
            }
            text += outer + "]"
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            text += "{\n"
            for (index, (key, value)) in members.enumerated() {
                text += inner + JSONText.string(key) + ": "
                value.write(into: &text, level: level + 1, indent: indent)
                text += index + 1 < members.count ? ",\n" : "\n"
            }
            text += outer + "}"
        }
    }
}
