import Foundation
import DataFiles
import LinearAlgebra
import InputErrors

/// The JSON model file of the command-line tool (examples/model.json):
/// ```json
/// {"dimension": 3,
///  "components": [
///    {"weight": 0.5, "mean": [0, 0, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]},
///    {"weight": 0.5, "mean": [1, 0, 0], "basis": [[1,0],[0,1],[0,0]], "variances": [1, 2], "noise": 0.01}]}
/// ```
/// A component gives either `covariance` (n×n, symmetric positive definite) or `basis` (n rows of d
/// entries, orthonormal columns) with optional `variances` (default all ones) and `noise` (default 0).
/// `mean` defaults to zero. Weights must be positive; they are normalised.
///
/// Limits (checked before anything large is allocated): `dimension` ≤ `maximumDimension`, at most
/// `maximumComponents` components, the file no larger than the memory budget allows for its parse tree
/// (`MemoryBudget`, `parsingExpansion` bytes per byte of file), and the validated model's own
/// factorisations within the budget (`requiredBytes`). JSON is parsed strictly (`JSONValue.parse`).
public enum ModelFile {
    /// Largest dimension accepted from a file (a dense covariance of this size is 128 MiB per component).
    public static let maximumDimension = 4096
    /// Largest number of components accepted from a file.
    public static let maximumComponents = 10_000
    /// Peak bytes of memory the parse uses per byte of file: the bytes themselves and the parse tree
    /// (a `JSONValue` is 16 bytes in an array, for a number written in as few as 2 bytes, `0,`).
    public static let parsingExpansion = 10.0

    /// Reads and validates a model file.
    /// - Throws: `InputError` naming the file, the field (e.g. `components[1].covariance`) and the value.
    public static func read(path: String) throws -> GaussianMixture {
        try InputFile.read(path, expansion: parsingExpansion) { try parse($0) }
    }

    /// Parses and validates model JSON.
    /// - Parameter memoryLimit: the budget for `requiredBytes`; by default `MemoryBudget.bytes()`.
    public static func parse(_ data: Data, memoryLimit: Double? = nil) throws -> GaussianMixture {
        guard case .object(let object) = try JSONValue.parse(data) else {
            throw InputError(source: "", field: "", reason: "top level must be a JSON object with \"dimension\" and \"components\"")
        }
        let dimension = try integer(object["dimension"], field: "dimension", range: 1...maximumDimension)
        guard case .array(let list)? = object["components"] else {
            let found = object["components"].map { "\(describe($0)) is not an array of component objects" }
            throw InputError(source: "", field: "components", reason: found ?? "missing: give an array of component objects")
        }
        guard !list.isEmpty, list.count <= maximumComponents else {
            throw InputError(source: "", field: "components", reason: "has \(list.count) entries; allowed 1 to \(maximumComponents)")
        }
        try MemoryBudget.require(requiredBytes(list, dimension: dimension), source: "", field: "components",
                                 what: "a model of \(list.count) components in dimension \(dimension)", limit: memoryLimit)
        var weights: [Double] = []
        var gaussians: [Gaussian] = []
        for (index, entry) in list.enumerated() {
            guard case .object(let component) = entry else {
                throw InputError(source: "", field: "components[\(index)]", reason: "\(describe(entry)) is not a JSON object")
            }
            do {
                weights.append(try number(component["weight"], field: "weight"))
                gaussians.append(try gaussian(component, dimension: dimension))
            } catch let error as InputError {
                throw InputError(source: "", field: "components[\(index)].\(error.field)", reason: error.reason)
            }
        }
        return try GaussianMixture(weights: weights, components: gaussians)
    }

    private static func gaussian(_ component: JSONObject, dimension n: Int) throws -> Gaussian {
        let known: Set<String> = ["weight", "mean", "covariance", "basis", "variances", "noise"]
        if let unknown = component.keys.sorted().first(where: { !known.contains($0) }) {
            throw InputError(source: "", field: InputText.printable(unknown), reason: "is not a known field (expected one of \(known.sorted().joined(separator: ", ")))")
        }
        let mean = try component["mean"].map { try vector($0, field: "mean", count: n) } ?? [Double](repeating: 0, count: n)
        switch (component["covariance"], component["basis"]) {
        case (let covariance?, nil):
            for field in ["variances", "noise"] where component[field] != nil {
                throw InputError(source: "", field: field, reason: "applies only with \"basis\", not with \"covariance\"")
            }
            return try Gaussian(mean: mean, covariance: matrix(covariance, field: "covariance", rows: n, columns: n))
        case (nil, let basisValue?):
            let basis = try matrix(basisValue, field: "basis", rows: n, columns: nil)
            let variances = try component["variances"].map { try vector($0, field: "variances", count: basis.columns) }
                ?? [Double](repeating: 1, count: basis.columns)
            let noise = try component["noise"].map { try number($0, field: "noise") } ?? 0
            return try Gaussian(mean: mean, basis: basis, variances: variances, noise: noise)
        case (nil, nil):
            throw InputError(source: "", field: "covariance", reason: "missing: give \"covariance\" (n×n) or \"basis\" (n×d)")
        case (.some, .some):
            throw InputError(source: "", field: "basis", reason: "given together with \"covariance\"; give one of them")
        }
    }

    /// The JSON text of a mixture in the model-file format, one component per line
    /// (`JSONValue.printed(indent: 2, expandedLevels: 2)`, numbers in shortest round-trip form).
    public static func render(_ mixture: GaussianMixture) -> String {
        func list(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
        func rows(_ matrix: Matrix) -> JSONValue { .array(matrix.rowArrays.map(list)) }
        let components = zip(mixture.weights, mixture.components).map { weight, component -> JSONValue in
            var fields: [(String, JSONValue)] = [("weight", .number(weight)), ("mean", list(component.mean))]
            switch component.form {
            case .full(let covariance):
                fields.append(("covariance", rows(covariance)))
            case .lowRank(let basis, let variances, let noise):
                fields += [("basis", rows(basis)), ("variances", list(variances)), ("noise", .number(noise))]
            }
            return .object(JSONObject(fields))
        }
        let document: JSONValue = .object(["dimension": .integer(Int64(mixture.dimension)), "components": .array(components)])
        return document.printed(indent: 2, expandedLevels: 2) + "\n"
    }

    /// Writes a mixture atomically.
    public static func write(_ mixture: GaussianMixture, to path: String) throws {
        try AtomicFileWriter.write(render(mixture), to: path)
    }
}
