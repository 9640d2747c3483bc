import NumberFormats
import Foundation

/// A JSON document: the parse tree of a file read and the document of a file written. Every JSON file
/// the tool writes is a `JSONValue` printed by `printed(indent:expandedLevels:)`, so numbers, strings and
/// layout are written one way.
///
/// `parse` uses the strict `JSONParser` of this module (errors name the JSON path, line and column; depth,
/// duplicate keys, trailing commas and NaN are refused). Why not `JSONSerialization`: on Linux it misreads
/// about two thirds of 17-significant-digit numbers by one ulp (measured on 20 000 random doubles). Why not
/// `JSONDecoder` alone: on Linux it accepts trailing commas, keeps the first of two duplicate keys without
/// a word, and reports 1e400 or nesting beyond 512 levels as an unrelated type mismatch or "not valid
/// JSON" with no position. The `Decodable` conformance remains for values embedded in `Codable` types.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number. Written in the shortest round-trip form (`NumberText.machine`); a non-finite one is
    /// written as the string `"Infinity"`, `"-Infinity"` or `"NaN"`, since JSON has no such numbers.
    case number(Double)
    /// A signed integer written exactly (a `Double` holds integers exactly only up to 2⁵³). Written only:
    /// `parse` reads every number as `.number`.
    case integer(Int64)
    /// An unsigned integer written exactly (seeds reach 2⁶⁴ − 1; readers with 53-bit doubles may round it).
    /// Written only, like `.integer`.
    case unsigned(UInt64)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parses `data` (any JSON value at the top level).
    /// - Throws: `InputError` (no source; the field is the JSON path of the bad value) for any defect.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONParser.parse(data)
    }

    /// The member `key` of an object; nil for a missing member or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The value as `JSONSerialization` would return it: `[String: Any]`, `[Any]`, `NSNumber` (booleans as
    /// `NSNumber(value: Bool)`, Objective-C type code "c"), `String` or `NSNull`.
    public var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return NSNumber(value: value)
        case .number(let value): return NSNumber(value: value)
        case .integer(let value): return NSNumber(value: value)
        case .unsigned(let value): return NSNumber(value: value)
        case .string(let value): return value
        case .array(let values): return values.map(\.foundationObject)
        case .object(let object):
            return Dictionary(uniqueKeysWithValues: object.members.map { ($0.key, $0.value.foundationObject) })
        }
    }
}

extension JSONValue: Decodable {
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
            let members = try container.decode([String: JSONValue].self)
            self = .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
    }
}
