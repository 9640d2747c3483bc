import InputErrors
import Sweeps
import Foundation
import DataFiles
import Reports

/// One run of `closedform reproduce` (or of `closedform merge`): the paper experiments and the closed forms,
/// written as tables, figures, notebooks and an index into one directory.
///
/// Every file carries `commandLine`, the seed and the version; the same reproduction writes the same
/// bytes (JSON tables also record the time, taken from `SOURCE_DATE_EPOCH` when it is set). A sharded
/// reproduction (`shard`) computes slice i of n of every sweep and writes the shard's units and a
/// `ShardManifest`; `merging(shards:into:formats:notebook:)` joins the n shard directories into exactly
/// the files the unsharded run writes.
///
/// ```swift
/// let run = Reproduction(target: try ReproductionTarget(name: "retraining-gmm"), directory: "out", scale: .quick, seed: 3)
/// try await run.run(log: { print($0) })
/// ```
public struct Reproduction: Sendable {
    /// The default scale: `quick` (minutes on a laptop).
    public static let defaultScale = ExperimentScale.quick
    /// The default seed of every random stream.
    public static let defaultSeed: UInt64 = 0

    /// What runs.
    public var target: ReproductionTarget
    /// The output directory (created if missing); experiment `e` writes into `directory/e/`.
    public var directory: String
    /// `quick` or `paper`.
    public var scale: ExperimentScale
    /// Seed of every random stream.
    public var seed: UInt64
    /// The formats chosen, in the order given; nil for `ReportFormat.defaults` (every format but ipynb).
    public var formats: [ReportFormat]?
    /// Also write a Jupyter notebook per experiment (adds ipynb to the formats).
    public var notebook: Bool
    /// The slice of every sweep this run computes; nil for the whole run.
    public var shard: ShardSelection?
    /// How tables are shown in LaTeX and Markdown (columns, generations, environment); a column key applies
    /// to the tables that have it.
    public var presentation = TablePresentation()
    /// Shard directories whose sweep units this run reads instead of computing (set by `merging`).
    public private(set) var mergeSources: [String] = []

    public init(target: ReproductionTarget, directory: String, scale: ExperimentScale = defaultScale, seed: UInt64 = defaultSeed,
                formats: [ReportFormat]? = nil, notebook: Bool = false, shard: ShardSelection? = nil) {
        self.target = target
        self.directory = directory
        self.scale = scale
        self.seed = seed
        self.formats = formats
        self.notebook = notebook
        self.shard = shard
    }

    /// The reproduction that joins the `--out` directories of the n shard runs of one reproduction into
    /// `directory`: the same target, scale and seed (read from each `ShardManifest`), computing only what
    /// the shards did not.
    /// - Throws: `InputError` naming the shard directory and field when the directories are not exactly
    ///   the shards 1…n of one run, or a manifest names an unknown experiment or scale.
    public static func merging(shards: [String], into directory: String, formats: [ReportFormat]? = nil,
                               notebook: Bool = false) throws -> Reproduction {
        let manifests = try shards.map { (directory: $0, manifest: try ShardManifest.read(from: $0)) }
        try ShardManifest.requireComplete(manifests)
        let (firstDirectory, first) = manifests[0]
        let manifestPath = firstDirectory + "/" + ShardManifest.fileName
        guard let scale = ExperimentScale(rawValue: first.scale) else {
            throw InputError(source: manifestPath, field: "scale",
                             reason: "unknown scale '\(first.scale)'; expected \(ExperimentScale.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        let target: ReproductionTarget
        do {
            target = try ReproductionTarget(name: first.experiment)
        } catch let error as InputError {
            throw InputError(source: manifestPath, field: "experiment", reason: error.reason)
        }
        var merge = Reproduction(target: target, directory: directory, scale: scale, seed: first.seed, formats: formats, notebook: notebook)
        merge.mergeSources = shards
        return merge
    }

    /// The formats written: `formats` (default `ReportFormat.defaults`), plus ipynb with `notebook`.
    public var writtenFormats: Set<ReportFormat> {
        let chosen = formats.map(Set.init) ?? ReportFormat.defaults
        return notebook ? chosen.union([.ipynb]) : chosen
    }

    /// The command that regenerates this reproduction, options in a fixed order (the provenance every
    /// output file carries); a merge's command is that of the unsharded run.
    public var commandLine: String {
        var words = ["closedform", "reproduce", target.name, "--out", directory, "--scale", scale.rawValue, "--seed", "\(seed)"]
        if let formats { words += ["--format", formats.map(\.rawValue).joined(separator: ",")] }
        if notebook { words.append("--notebook") }
        if let keys = presentation.columnKeys { words += ["--columns", keys.joined(separator: ",")] }
        if let values = presentation.shownIndexValues { words += ["--show-generations", values.map(String.init).joined(separator: ",")] }
        if presentation.environment != .table { words += ["--table-environment", presentation.environment.rawValue] }
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    /// `word`, single-quoted when the shell would split or expand it.
    public static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./,=:+@%".contains($0)) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
