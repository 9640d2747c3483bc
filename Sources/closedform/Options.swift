import ArgumentParser
import ClosedForm
import Foundation

/// `--model M.json`: a model file in the JSON format of `ModelFile`.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model file (JSON: dimension, components with weight, mean, covariance or basis/variances/noise).",
                               valueName: "M.json"))
    var model: String

    /// Reads and validates the model; errors name this file.
    func load() throws -> GaussianMixture {
        try ModelFile.read(path: model)
    }
}

/// `--schedule ve|vp|ou|cosine --time T`.
struct TimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Noise schedule (docs/theory.md §0).", valueName: "schedule"))
    var schedule: NoiseSchedule

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Time t ≥ 0 (vp: t ≤ 1; cosine: t < 1).", valueName: "T"))
    var time: Double

    func validate() throws {
        try schedule.validate(time: time)
    }
}

/// `--points P.csv`.
struct PointsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Points, one per row, comma-separated, no header.", valueName: "P.csv"))
    var points: String

    /// Reads the points; a row whose length is not `dimension` is reported with its row number.
    func load(dimension: Int) throws -> Matrix {
        try PointsFile.read(path: points, dimension: dimension)
    }
}

/// `[--output FILE]`: where the result goes (standard output by default).
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write here instead of standard output (atomically: all or nothing).", valueName: "FILE"))
    var output: String?

    func validate() throws {
        if let output { try OutputOptions.requireWritable(output, option: "--output") }
    }

    /// Writes `text` to `--output` atomically, or to standard output.
    func emit(_ text: String) throws {
        if let output {
            try AtomicFileWriter.write(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Memory an output of rows × columns numbers needs, per number: the doubles computed along the way
    /// (about four copies: the kernel's combined block, the result, the per-component work of `denoise`)
    /// and the CSV text (shortest round-trip form, at most 24 characters, and a separator, doubled while the
    /// string grows).
    static let bytesPerOutputNumber = 80.0

    /// Throws unless computing and printing rows × columns numbers fits in `MemoryBudget`.
    static func requireMemory(rows: Int, columns: Int, source: String, what: String) throws {
        try MemoryBudget.require(Double(rows) * Double(columns) * bytesPerOutputNumber, source: source, field: "", what: what)
    }

    /// Throws unless a file can be created at `path` (its directory exists and is writable, and `path` is
    /// not a directory). Checked before any work, so a bad path fails fast; the write itself is atomic.
    static func requireWritable(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(source: option, field: "", reason: "'\(path)' is a directory; give a file name")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(source: option, field: "", reason: "cannot write '\(path)': directory '\(directory)' does not exist")
        }
        guard access(directory, W_OK) == 0 else {
            throw InputError(source: option, field: "", reason: "cannot write '\(path)': directory '\(directory)' is not writable")
        }
    }
}

/// `--seed S`, the seed of every random stream of a command; `Default` gives the command's default (or
/// makes the seed required).
struct SeedOptions<Default: SeedDefault>: ParsableArguments {
    @Option(parsing: .unconditional, help: SeedOptions.help)
    var seed: UInt64?

    static var help: ArgumentHelp {
        ArgumentHelp("Seed of every random stream (same seed, same bits)" + (Default.seed.map { "; default \($0)." } ?? "; required."),
                     valueName: "S")
    }

    func validate() throws {
        if seed == nil && Default.seed == nil {
            throw InputError(source: "--seed", field: "", reason: "missing; give the seed of the random streams (same seed, same bits)")
        }
    }

    /// The seed given, or the command's default (validated: a required seed is present).
    var value: UInt64 { seed ?? Default.seed! }
}
