import DataFiles
import Foundation
import InputErrors

/// A directory that an experiment writes its tables and files into. Every file is written atomically
/// (temporary file, then rename), so an interrupted run never leaves a partial file.
///
/// A format filter (`formats`) decides which files are written: a file whose name has the extension of
/// a format not in the set (see `ReportFormat.of(fileNamed:)`) is skipped; files of no format are always
/// written. `log` records every table and file, written or skipped, for the index and the notebook.
public struct ReportDirectory: Sendable {
    /// The directory's path.
    public let path: String
    /// The command, seed and version that every file written here carries; `nil` for ad-hoc use.
    public var provenance: RunProvenance?
    /// The formats written; subdirectories inherit it. Every format by default.
    public var formats: Set<ReportFormat>
    /// How tables are shown (columns, rows, LaTeX environment); subdirectories inherit it. A column key
    /// that a table does not have leaves that table whole (`Table.selectingColumns(_:partial:)`).
    public var presentation = TablePresentation()
    /// What was written here (not in subdirectories, which have their own).
    public let log = ReportLog()

    /// Creates the directory (and its parents) if missing.
    /// - Throws: `InputError` naming `--out` when it exists as a file or cannot be created.
    public init(path: String, provenance: RunProvenance? = nil, formats: Set<ReportFormat> = Set(ReportFormat.allCases)) throws {
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
        self.formats = formats
    }

    /// A subdirectory, created if missing, with this directory's provenance and formats.
    public func subdirectory(_ name: String) throws -> ReportDirectory {
        var directory = try ReportDirectory(path: file(name), provenance: provenance, formats: formats)
        directory.presentation = presentation
        return directory
    }

    /// The path of `name` inside this directory.
    public func file(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// Whether a file called `name` passes the format filter.
    public func writes(fileNamed name: String) -> Bool {
        ReportFormat.of(fileNamed: name).map(formats.contains) ?? true
    }

    /// Writes `text` to `name` atomically, unless the format filter leaves it out, and returns the file's
    /// path (where it would be when skipped).
    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        try write(text, to: name, logging: text)
    }

    /// Writes `text` to `name` as `write(_:to:)` does, but records `logged` in the log: the form a
    /// notebook embeds (a figure without the run's provenance, which names the output directory).
    @discardableResult
    func write(_ text: String, to name: String, logging logged: String) throws -> String {
        let destination = file(name)
        let written = writes(fileNamed: name)
        if written { try AtomicFileWriter.write(text, to: destination) }
        log.record(file: name, written: written, text: logged)
        return destination
    }

    /// Writes `table` as `<basename>.md`, `.tex`, `.csv` and `.json`, each with this directory's
    /// provenance and shown as `presentation` says (CSV and JSON with every row), leaving out the formats
    /// not chosen; returns the paths written.
    @discardableResult
    public func write(_ table: Table, basename: String) throws -> [String] {
        var everyRow = presentation
        everyRow.shownIndexValues = nil
        let complete = try table.presented(everyRow, partialColumns: true)
        let shown = try table.presented(presentation, partialColumns: true)
        log.record(shown, basename: basename)
        let renderings: [(ReportFormat, String, Table)] = [(.md, "md", shown), (.latex, "tex", shown), (.csv, "csv", complete), (.json, "json", complete)]
        return try renderings.compactMap { format, suffix, table in
            guard formats.contains(format) else { return nil }
            return try write(table.rendered(as: format, provenance: provenance, environment: presentation.environment), to: basename + "." + suffix)
        }
    }
}
