import Foundation

/// A JSON document, for readers that walk it by hand to name the field at fault.
///
/// `parse` uses the strict `JSONParser` of this module (errors name the JSON path, line and column; depth,
/// duplicate keys, trailing commas and NaN are refused). Why not `JSONSerialization`: on Linux it misreads
/// about two thirds of 17-significant-digit numbers by one ulp (measured on 20 000 random doubles). Why not
/// `JSONDecoder` alone: on Linux it accepts trailing commas, keeps the first of two duplicate keys without
/// a word, and reports 1e400 or nesting beyond 512 levels as an unrelated type mismatch or "not valid
/// JSON" with no position. The `Decodable` conformance remains for values embedded in `Codable` types.
public enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `data` (any JSON value at the top level).
    /// - Throws: `InputError` (no source; the field is the JSON path of the bad value) for any defect.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONParser.parse(data)
    }

    /// The value as `JSONSerialization` would return it: `[String: Any]`, `[Any]`, `NSNumber` (booleans as
    /// `NSNumber(value: Bool)`, Objective-C type code "c"), `String` or `NSNull`.
    public var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return NSNumber(value: value)
        case .number(let value): return NSNumber(value: value)
        case .string(let value): return value
        case .array(let values): return values.map(\.foundationObject)
        case .object(let members): return members.mapValues(\.foundationObject)
        }
    }
}
