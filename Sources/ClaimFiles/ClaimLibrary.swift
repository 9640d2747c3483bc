import Foundation
import Checking
import InputErrors
import Scenarios
import Theorems

/// Loads claim files for `closedform check --claim`, `bound --claim` and `theorems --claims`.
public enum ClaimLibrary {
    /// The compiled claims of `paths`, in order: each path a `.toml` file or a folder, whose `*.toml` files
    /// (not those of its subfolders, so `claims/false/` stays apart from `claims/`) are read in name order.
    /// - Throws: `InputError`: a path that does not exist or a folder without claim files; any error of
    ///   `ClaimFile.parse` or `FileClaim.init`; a key used by a built-in claim or by an earlier file (at the
    ///   later file's `key`).
    public static func load(_ paths: [String]) throws -> [FileClaim] {
        var claims: [FileClaim] = []
        let builtIn = Set(ClaimCheckRegistry.everything.map(\.key)).union(TheoremRegistry.keys)
        for file in try files(paths) {
            let claim = try FileClaim(try ClaimFile.read(path: file))
            let location = "\(file):\(claim.file.keyLocation.line):\(claim.file.keyLocation.column)"
            if builtIn.contains(claim.file.key) {
                throw InputError(source: location, field: "key", reason: "'\(claim.file.key)' is the key of a built-in claim; choose another")
            }
            if let earlier = claims.first(where: { $0.file.key == claim.file.key }) {
                throw InputError(source: location, field: "key", reason: "'\(claim.file.key)' is already the key of \(earlier.file.path)")
            }
            claims.append(claim)
        }
        return claims
    }

    /// The claim files named by `paths` (folders expanded to their `*.toml` files, sorted by name).
    public static func files(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(source: path, field: "", reason: "no such claim file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".toml") }.sorted()
            guard !names.isEmpty else { throw InputError(source: path, field: "", reason: "the folder holds no *.toml claim file") }
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            files += names.map { "\(folder)/\($0)" }
        }
        return files
    }
}

extension FileClaim {
    /// The bound and the parameters used, for `closedform bound --claim`.
    public struct BoundValue: Sendable {
        public let bound: Double
        public let standardError: Double
        /// Every parameter the evaluation used, with whether it took its default.
        public let parameters: [(name: String, value: String, isDefault: Bool)]
        /// The scenario quantities the bound reads, with standard errors.
        public let quantities: [(name: String, value: MeasuredValueText)]
    }

    /// A quantity as printed: a scalar or the array of its elements.
    public enum MeasuredValueText: Sendable {
        case scalar(Double, standardError: Double)
        case array([Double])
    }

    /// The bound at the parameters `given` (name → text; a choice by its name), the others at their defaults.
    ///
    /// Needs the parameters the bound reads, and every scenario parameter when it reads a quantity.
    /// - Throws: `InputError` naming `--param`: an unknown parameter, a value that is not a number or not a
    ///   listed choice, a needed parameter with neither a value nor a default; `--claim` with the reason
    ///   when the scenario skips the case or the bound is NaN.
    public func evaluateBound(_ given: [(name: String, text: String)]) throws -> BoundValue {
        var point: ClaimCheck.Point = [:]
        var used: [(String, String, Bool)] = []
        for (name, text) in given {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                throw InputError(source: "--param", field: name, reason: "\(file.key) has no parameter '\(name)'; its parameters: \(parameters.map(\.name).joined(separator: ", "))")
            }
            guard point[name] == nil else { throw InputError(source: "--param", field: name, reason: "given twice") }
            let argument: ScenarioArgument = Double(text).map { $0.rounded() == $0 && parameter.search.integer ? .integer(Int($0)) : .real($0) } ?? .choice(text)
            guard let value = parameter.searchValue(argument) else {
                let expected = parameter.choices.isEmpty ? (parameter.search.integer ? "an integer" : "a number") : "one of \(parameter.choices.map(FileClaim.label).joined(separator: ", "))"
                throw InputError(source: "--param", field: name, reason: "'\(text)' is not \(expected)")
            }
            point[name] = value
            used.append((name, parameter.search.label(value), false))
        }
        let boundNames = Set(bound.names.map(\.name))
        let quantityNames = Set(scenario.quantities.map(\.name)).subtracting(parameters.map(\.name))
        let readsQuantities = !boundNames.isDisjoint(with: quantityNames)
        for parameter in parameters where point[parameter.name] == nil && (readsQuantities || boundNames.contains(parameter.name)) {
            guard let defaultValue = parameter.defaultValue, let value = parameter.searchValue(defaultValue) else {
                throw InputError(source: "--param", field: parameter.name,
                                 reason: "missing: \(file.key)'s bound needs \(parameter.name)=… (the file declares no default)")
            }
            point[parameter.name] = value
            used.append((parameter.name, parameter.search.label(value), true))
        }
        for parameter in parameters where point[parameter.name] == nil {
            point[parameter.name] = parameter.search.range.lowerBound  // not read by the bound
        }
        var boundOnly = self  // only the bound's quantities: the measured side may cost far more
        boundOnly.requested = boundNames.intersection(quantityNames)
        var values: [String: ScenarioQuantityValue] = [:]
        if readsQuantities {
            switch try boundOnly.quantities(at: point) {
            case .success(let computed): values = computed
            case .failure(let skip): throw InputError(source: "--claim", field: file.key, reason: "no bound at these parameters: \(skip.reason)")
            }
        }
        let environment = ClaimEnvironment(parameters: parameterValues(point), quantities: values)
        let value: DualNumber
        do {
            value = try bound.evaluate(environment)
        } catch let error as ClaimEvaluationError {
            throw InputError(source: "--claim", field: file.key, reason: "evaluation error: \(error.reason)")
        }
        guard !value.value.isNaN else { throw InputError(source: "--claim", field: file.key, reason: "the bound \"\(file.bound.text)\" is NaN at these parameters") }
        let quantities = values.filter { boundNames.contains($0.key) }.sorted { $0.key < $1.key }.map { entry -> (String, MeasuredValueText) in
            switch entry.value {
            case .scalar(let measured): return (entry.key, .scalar(measured.value, standardError: measured.standardError))
            case .array(let elements): return (entry.key, .array(elements.map(\.value)))
            }
        }
        return BoundValue(bound: value.value, standardError: value.standardError(environment.errors),
                          parameters: used.sorted { a, b in parameters.firstIndex { $0.name == a.0 }! < parameters.firstIndex { $0.name == b.0 }! },
                          quantities: quantities)
    }

}
