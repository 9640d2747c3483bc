import Foundation
import InputErrors
import Scenarios
import TOMLKit

/// A claim written as a TOML file (proofs/core.claim-files.md): what is measured against which bound, on which
/// scenario, under which assumptions and over which parameters. Read by `read(path:)`, compiled into a
/// `ClaimCheck` by `FileClaim`.
///
/// ```toml
/// key = "mine.kl-log-chi2"
/// title = "KL is at most log(1 + χ²)"
/// citation = "Jensen's inequality"
/// side = "upper"                 # upper | lower | identity
/// scenario = "pair"
/// measured = "kl"
/// bound = "log1p(chi2)"
/// [parameters]
/// dimension = { integers = [1, 2] }
/// ```
public struct ClaimFile: Sendable {
    /// Which way the claim goes: measured ≤ bound, measured ≥ bound, or measured = bound within a tolerance.
    public enum Side: String, Sendable, CaseIterable {
        case upper, lower, identity
    }

    /// An expression's text and the location of its first character in the file.
    public struct Text: Sendable {
        public let text: String
        public let location: SourceLocation
        /// The field it came from (`measured`, `assumptions[2]`).
        public let field: String
    }

    /// The path as given (used in every error message and replay command).
    public let path: String
    public let key: String
    public let title: String
    public let citation: String
    public let side: Side
    public let scenarioName: String
    public let measured: Text
    public let bound: Text
    /// The identity tolerance: |measured − bound| ≤ tolerance·max(1, |bound|) (`ClaimRatio.identity`).
    public let tolerance: Double
    public let assumptions: [Text]
    /// The `[parameters]` table, in file order.
    public let parameters: [ClaimParameterDeclaration]
    /// Where the `key` and `scenario` values are written.
    public let keyLocation: SourceLocation
    public let scenarioLocation: SourceLocation

    /// The identity tolerance when a file gives none: 10⁻⁹, the rounding slack of `ClaimRatio`.
    public static let defaultTolerance = 1e-9
    /// The top-level fields a claim file may have.
    public static let fields = ["key", "title", "citation", "side", "scenario", "measured", "bound", "tolerance", "assumptions", "parameters"]

    /// Reads and parses the claim file at `path`.
    /// - Throws: `InputError` with source `path:line:column` (see `parse`), or naming `path` when it cannot be read.
    public static func read(path: String) throws -> ClaimFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(source: path, field: "", reason: "cannot read the claim file (missing, unreadable or not UTF-8)")
        }
        return try parse(text, path: path)
    }

    /// Parses a claim file's text.
    /// - Throws: `InputError` whose source is `path:line:column` of the offending text and whose field is the
    ///   TOML key (`parameters.c.range`, `measured`): a TOML syntax error, a key written twice, a missing or
    ///   unknown field, a value of the wrong type, an invalid key or side, a malformed parameter declaration.
    ///   Expressions and the scenario are checked by `FileClaim`.
    public static func parse(_ text: String, path: String) throws -> ClaimFile {
        let index = TOMLSourceIndex(text)
        func fail(_ location: SourceLocation, _ field: String, _ reason: String) -> InputError {
            InputError(source: "\(path):\(location.line):\(location.column)", field: field, reason: reason)
        }
        if let (path, entry) = index.duplicate {
            let what = path.hasPrefix("parameters.") ? "parameter declared twice" : "written twice"
            throw fail(entry.key, path, "\(what) (first at line \(index.keyLocation(path).line))")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw fail(SourceLocation(line: error.source.begin.line, column: error.source.begin.column), "TOML", "syntax error: \(error.description)")
        }
        for key in table.keys where !fields.contains(key) {
            throw fail(index.keyLocation(key), key, "unknown field; a claim file has \(fields.joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool) throws -> String? {
            guard let value = table[key] else {
                if required { throw fail(SourceLocation(line: 1, column: 1), key, "missing; a claim file needs key, side, scenario, measured and bound") }
                return nil
            }
            guard let text = value.string else { throw fail(index.valueLocation(key), key, "\(value.debugDescription) is not a string") }
            return text
        }
        func expression(_ key: String) throws -> Text {
            Text(text: try string(key, required: true)!, location: index.stringContentLocation(key), field: key)
        }
        let key = try string("key", required: true)!
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }) else {
            throw fail(index.stringContentLocation("key"), "key", "'\(key)' must be letters, digits, '.', '-' or '_'")
        }
        let sideText = try string("side", required: true)!
        guard let side = Side(rawValue: sideText) else {
            throw fail(index.stringContentLocation("side"), "side", "'\(sideText)' is not one of upper, lower, identity")
        }
        var tolerance = defaultTolerance
        if let value = table["tolerance"] {
            guard side == .identity else { throw fail(index.keyLocation("tolerance"), "tolerance", "applies to side = \"identity\" only (this claim is \(side.rawValue))") }
            guard let number = value.double ?? value.int.map(Double.init), number > 0, number.isFinite else {
                throw fail(index.valueLocation("tolerance"), "tolerance", "\(value.debugDescription) must be a positive number")
            }
            tolerance = number
        }
        var assumptions: [Text] = []
        if let value = table["assumptions"] {
            guard let array = value.array else { throw fail(index.valueLocation("assumptions"), "assumptions", "must be an array of strings, e.g. [\"alpha <= 0.5\"]") }
            let starts = index.stringStarts(from: index.valueLocation("assumptions"), count: array.count)
            for (i, element) in array.enumerated() {
                let location = i < starts.count ? starts[i] : index.valueLocation("assumptions")
                guard let text = element.string else { throw fail(location, "assumptions[\(i + 1)]", "\(element.debugDescription) is not a string") }
                assumptions.append(Text(text: text, location: location, field: "assumptions[\(i + 1)]"))
            }
        }
        var parameters: [ClaimParameterDeclaration] = []
        if let value = table["parameters"] {
            guard let declarations = value.table else { throw fail(index.valueLocation("parameters"), "parameters", "must be a table ([parameters])") }
            let names = declarations.keys.sorted { index.keyLocation("parameters.\($0)").line < index.keyLocation("parameters.\($1)").line }
            for name in names {
                parameters.append(try ClaimParameterDeclaration(name: name, value: declarations[name]!, index: index, fail: fail))
            }
        }
        return ClaimFile(path: path, key: key, title: try string("title", required: false) ?? key, citation: try string("citation", required: false) ?? "",
                         side: side, scenarioName: try string("scenario", required: true)!, measured: try expression("measured"),
                         bound: try expression("bound"), tolerance: tolerance, assumptions: assumptions, parameters: parameters,
                         keyLocation: index.stringContentLocation("key"), scenarioLocation: index.stringContentLocation("scenario"))
    }
}

/// One entry of a claim file's `[parameters]` table: a new parameter of the claim, or an override of a
/// scenario parameter's default domain.
public struct ClaimParameterDeclaration: Sendable {
    /// The declared set of values.
    public enum Domain: Sendable, Equatable {
        /// `range = [a, b]`, uniform or (`log = true`) log-uniform.
        case real(ClosedRange<Double>, logScale: Bool)
        /// `integers = [a, b]`.
        case integer(ClosedRange<Int>)
        /// `value = x`: fixed.
        case fixed(ScenarioArgument)
        /// `values = [x, y, …]`: a choice among numbers or names.
        case choice([ScenarioArgument])
    }

    public let name: String
    public let domain: Domain
    /// `default = x`: the value `bound --claim` uses when the parameter is not passed.
    public let defaultValue: ScenarioArgument?
    /// Where the declaration is written.
    public let location: SourceLocation

    /// The attributes a declaration may have.
    public static let attributes = ["range", "integers", "log", "value", "values", "default"]

    init(name: String, value: TOMLValueConvertible, index: TOMLSourceIndex,
         fail: (SourceLocation, String, String) -> InputError) throws {
        let path = "parameters.\(name)"
        self.name = name
        self.location = index.keyLocation(path)
        guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw fail(location, path, "'\(name)' is not a valid name (letters, digits and '_', starting with a letter)")
        }
        guard let table = value.table else {
            throw fail(index.valueLocation(path), path, "must be a table such as { range = [0.0, 1.0] }, got \(value.debugDescription)")
        }
        for attribute in table.keys where !ClaimParameterDeclaration.attributes.contains(attribute) {
            throw fail(index.keyLocation("\(path).\(attribute)"), "\(path).\(attribute)",
                       "unknown attribute; a parameter takes one of range, integers, value, values, and optionally log, default")
        }
        let given = ["range", "integers", "value", "values"].filter { table[$0] != nil }
        guard given.count == 1 else {
            throw fail(location, path, given.isEmpty ? "needs one of range, integers, value, values"
                                                     : "gives \(given.joined(separator: " and ")); give exactly one")
        }
        func number(_ value: TOMLValueConvertible) -> Double? { value.double ?? value.int.map(Double.init) }
        func argument(_ value: TOMLValueConvertible) -> ScenarioArgument? {
            if let integer = value.int { return .integer(integer) }
            if let real = value.double { return .real(real) }
            return value.string.map { .choice($0) }
        }
        func pair(_ attribute: String) throws -> (TOMLValueConvertible, TOMLValueConvertible) {
            guard let array = table[attribute]?.array, array.count == 2 else {
                throw fail(index.valueLocation("\(path).\(attribute)"), "\(path).\(attribute)", "must be [lower, upper], got \(table[attribute]!.debugDescription)")
            }
            return (array[0], array[1])
        }
        let logScale = table["log"]?.bool ?? false
        if table["log"] != nil && (table["log"]?.bool == nil || given[0] != "range") {
            throw fail(index.valueLocation("\(path).log"), "\(path).log", "log = true applies to a range only")
        }
        switch given[0] {
        case "range":
            let (a, b) = try pair("range")
            guard let lower = number(a), let upper = number(b), lower.isFinite, upper.isFinite else {
                throw fail(index.valueLocation("\(path).range"), "\(path).range", "\(table["range"]!.debugDescription) must be two finite numbers")
            }
            guard lower <= upper else {
                throw fail(index.valueLocation("\(path).range"), "\(path).range", "inverted range [\(ClaimNumber.text(lower)), \(ClaimNumber.text(upper))]: the lower end exceeds the upper")
            }
            guard !logScale || lower > 0 else {
                throw fail(index.valueLocation("\(path).range"), "\(path).range", "log = true needs a positive lower end, got \(ClaimNumber.text(lower))")
            }
            domain = .real(lower...upper, logScale: logScale)
        case "integers":
            let (a, b) = try pair("integers")
            guard let lower = a.int, let upper = b.int else {
                throw fail(index.valueLocation("\(path).integers"), "\(path).integers", "\(table["integers"]!.debugDescription) must be two integers")
            }
            guard lower <= upper else {
                throw fail(index.valueLocation("\(path).integers"), "\(path).integers", "inverted range [\(lower), \(upper)]: the lower end exceeds the upper")
            }
            domain = .integer(lower...upper)
        case "value":
            guard let fixed = argument(table["value"]!), fixed.real?.isFinite ?? true else {
                throw fail(index.valueLocation("\(path).value"), "\(path).value", "\(table["value"]!.debugDescription) must be a finite number or a name")
            }
            domain = .fixed(fixed)
        default:
            guard let array = table["values"]?.array, !array.isEmpty else {
                throw fail(index.valueLocation("\(path).values"), "\(path).values", "must be a non-empty array, e.g. [\"ou\", \"vp\"]")
            }
            let choices = array.compactMap(argument)
            let names = choices.filter { if case .choice = $0 { return true } else { return false } }
            guard choices.count == array.count, names.isEmpty || names.count == choices.count, choices.allSatisfy({ $0.real?.isFinite ?? true }) else {
                throw fail(index.valueLocation("\(path).values"), "\(path).values", "\(array.debugDescription) must be all finite numbers or all names")
            }
            domain = .choice(choices)
        }
        if let value = table["default"] {
            guard let argument = argument(value) else {
                throw fail(index.valueLocation("\(path).default"), "\(path).default", "\(value.debugDescription) must be a number or a name")
            }
            defaultValue = argument
        } else {
            defaultValue = nil
        }
    }
}
