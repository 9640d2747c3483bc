import Foundation
import DataFiles
import InputErrors

/// `DIR/shard.json`, written by `closedform reproduce … --shard i/n --out DIR`: what the shard directory
/// holds, so that `closedform merge` can check that its sources are the n slices of one run.
/// ```
/// {
///   "experiment": "retraining-gmm",
///   "format": "closedform-shard",
///   "scale": "paper",
///   "seed": 0,
///   "shard": "2/8",
///   "version": "0.1.0"
/// }
/// ```
public struct ShardManifest: Codable, Equatable, Sendable {
    public var format = "closedform-shard"
    /// The experiment name, or `all`.
    public var experiment: String
    public var scale: String
    public var seed: UInt64
    /// `i/n`.
    public var shard: String
    /// The tool version that wrote it.
    public var version: String

    public init(experiment: String, scale: String, seed: UInt64, shard: ShardSelection, version: String) {
        self.experiment = experiment
        self.scale = scale
        self.seed = seed
        self.shard = shard.description
        self.version = version
    }

    /// The manifest's file name inside a shard directory.
    public static let fileName = "shard.json"

    /// The shard, parsed.
    public var selection: ShardSelection { (try? ShardSelection(parsing: shard)) ?? ShardSelection(index: 1, count: 1) }

    /// Writes the manifest into `directory` atomically.
    public func write(to directory: String) throws {
        try AtomicFileWriter.write(try JSONValue.encoding(self).printed() + "\n", to: directory + "/" + Self.fileName)
    }

    /// Reads `directory/shard.json`.
    /// - Throws: `InputError` naming the file (missing, not a manifest, or a field with a bad value).
    public static func read(from directory: String) throws -> ShardManifest {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(source: path, field: "", reason: "missing: '\(directory)' is not the --out of a `closedform reproduce … --shard i/n` run")
        }
        guard let manifest = try? JSONDecoder().decode(ShardManifest.self, from: data), manifest.format == "closedform-shard" else {
            throw InputError(source: path, field: "", reason: "not a closedform shard manifest")
        }
        guard (try? ShardSelection(parsing: manifest.shard)) != nil else {
            throw InputError(source: path, field: "shard", reason: "'\(manifest.shard)' is not i/n")
        }
        return manifest
    }

    /// Checks that `manifests` (with their directories) are exactly the shards 1…n of one run.
    /// - Throws: `InputError` naming the directory and field that disagree, a repeated shard or a missing one.
    public static func requireComplete(_ manifests: [(directory: String, manifest: ShardManifest)]) throws {
        guard let (firstDirectory, first) = manifests.first else {
            throw InputError(source: "merge", field: "", reason: "no shard directories given")
        }
        let n = first.selection.count
        var seen: [Int: String] = [:]
        for (directory, manifest) in manifests {
            let fields: [(String, String, String)] = [
                ("experiment", manifest.experiment, first.experiment), ("scale", manifest.scale, first.scale),
                ("seed", "\(manifest.seed)", "\(first.seed)"), ("version", manifest.version, first.version),
                ("shard count", "\(manifest.selection.count)", "\(n)"),
            ]
            if let (field, value, expected) = fields.first(where: { $0.1 != $0.2 }) {
                throw InputError(source: directory + "/" + fileName, field: field,
                                 reason: "'\(value)' differs from '\(expected)' in \(firstDirectory)/\(fileName)")
            }
            if let other = seen[manifest.selection.index] {
                throw InputError(source: directory + "/" + fileName, field: "shard", reason: "\(manifest.shard) is also in \(other)")
            }
            seen[manifest.selection.index] = directory
        }
        if let missing = (1...n).first(where: { seen[$0] == nil }) {
            throw InputError(source: "merge", field: "shard \(missing)/\(n)",
                             reason: "missing; run `closedform reproduce \(first.experiment) --scale \(first.scale) --seed \(first.seed) --shard \(missing)/\(n) --out DIR` and pass DIR")
        }
    }
}
