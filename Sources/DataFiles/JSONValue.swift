import Foundation

/// A JSON document decoded with `JSONDecoder`, for readers that walk it by hand to name the field at
/// fault.
///
/// Why not `JSONSerialization`: on Linux it misreads about two thirds of 17-significant-digit numbers by
/// one ulp (measured on 20 000 random doubles), so a file written with 17 digits would not read back as
/// the same `Double`. `JSONDecoder` parses every one of them exactly.
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
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
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
