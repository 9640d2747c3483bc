import Foundation
import Checking
import InputErrors
import Scenarios

/// A claim file compiled against its scenario: the searched parameters (the scenario's, with the file's
/// overrides, then the file's own), the parsed expressions with every name resolved, and the `ClaimCheck`
/// that `CounterexampleSearch` runs (proofs/core.claim-files.md).
public struct FileClaim: Sendable {
    /// One searched parameter and how its values become scenario arguments and expression values.
    public struct Parameter: Sendable {
        public let search: CheckParameter
        /// The values of a choice parameter (names or numbers), value i of `search` standing for `choices[i]`.
        public let choices: [ScenarioArgument]
        /// The scenario parameter it sets, nil for the file's own.
        public let scenarioParameter: ScenarioParameter?
        /// The value `bound --claim` uses when the parameter is not passed: `default`, a fixed value, or a
        /// one-point default domain.
        public let defaultValue: ScenarioArgument?

        public var name: String { search.name }

        /// The argument at search value `value`.
        func argument(_ value: Double) -> ScenarioArgument {
            if !choices.isEmpty { return choices[Int(value)] }
            return search.integer ? .integer(Int(value)) : .real(value)
        }

        /// `argument` in the scenario's type (an integer-valued draw of a real parameter as a real).
        func scenarioArgument(_ value: Double) -> ScenarioArgument {
            let argument = argument(value)
            if case .real? = scenarioParameter?.domain, let number = argument.real { return .real(number) }
            return argument
        }

        /// The search value of `argument`, or nil when it is not one of this parameter's values.
        func searchValue(_ argument: ScenarioArgument) -> Double? {
            if !choices.isEmpty {
                return choices.firstIndex { $0 == argument || ($0.real != nil && $0.real == argument.real) }.map(Double.init)
            }
            guard let number = argument.real else { return nil }
            return !search.integer || number.rounded() == number ? number : nil
        }
    }

    /// Both sides of the claim at one case, with standard errors.
    public struct Sides: Sendable {
        public let measured: Double
        public let measuredStandardError: Double
        public let bound: Double
        public let boundStandardError: Double
        /// The ratio (`ClaimRatio`) and its delta-method standard error.
        public let ratio: Double
        public let ratioStandardError: Double
        /// The scenario quantities the expressions read.
        public let quantities: [String: ScenarioQuantityValue]
    }

    public let file: ClaimFile
    public let scenario: any Scenario
    public let parameters: [Parameter]
    let measured: ClaimExpression
    let bound: ClaimExpression
    /// Assumptions on parameters alone (checked before the scenario is evaluated) and on quantities.
    let parameterAssumptions: [(text: String, expression: ClaimExpression)]
    let quantityAssumptions: [(text: String, expression: ClaimExpression)]
    /// The quantities computed at each case: those any expression reads.
    public internal(set) var requested: Set<String>

    /// Compiles `file` against the scenario it names among `scenarios` (the catalogue; tests pass others).
    /// - Throws: `InputError` at `path:line:column` of the offending text: an unknown scenario, an override
    ///   of the wrong type or an unknown choice, a parameter named like a quantity, an expression syntax
    ///   error, an unknown name or function, an array used without an index or a scalar with one, a
    ///   comparison outside assumptions, a constant index outside 1…G.
    public init(_ file: ClaimFile, scenarios: [any Scenario] = ScenarioCatalog.all) throws {
        self.file = file
        func fail(_ location: SourceLocation, _ field: String, _ reason: String) -> InputError {
            InputError(source: "\(file.path):\(location.line):\(location.column)", field: field, reason: reason)
        }
        guard let scenario = scenarios.first(where: { $0.name == file.scenarioName }) else {
            throw fail(file.scenarioLocation, "scenario", "unknown scenario '\(file.scenarioName)'; scenarios: \(scenarios.map(\.name).joined(separator: ", "))")
        }
        self.scenario = scenario
        // A name that is both a parameter and a quantity (`alpha`, `G`) is the parameter: the same value,
        // without evaluating the scenario.
        let parameterNames = Set(scenario.parameters.map(\.name))
        let quantities = Dictionary(uniqueKeysWithValues: scenario.quantities.filter { !parameterNames.contains($0.name) }.map { ($0.name, $0) })
        var parameters: [Parameter] = []
        for declared in scenario.parameters {
            let override = file.parameters.first { $0.name == declared.name }
            parameters.append(try FileClaim.parameter(declared, override, fail: fail))
        }
        for declaration in file.parameters where !scenario.parameters.contains(where: { $0.name == declaration.name }) {
            let field = "parameters.\(declaration.name)"
            if quantities[declaration.name] != nil {
                throw fail(declaration.location, field, "'\(declaration.name)' is a quantity of \(scenario.name); give the parameter another name")
            }
            if ClaimFunction(rawValue: declaration.name) != nil || ["inf", "sum", "and", "or", "not"].contains(declaration.name) {
                throw fail(declaration.location, field, "'\(declaration.name)' is reserved (a function or keyword)")
            }
            parameters.append(try FileClaim.parameter(nil, declaration, fail: fail))
        }
        self.parameters = parameters
        let numeric = Set(parameters.filter { $0.choices.allSatisfy { $0.real != nil } }.map(\.name))
        let names = parameters.map(\.name)

        /// Parses `text` and resolves its names; `condition` for assumptions.
        func compile(_ text: ClaimFile.Text, condition: Bool) throws -> ClaimExpression {
            let expression: ClaimExpression
            do {
                expression = try ClaimExpressionParser.parse(text.text)
            } catch let error as ClaimExpressionError {
                throw fail(text.location.advanced(by: error.offset), text.field, "\(error.message) in \"\(text.text)\"" + (error.hint.map { "; \($0)" } ?? ""))
            }
            try FileClaim.resolve(expression, text: text, condition: condition, numeric: numeric, parameterNames: names,
                                  quantities: quantities, scenario: scenario, bound: [], fail: fail)
            if expression.isCondition != condition {
                throw fail(text.location, text.field, condition
                    ? "\"\(text.text)\" is a number, not a condition; an assumption compares, e.g. \"eps_star2 <= 1\""
                    : "\"\(text.text)\" is a condition; comparisons and and/or/not belong in assumptions")
            }
            try FileClaim.checkConstantIndices(expression, text: text, parameters: parameters, fail: fail)
            return expression
        }
        measured = try compile(file.measured, condition: false)
        bound = try compile(file.bound, condition: false)
        var parameterAssumptions: [(String, ClaimExpression)] = [], quantityAssumptions: [(String, ClaimExpression)] = []
        var requested = Set<String>()
        for text in file.assumptions {
            let expression = try compile(text, condition: true)
            let read = Set(expression.names.map(\.name)).intersection(quantities.keys)
            if read.isEmpty { parameterAssumptions.append((text.text, expression)) } else { quantityAssumptions.append((text.text, expression)) }
        }
        for expression in [measured, bound] + quantityAssumptions.map(\.1) {
            requested.formUnion(expression.names.map(\.name).filter { quantities[$0] != nil })
        }
        self.parameterAssumptions = parameterAssumptions
        self.quantityAssumptions = quantityAssumptions
        self.requested = requested
    }

    /// The searched parameter for a scenario parameter (`declared`) with the file's `override`, or for the
    /// file's own parameter (`declared` nil).
    private static func parameter(_ declared: ScenarioParameter?, _ override: ClaimParameterDeclaration?,
                                  fail: (SourceLocation, String, String) -> InputError) throws -> Parameter {
        let name = declared?.name ?? override!.name
        let field = "parameters.\(name)"
        let location = override?.location ?? SourceLocation(line: 1, column: 1)
        func wrongType(_ expected: String) -> InputError {
            fail(location, field, "\(name) is \(expected) parameter of the scenario; the declared values do not fit")
        }
        var search: CheckParameter, choices: [ScenarioArgument] = []
        switch (override?.domain, declared?.domain) {
        case (nil, .real(let range, let logScale)?): search = CheckParameter(name, range, logScale: logScale)
        case (nil, .integer(let range)?): search = .integer(name, range.lowerBound, range.upperBound)
        case (nil, .choice(let names)?): search = CheckParameter(name, choices: names); choices = names.map { .choice($0) }
        case (.real?, .integer?):
            throw fail(location, field, "\(name) is an integer parameter of the scenario; declare it with integers = [a, b]")
        case (.real(let range, let logScale)?, _):
            if case .choice? = declared?.domain { throw wrongType("a choice") }
            search = CheckParameter(name, range, logScale: logScale)
        case (.integer(let range)?, _):
            if case .choice? = declared?.domain { throw wrongType("a choice") }
            search = .integer(name, range.lowerBound, range.upperBound)
        case (.fixed(let value)?, _):
            choices = [value]
            search = CheckParameter(name, choices: [FileClaim.label(value)])
        case (.choice(let values)?, _):
            choices = values
            search = CheckParameter(name, choices: values.map(FileClaim.label))
        case (nil, nil): preconditionFailure("FileClaim: a parameter with neither a declaration nor a scenario domain")
        }
        for value in choices {
            switch (declared?.domain, value) {
            case (.choice(let names)?, .choice(let chosen)):
                guard names.contains(chosen) else {
                    throw fail(location, field, "'\(chosen)' is not a value of \(name); values: \(names.joined(separator: ", "))")
                }
            case (.choice?, _): throw wrongType("a choice")
            case (.integer?, .real(let number)) where number.rounded() != number: throw wrongType("an integer")
            case (.integer?, .choice), (.real?, .choice): throw wrongType("a numeric")
            default: break
            }
        }
        var defaultValue = override?.defaultValue
        if defaultValue == nil && choices.count == 1 { defaultValue = choices[0] }
        if defaultValue == nil, search.range.lowerBound == search.range.upperBound, choices.isEmpty {
            defaultValue = search.integer ? .integer(Int(search.range.lowerBound)) : .real(search.range.lowerBound)
        }
        let parameter = Parameter(search: search, choices: choices, scenarioParameter: declared, defaultValue: defaultValue)
        if let value = override?.defaultValue, parameter.searchValue(value) == nil && choices.isEmpty == false {
            throw fail(location, "\(field).default", "\(FileClaim.label(value)) is not one of the listed values")
        }
        return parameter
    }

    /// A choice's printed name (`ou`, `0.5`).
    static func label(_ argument: ScenarioArgument) -> String {
        switch argument {
        case .choice(let name): return name
        case .integer(let value): return String(value)
        case .real(let value): return ClaimNumber.text(value)
        }
    }

    /// Checks every name of `expression`: a numeric parameter, a scalar quantity, an indexed array
    /// quantity, or an enclosing `sum` index; conditions only where allowed.
    private static func resolve(_ expression: ClaimExpression, text: ClaimFile.Text, condition: Bool, numeric: Set<String>,
                                parameterNames: [String], quantities: [String: ScenarioQuantity], scenario: any Scenario,
                                bound: Set<String>, fail: (SourceLocation, String, String) -> InputError) throws {
        func recurse(_ inner: ClaimExpression, _ bound: Set<String>) throws {
            try resolve(inner, text: text, condition: condition, numeric: numeric, parameterNames: parameterNames, quantities: quantities,
                        scenario: scenario, bound: bound, fail: fail)
        }
        func here(_ offset: Int) -> SourceLocation { text.location.advanced(by: offset) }
        switch expression {
        case .number: return
        case .name(let name, let offset):
            if bound.contains(name) || numeric.contains(name) { return }
            if parameterNames.contains(name) {
                throw fail(here(offset), text.field, "'\(name)' is a choice of names, not a number, in \"\(text.text)\"")
            }
            if let quantity = quantities[name] {
                if quantity.isArray { throw fail(here(offset), text.field, "'\(name)' is an array indexed 1…G; write \(name)[k] in \"\(text.text)\"") }
                return
            }
            throw fail(here(offset), text.field, "unknown name '\(name)' in \"\(text.text)\"; parameters: \(parameterNames.joined(separator: ", ")); quantities of \(scenario.name): \(quantities.keys.sorted().joined(separator: ", "))")
        case .element(let name, let index, let offset):
            guard let quantity = quantities[name] else {
                throw fail(here(offset), text.field, "unknown array '\(name)' in \"\(text.text)\"; arrays of \(scenario.name): \(quantities.values.filter(\.isArray).map(\.name).sorted().joined(separator: ", "))")
            }
            guard quantity.isArray else { throw fail(here(offset), text.field, "'\(name)' is a scalar; it takes no index in \"\(text.text)\"") }
            try recurse(index, bound)
        case .negate(let inner): try recurse(inner, bound)
        case .arithmetic(_, let a, let b):
            for side in [a, b] where side.isCondition { throw fail(text.location, text.field, "a condition used as a number in \"\(text.text)\"") }
            try recurse(a, bound); try recurse(b, bound)
        case .call(_, let arguments, _): for argument in arguments { try recurse(argument, bound) }
        case .sum(let index, let from, let to, let body, let offset):
            if numeric.contains(index) || parameterNames.contains(index) || quantities[index] != nil {
                throw fail(here(offset), text.field, "the sum index '\(index)' hides a parameter or quantity; choose another name in \"\(text.text)\"")
            }
            try recurse(from, bound); try recurse(to, bound); try recurse(body, bound.union([index]))
        case .comparison(_, let a, let b):
            guard condition else { throw fail(text.location, text.field, "\"\(text.text)\" is a condition; comparisons and and/or/not belong in assumptions") }
            try recurse(a, bound); try recurse(b, bound)
        case .and(let a, let b), .or(let a, let b):
            guard condition else { throw fail(text.location, text.field, "\"\(text.text)\" is a condition; comparisons and and/or/not belong in assumptions") }
            for side in [a, b] where !side.isCondition { throw fail(text.location, text.field, "and/or join conditions, not numbers, in \"\(text.text)\"") }
            try recurse(a, bound); try recurse(b, bound)
        case .not(let a):
            guard condition, a.isCondition else { throw fail(text.location, text.field, "not applies to a condition in \"\(text.text)\"") }
            try recurse(a, bound)
        }
    }

    /// The number of generations G: the scenario parameter `G`, whose smallest value bounds a constant index.
    static let generationsParameter = "G"

    /// A constant index `D[k]` must lie in 1…G for every G the search can draw (G ≥ its smallest value).
    private static func checkConstantIndices(_ expression: ClaimExpression, text: ClaimFile.Text, parameters: [Parameter],
                                             fail: (SourceLocation, String, String) -> InputError) throws {
        let smallestG = parameters.first { $0.name == generationsParameter }.map { parameter in
            parameter.choices.isEmpty ? parameter.search.range.lowerBound : parameter.choices.compactMap(\.real).min() ?? 1
        }
        func visit(_ e: ClaimExpression) throws {
            switch e {
            case .element(let name, let index, let offset):
                if case .number(let k) = index {
                    let upper = smallestG.map { "\(Int($0))" } ?? "G"
                    guard k >= 1, k.rounded() == k, smallestG.map({ k <= $0 }) ?? true else {
                        throw fail(text.location.advanced(by: offset), text.field,
                                   "index \(ClaimNumber.text(k)) of \(name) is outside 1…G (G can be \(upper)) in \"\(text.text)\"")
                    }
                }
                try visit(index)
            case .number, .name: return
            case .negate(let a), .not(let a): try visit(a)
            case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b), .or(let a, let b): try visit(a); try visit(b)
            case .call(_, let arguments, _): try arguments.forEach(visit)
            case .sum(_, let from, let to, let body, _): try visit(from); try visit(to); try visit(body)
            }
        }
        try visit(expression)
    }
}
