import DataFiles
import Foundation

/// A directory that an experiment writes its tables and files into. Every file is written atomically
/// (temporary file, then rename), so an interrupted run never leaves a partial file.
public struct ReportDirectory: Sendable {
    /// The directory's path.
    public let path: String
    /// The command, seed and version that every file written here carries; `nil` for ad-hoc use.
    public var provenance: RunProvenance?

    /// Creates the directory (and its parents) if missing.
    /// - Throws: `InputError` naming `--out` when it exists as a file or cannot be created.
    public init(path: String, provenance: RunProvenance? = nil) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(source: "--out", field: "", reason: "'\(path)' exists and is not a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw InputError(source: "--out", field: "", reason: "cannot create directory '\(path)' (\((error as NSError).localizedDescription))")
        }
        self.path = path
        self.provenance = provenance
    }

    /// A subdirectory, created if missing.
    public func subdirectory(_ name: String) throws -> ReportDirectory {
        try ReportDirectory(path: file(name), provenance: provenance)
    }

    /// The path of `name` inside this directory.
    public func file(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// Writes `text` to `name` atomically and returns the file's path.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        let destination = file(name)
        try AtomicFileWriter.write(text, to: destination)
        return destination
    }

    /// Writes `table` as `<basename>.md`, `.tex`, `.csv` and `.json`; returns the four paths.
    @discardableResult
    public func write(_ table: Table, basename: String) throws -> [String] {
        [try write(table.markdown, to: basename + ".md"), try write(table.latex, to: basename + ".tex"),
         try write(table.csv, to: basename + ".csv"), try write(table.json, to: basename + ".json")]
    }
}
