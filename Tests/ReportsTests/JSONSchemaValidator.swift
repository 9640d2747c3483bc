import Foundation
import DataFiles

/// A small JSON Schema validator (draft-07 subset) covering the keywords the nbformat schema of these
/// tests uses: `type`, `enum`, `const`, `required`, `properties`, `additionalProperties` (boolean or
/// schema), `items`, `minItems`, `pattern`, `minLength`, `maxLength`, `minimum`, `oneOf`, `anyOf`, and
/// `$ref` to `#/definitions/<name>`. Any other keyword is a test-setup error (it would be silently
/// ignored otherwise).
///
/// Errors carry the JSON Pointer of the failing value (`/cells/2/id`); for a missing member, the pointer
/// of the member that should be there. A failed `oneOf`/`anyOf` reports the errors of the branch that
/// came closest (fewest errors, then the deepest pointer).
struct JSONSchemaValidator {
    struct Failure: CustomStringConvertible, Equatable {
        let path: String
        let reason: String
        var description: String { "\(path.isEmpty ? "/" : path): \(reason)" }
    }

    let root: JSONValue

    static let knownKeywords: Set<String> = [
        "$schema", "$id", "$ref", "title", "description", "definitions", "type", "enum", "const", "required", "properties",
        "additionalProperties", "items", "minItems", "pattern", "minLength", "maxLength", "minimum", "oneOf", "anyOf",
    ]

    /// Every failure of `instance` against the root schema (empty when valid).
    func validate(_ instance: JSONValue) -> [Failure] {
        validate(instance, against: root, path: "")
    }

    private func validate(_ instance: JSONValue, against schema: JSONValue, path: String) -> [Failure] {
        if case .bool(let allowed) = schema { return allowed ? [] : [Failure(path: path, reason: "no value allowed here")] }
        guard case .object(let members) = schema else { return [Failure(path: path, reason: "schema is not an object")] }
        for member in members.members where !Self.knownKeywords.contains(member.key) {
            preconditionFailure("JSONSchemaValidator: unsupported keyword '\(member.key)'")
        }
        if case .string(let reference)? = schema["$ref"] { return validate(instance, against: resolve(reference), path: path) }
        var failures: [Failure] = []
        if let type = schema["type"], !Self.matches(instance, type: type) {
            return [Failure(path: path, reason: "expected type \(Self.text(type)), found \(Self.typeName(instance))")]
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(instance) {
            failures.append(Failure(path: path, reason: "\(Self.text(instance)) is not one of \(Self.text(.array(allowed)))"))
        }
        if let constant = schema["const"], constant != instance {
            failures.append(Failure(path: path, reason: "\(Self.text(instance)) is not \(Self.text(constant))"))
        }
        if case .object(let properties) = instance { failures += validateObject(properties, schema: schema, path: path) }
        if case .array(let elements) = instance {
            if case .number(let minimum)? = schema["minItems"], Double(elements.count) < minimum {
                failures.append(Failure(path: path, reason: "\(elements.count) items, fewer than \(Int(minimum))"))
            }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() { failures += validate(element, against: items, path: "\(path)/\(index)") }
            }
        }
        if case .string(let string) = instance { failures += validateString(string, schema: schema, path: path) }
        if case .number(let value) = instance, case .number(let minimum)? = schema["minimum"], value < minimum {
            failures.append(Failure(path: path, reason: "\(value) is below the minimum \(minimum)"))
        }
        if case .array(let branches)? = schema["oneOf"] { failures += combine(instance, branches, path: path, exactlyOne: true) }
        if case .array(let branches)? = schema["anyOf"] { failures += combine(instance, branches, path: path, exactlyOne: false) }
        return failures
    }

    private func validateObject(_ properties: JSONObject, schema: JSONValue, path: String) -> [Failure] {
        var failures: [Failure] = []
        if case .array(let required)? = schema["required"] {
            for case .string(let name) in required where properties[name] == nil {
                failures.append(Failure(path: "\(path)/\(name)", reason: "required member '\(name)' is missing"))
            }
        }
        let declared = schema["properties"]
        for (key, value) in properties.members.map({ ($0.key, $0.value) }) {
            if let propertySchema = declared?[key] {
                failures += validate(value, against: propertySchema, path: "\(path)/\(key)")
            } else if let additional = schema["additionalProperties"] {
                if case .bool(false) = additional {
                    failures.append(Failure(path: "\(path)/\(key)", reason: "member '\(key)' is not allowed"))
                } else {
                    failures += validate(value, against: additional, path: "\(path)/\(key)")
                }
            }
        }
        return failures
    }

    private func validateString(_ string: String, schema: JSONValue, path: String) -> [Failure] {
        var failures: [Failure] = []
        if case .number(let minimum)? = schema["minLength"], Double(string.count) < minimum {
            failures.append(Failure(path: path, reason: "'\(string)' is shorter than \(Int(minimum))"))
        }
        if case .number(let maximum)? = schema["maxLength"], Double(string.count) > maximum {
            failures.append(Failure(path: path, reason: "'\(string)' is longer than \(Int(maximum))"))
        }
        if case .string(let pattern)? = schema["pattern"] {
            let regex = try! NSRegularExpression(pattern: pattern)
            if regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil {
                failures.append(Failure(path: path, reason: "'\(string)' does not match \(pattern)"))
            }
        }
        return failures
    }

    private func combine(_ instance: JSONValue, _ branches: [JSONValue], path: String, exactlyOne: Bool) -> [Failure] {
        let outcomes = branches.map { validate(instance, against: $0, path: path) }
        let passing = outcomes.filter(\.isEmpty).count
        if passing == 1 || (!exactlyOne && passing > 1) { return [] }
        if passing > 1 { return [Failure(path: path, reason: "matches \(passing) branches of oneOf, expected exactly one")] }
        let closest = outcomes.min { a, b in
            a.count != b.count ? a.count < b.count : (a.map(\.path.count).max() ?? 0) > (b.map(\.path.count).max() ?? 0)
        }
        return closest ?? [Failure(path: path, reason: "no branch")]
    }

    private func resolve(_ reference: String) -> JSONValue {
        let prefix = "#/definitions/"
        precondition(reference.hasPrefix(prefix), "JSONSchemaValidator: unsupported $ref \(reference)")
        guard let target = root["definitions"]?[String(reference.dropFirst(prefix.count))] else {
            preconditionFailure("JSONSchemaValidator: $ref \(reference) not found")
        }
        return target
    }

    private static func matches(_ instance: JSONValue, type: JSONValue) -> Bool {
        switch type {
        case .string(let name): return typeName(instance) == name || (name == "number" && typeName(instance) == "integer")
        case .array(let names): return names.contains { matches(instance, type: $0) }
        default: return false
        }
    }

    private static func typeName(_ instance: JSONValue) -> String {
        switch instance {
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number(let value): return isInteger(value) ? "integer" : "number"
        case .integer, .unsigned: return "integer"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }

    /// JSON Schema's `integer` (draft-06 on): a number whose fractional part is zero, however written.
    private static func isInteger(_ value: Double) -> Bool {
        value.isFinite && value == value.rounded() && abs(value) < 1e15
    }

    /// A short rendering for messages.
    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): return "\"\(string)\""
        case .number(let number): return isInteger(number) ? String(Int(number)) : String(number)
        case .integer(let number): return String(number)
        case .unsigned(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array(let elements): return "[" + elements.map(text).joined(separator: ", ") + "]"
        case .object: return "an object"
        }
    }
}
