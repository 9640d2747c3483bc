/// Byte-level helpers shared by the input readers: UTF-8 validation with the offset of the first bad
/// byte, and quoting of untrusted text for one-line error messages.
public enum InputText {
    /// Longest excerpt of untrusted text an error message quotes.
    public static let excerptLength = 40

    /// The offset of the first byte that is not part of well-formed UTF-8, or nil when all are.
    public static func firstInvalidUTF8Offset(_ bytes: some Collection<UInt8>) -> Int? {
        // Fast path: the standard library's (optimised) validation; the scalar walk below only finds where.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// `text` cut to `excerptLength` characters (with `…` when cut), with every control, line-separator
    /// or format character written as `\u{…}`, so that the message stays on one line and shows what was
    /// really there (a stray carriage return, a byte-order mark).
    public static func printable(_ text: some StringProtocol) -> String {
        var result = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == excerptLength { result += "…"; break }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// ASCII letters, digits, `_` and `.`: the bytes of a bare word such as `NaN` or `1e400`.
    static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
