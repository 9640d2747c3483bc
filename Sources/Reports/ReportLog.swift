import Foundation

/// What was written into one `ReportDirectory`, in order: the tables (as models, so that a notebook can
/// render them again) and every file, with its contents when it is a figure (so that a notebook can
/// embed an SVG even when `--format` left the `.svg` file out).
///
/// Shared by the copies of one directory value; safe to use from several threads.
public final class ReportLog: @unchecked Sendable {
    /// One table written through `ReportDirectory.write(_:basename:)`.
    public struct TableEntry: Sendable {
        public let basename: String
        public let table: Table

        public init(basename: String, table: Table) {
            self.basename = basename
            self.table = table
        }
    }

    /// One file passed to `ReportDirectory.write(_:to:)`.
    public struct FileEntry: Sendable {
        public let name: String
        /// False when the format filter left it out.
        public let written: Bool
        /// The text, kept for `.svg` files only.
        public let svg: String?
    }

    private let lock = NSLock()
    private var tableEntries: [TableEntry] = []
    private var fileEntries: [FileEntry] = []

    public init() {}

    /// The tables, in the order they were written.
    public var tables: [TableEntry] { lock.withLock { tableEntries } }
    /// The files, in the order they were written (a file written twice appears twice).
    public var files: [FileEntry] { lock.withLock { fileEntries } }

    func record(_ table: Table, basename: String) {
        lock.withLock { tableEntries.append(TableEntry(basename: basename, table: table)) }
    }

    func record(file name: String, written: Bool, text: String) {
        let svg = ReportFormat.of(fileNamed: name) == .svg ? text : nil
        lock.withLock { fileEntries.append(FileEntry(name: name, written: written, svg: svg)) }
    }
}
