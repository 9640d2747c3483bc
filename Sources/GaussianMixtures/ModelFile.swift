import Foundation
import DataFiles
import LinearAlgebra

/// The JSON model file of DESIGN.md:
/// ```json
/// {"dimension": 3,
///  "components": [
///    {"weight": 0.5, "mean": [0, 0, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]},
///    {"weight": 0.5, "mean": [1, 0, 0], "basis": [[1,0],[0,1],[0,0]], "variances": [1, 2], "noise": 0.01}]}
/// ```
/// A component gives either `covariance` (n×n, symmetric positive definite) or `basis` (n rows of d
/// entries, orthonormal columns) with optional `variances` (default all ones) and `noise` (default 0).
/// `mean` defaults to zero. Weights must be positive; they are normalised.
public enum ModelFile {
    /// Largest dimension accepted from a file (a dense covariance of this size is 8 MB per component).
    public static let maximumDimension = 4096
    /// Largest number of components accepted from a file.
    public static let maximumComponents = 10_000

    /// Reads and validates a model file.
    /// - Throws: `InputError` naming the file, the field (e.g. `components[1].covariance`) and the value.
    public static func read(path: String) throws -> GaussianMixture {
        try InputFile.read(path, parse)
    }

    /// Parses and validates model JSON.
    public static func parse(_ data: Data) throws -> GaussianMixture {
        let root: Any
        do {
            root = try JSONValue.parse(data).foundationObject
        } catch {
            throw InputError(source: "", field: "", reason: "is not valid JSON (\(shortReason(error)))")
        }
        guard let object = root as? [String: Any] else {
            throw InputError(source: "", field: "", reason: "top level must be a JSON object with \"dimension\" and \"components\"")
        }
        let dimension = try integer(object["dimension"], field: "dimension")
        guard dimension >= 1, dimension <= maximumDimension else {
            throw InputError(source: "", field: "dimension", reason: "\(dimension) must be between 1 and \(maximumDimension)")
        }
        guard let list = object["components"] as? [Any] else {
            throw InputError(source: "", field: "components", reason: "must be an array of component objects")
        }
        guard !list.isEmpty, list.count <= maximumComponents else {
            throw InputError(source: "", field: "components", reason: "has \(list.count) entries; allowed 1 to \(maximumComponents)")
        }
        var weights: [Double] = []
        var gaussians: [Gaussian] = []
        for (index, entry) in list.enumerated() {
            let prefix = "components[\(index)]"
            guard let component = entry as? [String: Any] else {
                throw InputError(source: "", field: prefix, reason: "must be a JSON object")
            }
            do {
                weights.append(try number(component["weight"], field: "weight"))
                gaussians.append(try gaussian(component, dimension: dimension))
            } catch let error as InputError {
                throw InputError(source: "", field: "\(prefix).\(error.field)", reason: error.reason)
            }
        }
        return try GaussianMixture(weights: weights, components: gaussians)
    }

    private static func gaussian(_ component: [String: Any], dimension n: Int) throws -> Gaussian {
        let known: Set<String> = ["weight", "mean", "covariance", "basis", "variances", "noise"]
        if let unknown = component.keys.sorted().first(where: { !known.contains($0) }) {
            throw InputError(source: "", field: unknown, reason: "is not a known field (expected one of \(known.sorted().joined(separator: ", ")))")
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

    static func number(_ value: Any?, field: String) throws -> Double {
        guard let value else { throw InputError(source: "", field: field, reason: "missing") }
        // JSON booleans arrive as NSNumber too, with Objective-C type code "c": reject them.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else {
            throw InputError(source: "", field: field, reason: "\(describe(value)) is not a number")
        }
        let double = number.doubleValue
        guard double.isFinite else {
            throw InputError(source: "", field: field, reason: "\(describeNumber(double)) is not finite")
        }
        return double
    }

    static func integer(_ value: Any?, field: String) throws -> Int {
        let double = try number(value, field: field)
        guard double == double.rounded(), abs(double) < 1e9 else {
            throw InputError(source: "", field: field, reason: "\(double) is not a whole number")
        }
        return Int(double)
    }

    static func vector(_ value: Any, field: String, count: Int?) throws -> [Double] {
        guard let array = value as? [Any] else {
            throw InputError(source: "", field: field, reason: "\(describe(value)) is not an array of numbers")
        }
        if let count, array.count != count {
            throw InputError(source: "", field: field, reason: "has \(array.count) entries, expected \(count)")
        }
        return try array.enumerated().map { try number($1, field: "\(field)[\($0)]") }
    }

    static func matrix(_ value: Any, field: String, rows: Int, columns: Int?) throws -> Matrix {
        guard let array = value as? [Any] else {
            throw InputError(source: "", field: field, reason: "\(describe(value)) is not an array of rows")
        }
        guard array.count == rows else {
            throw InputError(source: "", field: field, reason: "has \(array.count) rows, expected \(rows)")
        }
        var width = columns
        var elements: [Double] = []
        for (index, rowValue) in array.enumerated() {
            let row = try vector(rowValue, field: "\(field)[\(index)]", count: width)
            width = row.count
            elements += row
        }
        return Matrix(rows: rows, columns: width ?? 0, elements: elements)
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case is String: return "a string \"\(String(describing: value).prefix(30))\""
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return String(describing: value).prefix(30).description
        }
    }

    private static func shortReason(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
        return text.split(separator: "\n").first.map(String.init) ?? "parse error"
    }

    /// The JSON text of a mixture in the model-file format (numbers in shortest round-trip form).
    public static func render(_ mixture: GaussianMixture) -> String {
        func list(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        func rows(_ matrix: Matrix) -> String { "[" + matrix.rowArrays.map(list).joined(separator: ", ") + "]" }
        var parts: [String] = []
        for (weight, component) in zip(mixture.weights, mixture.components) {
            var fields = ["\"weight\": \(weight)", "\"mean\": \(list(component.mean))"]
            switch component.form {
            case .full(let covariance):
                fields.append("\"covariance\": \(rows(covariance))")
            case .lowRank(let basis, let variances, let noise):
                fields += ["\"basis\": \(rows(basis))", "\"variances\": \(list(variances))", "\"noise\": \(noise)"]
            }
            parts.append("    {" + fields.joined(separator: ", ") + "}")
        }
        return "{\"dimension\": \(mixture.dimension),\n  \"components\": [\n" + parts.joined(separator: ",\n") + "]}\n"
    }

    /// Writes a mixture atomically.
    public static func write(_ mixture: GaussianMixture, to path: String) throws {
        try AtomicFileWriter.write(render(mixture), to: path)
    }
}
