import Foundation
import DataFiles
import Diffusion
import LinearAlgebra
import InputErrors

/// The JSON file of a trained MLP score (version 1):
/// ```json
/// {"format": "closedform-mlp", "version": 1, "dimension": 2, "schedule": "vp",
///  "architecture": {"hiddenLayers": 3, "width": 128, "activation": "silu", "timeFrequencies": 4},
///  "layers": [{"weights": [[…], …], "bias": […]}, …]}
/// ```
/// `layers` lists the L + 1 affine layers input first; `weights` of layer l is fan-out rows of fan-in
/// numbers (y = Wx + b): (width) × (dimension + 1 + 2·timeFrequencies) first, width × width in between,
/// dimension × width last. Numbers are in shortest round-trip form, so save → load reproduces every weight and
/// hence every score bit for bit. Loading validates everything and throws `InputError` naming the file,
/// the field (e.g. `layers[2].weights[0][3]`) and the value.
extension FittedMLPScore {
    /// The `format` tag.
    public static let fileFormat = "closedform-mlp"
    /// The `version` this code writes and reads.
    public static let fileVersion = 1

    /// The JSON text of the model (see the extension's format), one layer per line
    /// (`JSONValue.printed(indent: 2, expandedLevels: 2)`).
    public var fileContents: String {
        func list(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
        let layers = network.parameters.layers.map { layer -> JSONValue in
            .object(["weights": .array(layer.weights.rowArrays.map(list)), "bias": list(layer.bias)])
        }
        let a = architecture
        let document: JSONValue = .object([
            "format": .string(Self.fileFormat), "version": .integer(Int64(Self.fileVersion)),
            "dimension": .integer(Int64(dimension)), "schedule": .string(schedule.rawValue),
            "architecture": .object(["hiddenLayers": .integer(Int64(a.hiddenLayers)), "width": .integer(Int64(a.width)),
                                     "activation": .string(a.activation.rawValue),
                                     "timeFrequencies": .integer(Int64(a.timeEmbedding.frequencies))]),
            "layers": .array(layers),
        ])
        return document.printed(indent: 2, expandedLevels: 2) + "\n"
    }

    /// Writes the model atomically (temporary file, then rename).
    /// - Throws: `InputError` naming `path` when it cannot be written.
    public func save(to path: String) throws {
        try AtomicFileWriter.write(fileContents, to: path)
    }

    /// Reads and validates a model file.
    /// - Throws: `InputError(source: path, field: …, reason: …)` for a missing file, invalid JSON, a wrong
    ///   format tag or version, a missing field, a wrong shape, or a non-finite number.
    public static func load(from path: String) throws -> FittedMLPScore {
        try InputFile.read(path, parse)
    }

    /// Parses and validates model JSON (errors carry an empty `source`; `load` fills it in).
    ///
    /// Decoding goes through `JSONDecoder`, whose number parser is correctly rounded; Foundation's
    /// `JSONSerialization` on Linux is not (it misreads about two thirds of 17-digit numbers by one ulp),
    /// which would break the bit-for-bit round trip. Non-finite values may be written as the strings
    /// "Infinity", "-Infinity", "NaN" (JSON has no literal for them); they are read, then rejected by name.
    public static func parse(_ data: Data) throws -> FittedMLPScore {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let file: FileContents
        do {
            file = try decoder.decode(FileContents.self, from: data)
        } catch let error as DecodingError {
            throw FileContents.inputError(error)
        }
        guard file.format == fileFormat else {
            throw InputError(source: "", field: "format", reason: "\"\(file.format)\" is not \"\(fileFormat)\"")
        }
        guard file.version == fileVersion else {
            throw InputError(source: "", field: "version", reason: "\(file.version) is not supported (this reader knows version \(fileVersion))")
        }
        guard let schedule = NoiseSchedule(rawValue: file.schedule) else {
            throw InputError(source: "", field: "schedule", reason: "\"\(file.schedule)\" is not one of \(NoiseSchedule.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let architecture = try file.architecture.validated(dimension: file.dimension)
        let shapes = architecture.layerShapes
        guard file.layers.count == shapes.count else {
            throw InputError(source: "", field: "layers", reason: "has \(file.layers.count) entries; \(architecture.hiddenLayers) hidden layers need \(shapes.count)")
        }
        let layers = try zip(file.layers, shapes).enumerated().map { index, pair in
            try pair.0.validated(field: "layers[\(index)]", rows: pair.1.rows, columns: pair.1.columns)
        }
        return FittedMLPScore(network: MLPNetwork(architecture: architecture, parameters: MLPParameters(layers: layers)),
                              schedule: schedule)
    }

    /// The decoded file before validation.
    fileprivate struct FileContents: Decodable {
        struct Architecture: Decodable {
            let hiddenLayers: Int
            let width: Int
            let activation: String
            let timeFrequencies: Int

            func validated(dimension: Int) throws -> MLPArchitecture {
                guard let kind = MLPArchitecture.Activation(rawValue: activation) else {
                    throw InputError(source: "", field: "architecture.activation", reason: "\"\(activation)\" is not one of \(MLPArchitecture.Activation.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard (0...64).contains(timeFrequencies) else {
                    throw InputError(source: "", field: "architecture.timeFrequencies", reason: "\(timeFrequencies) must lie in 0…64")
                }
                do {
                    return try MLPArchitecture(dimension: dimension, hiddenLayers: hiddenLayers, width: width,
                                               timeEmbedding: TimeEmbedding(frequencies: timeFrequencies), activation: kind)
                } catch let error as InputError where error.field != "dimension" {
                    throw InputError(source: "", field: "architecture.\(error.field)", reason: error.reason)
                }
            }
        }

        struct Layer: Decodable {
            let weights: [[Double]]
            let bias: [Double]

            func validated(field: String, rows: Int, columns: Int) throws -> MLPParameters.Layer {
                guard weights.count == rows else {
                    throw InputError(source: "", field: "\(field).weights", reason: "has \(weights.count) rows, expected \(rows) (fan-out)")
                }
                if let row = weights.firstIndex(where: { $0.count != columns }) {
                    throw InputError(source: "", field: "\(field).weights[\(row)]", reason: "has \(weights[row].count) entries, expected \(columns) (fan-in)")
                }
                guard bias.count == rows else {
                    throw InputError(source: "", field: "\(field).bias", reason: "has \(bias.count) entries, expected \(rows) (fan-out)")
                }
                for (row, values) in weights.enumerated() {
                    try Self.requireFinite(values, field: "\(field).weights[\(row)]")
                }
                try Self.requireFinite(bias, field: "\(field).bias")
                return MLPParameters.Layer(weights: Matrix(rowArrays: weights), bias: bias)
            }

            static func requireFinite(_ values: [Double], field: String) throws {
                if let index = values.firstIndex(where: { !$0.isFinite }) {
                    throw InputError(source: "", field: "\(field)[\(index)]", reason: "\(describeNumber(values[index])) is not finite")
                }
            }
        }

        let format: String
        let version: Int
        let dimension: Int
        let schedule: String
        let architecture: Architecture
        let layers: [Layer]

        /// The `InputError` for a decoding failure, its field the coding path (`layers[2].weights`).
        static func inputError(_ error: DecodingError) -> InputError {
            func path(_ keys: [any CodingKey]) -> String {
                keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
            }
            switch error {
            case .keyNotFound(let key, let context):
                return InputError(source: "", field: path(context.codingPath + [key]), reason: "missing")
            case .typeMismatch(let type, let context):
                return InputError(source: "", field: path(context.codingPath), reason: "is not \(type == String.self ? "a string" : "a number or array of the expected kind") (\(context.debugDescription))")
            case .valueNotFound(_, let context):
                return InputError(source: "", field: path(context.codingPath), reason: "is null")
            case .dataCorrupted(let context):
                let reason = context.codingPath.isEmpty ? "is not valid JSON" : "is malformed"
                let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
                return InputError(source: "", field: path(context.codingPath), reason: "\(reason) (\(detail))")
            @unknown default:
                return InputError(source: "", field: "", reason: "cannot be read (\(error))")
            }
        }
    }
}
