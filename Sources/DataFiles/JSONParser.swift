import NumberFormats
import Foundation
import InputErrors

/// A strict JSON parser (RFC 8259) for input files, written for hostile input: every defect is reported as
/// one `InputError` whose field is the JSON path of the value at fault (e.g. `components[0].mean[2]`) and
/// whose reason gives the line, the column and the offending text.
///
/// What it accepts and refuses, beyond the grammar:
/// - a UTF-8 byte-order mark at the start is skipped (RFC 8259 §8.1 allows a parser to ignore it); CRLF
///   line ends are whitespace like LF;
/// - refused: bytes that are not UTF-8, an empty file, trailing commas, duplicate keys in one object,
///   `NaN`, `Infinity` and other non-JSON words, numbers beyond the range of `Double` (|x| > 1.8e308;
///   numbers below the smallest subnormal round to ±0 as `strtod` does), control characters inside strings,
///   lone UTF-16 surrogates in `\u` escapes, anything after the top-level value;
/// - nesting deeper than `maximumDepth` is refused before it is descended, so the recursion (one stack
///   frame per level) stays bounded whatever the input: `[[[[…` 10⁵ levels deep is an error, not a crash.
///
/// Numbers are read by `Double(_:)` (correctly rounded), so a number printed in its shortest round-trip
/// form (or with 17 significant digits) reads back as the same `Double`. Object members keep file order.
struct JSONParser {
    /// Deepest nesting of arrays and objects accepted. A model file needs 4 levels; 64 leaves room for any
    /// reasonable document and keeps the parser's stack use under about 20 KB.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position: Int
    /// The path to the value being parsed: keys and array indices.
    private var path: [PathComponent] = []

    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// Parses `data` as one JSON value.
    /// - Throws: `InputError` with an empty source (the caller attributes it to the file).
    static func parse(_ data: Data) throws -> JSONValue {
        var parser = JSONParser(bytes: [UInt8](data))
        return try parser.parseDocument()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = hasByteOrderMark ? 3 : 0
    }

    private mutating func parseDocument() throws -> JSONValue {
        if let offset = InputText.firstInvalidUTF8Offset(bytes) {
            throw InputError(source: "", field: "", reason: "is not UTF-8 text (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at offset \(offset))")
        }
        skipWhitespace()
        guard position < bytes.count else {
            throw InputError(source: "", field: "", reason: "is empty; expected a JSON object")
        }
        let value = try parseValue(depth: 1)
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected \(describeHere()) after the end of the JSON value") }
        return value
    }

    // MARK: Values

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw failure("the file ends where a value should start (truncated?)") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            let word = wordHere()
            switch word {
            case "true": position += 4; return .bool(true)
            case "false": position += 5; return .bool(false)
            case "null": position += 4; return .null
            default:
                let lowered = word.lowercased()
                if ["nan", "inf", "infinity", "+inf", "+infinity"].contains(lowered) {
                    throw failure("'\(word)' is not a JSON value; JSON has no NaN or infinity (values must be finite numbers)")
                }
                throw failure("unexpected \(describeHere()) where a value should start")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        try requireDepth(depth)
        position += 1  // {
        var members: [JSONObject.Member] = []
        var keys: Set<String> = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { position += 1; return .object(JSONObject(uncheckedMembers: members)) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}"), !members.isEmpty { throw failure("trailing comma before '}'") }
                throw failure(peek() == nil ? "the file ends inside an object (truncated?)" : "expected a quoted key, found \(describeHere())")
            }
            let key = try parseString()
            path.append(.key(key))
            guard keys.insert(key).inserted else { throw failure("duplicate key \"\(InputText.printable(key))\" (each key may appear once)") }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure(peek() == nil ? "the file ends after a key (truncated?)" : "expected ':' after the key, found \(describeHere())") }
            position += 1
            members.append(JSONObject.Member(key: key, value: try parseValue(depth: depth + 1)))
            path.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(JSONObject(uncheckedMembers: members))
            case nil: throw failure("the file ends inside an object (truncated?)")
            default: throw failure("expected ',' or '}' after a member, found \(describeHere())")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        try requireDepth(depth)
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "]") { throw failure("trailing comma before ']'") }
            path.append(.index(elements.count))
            elements.append(try parseValue(depth: depth + 1))
            path.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            case nil: throw failure("the file ends inside an array (truncated?)")
            default: throw failure("expected ',' or ']' after an element, found \(describeHere())")
            }
        }
    }

    private func requireDepth(_ depth: Int) throws {
        guard depth <= JSONParser.maximumDepth else {
            throw failure("nesting deeper than \(JSONParser.maximumDepth) arrays and objects")
        }
    }

    // MARK: Scalars

    /// A number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read by `Double(_:)`.
    private mutating func parseNumber() throws -> Double {
        let start = position
        func digits() -> Int {
            let first = position
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            return position - first
        }
        if peek() == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        var valid = integerDigits > 0 && !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0"))
        if valid, peek() == UInt8(ascii: ".") {
            position += 1
            valid = digits() > 0
        }
        if valid, peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            valid = digits() > 0
        }
        // A number glued to letters or dots ("1.2.3", "-Infinity", "1x") is one bad token.
        while let byte = peek(), InputText.isWordByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
            valid = false
            position += 1
        }
        if valid, let value = Self.decimal(bytes, start..<position), value.isFinite { return value }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard valid, let value = Double(text) else {
            position = start
            if ["-infinity", "-inf", "-nan"].contains(text.lowercased()) {
                throw failure("'\(text)' is not a JSON value; JSON has no NaN or infinity (values must be finite numbers)")
            }
            throw failure("'\(InputText.printable(text))' is not a JSON number")
        }
        guard value.isFinite else {
            position = start
            throw failure("\(InputText.printable(text)) is beyond the range of a double (about ±1.8e308)")
        }
        return value
    }

    /// The value of a number token that has JSON's grammar, read in place by `DecimalParsing` (correctly
    /// rounded, as `Double(_:)` reads it) when a byte follows it in the buffer (the parser needs one after
    /// the number); nil when it is the last thing in the file, or should the reader stop early.
    private static func decimal(_ bytes: [UInt8], _ token: Range<Int>) -> Double? {
        guard token.upperBound < bytes.count else { return nil }
        let (value, length) = bytes.withUnsafeBufferPointer { DecimalParsing.double(at: $0.baseAddress! + token.lowerBound) }
        return length == token.count ? value : nil
    }

    /// A string, with its escapes decoded. The opening quote is at `position`.
    private mutating func parseString() throws -> String {
        position += 1
        var scalars: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("the file ends inside a string (truncated?)") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &scalars)
            case 0..<0x20:
                position -= 1
                throw failure("control character 0x\(String(byte, radix: 16, uppercase: true)) inside a string (escape it)")
            default:
                scalars.append(byte)
            }
        }
    }

    private mutating func appendEscape(to output: inout [UInt8]) throws {
        guard let byte = peek() else { throw failure("the file ends inside a string (truncated?)") }
        position += 1
        let simple: [UInt8: UInt8] = [UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
                                      UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
                                      UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09]
        if let replacement = simple[byte] {
            output.append(replacement)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw failure("invalid escape '\\\(InputText.printable(String(decoding: [byte], as: UTF8.self)))' in a string") }
        var code = try hexQuad()
        if (0xD800..<0xDC00).contains(code) {
            guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw failure("lone UTF-16 surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string")
            }
            position += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("lone UTF-16 surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(code) {
            throw failure("lone UTF-16 surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string")
        }
        output.append(contentsOf: String(Unicode.Scalar(code)!).utf8)
    }

    private mutating func hexQuad() throws -> UInt32 {
        guard position + 4 <= bytes.count, bytes[position..<position + 4].allSatisfy({ InputText.isHexDigit($0) }),
              let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw failure("a \\u escape needs four hexadecimal digits")
        }
        position += 4
        return code
    }

    // MARK: Scanning and errors

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    /// The run of letters, digits and `+-_.` starting here (at most 40 characters), for messages.
    private func wordHere() -> String {
        var end = position
        while end < bytes.count, end - position < 40, InputText.isWordByte(bytes[end]) || bytes[end] == UInt8(ascii: "+") { end += 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    /// The text at the current position, quoted, or "end of file".
    private func describeHere() -> String {
        guard position < bytes.count else { return "end of file" }
        let word = wordHere()
        let text = word.isEmpty ? String(decoding: bytes[position..<min(bytes.count, position + 1)], as: UTF8.self) : word
        return "'\(InputText.printable(text))'"
    }

    /// An `InputError` at the current path and position.
    private func failure(_ message: String) -> InputError {
        var line = 1, lineStart = 0
        for index in 0..<min(position, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<min(position, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
        return InputError(source: "", field: fieldName, reason: "not valid JSON at line \(line), column \(column): \(message)")
    }

    /// Path components shown in a field name; a deeper path shows its first ones and `…`.
    private static let shownPathLength = 8

    /// The path as a field name: `components[0].mean[2]`.
    private var fieldName: String {
        var text = ""
        for component in path.prefix(JSONParser.shownPathLength) {
            switch component {
            case .key(let key): text += (text.isEmpty ? "" : ".") + InputText.printable(key)
            case .index(let index): text += "[\(index)]"
            }
        }
        return path.count > JSONParser.shownPathLength ? text + "…" : text
    }
}
