import Foundation
import InputErrors

/// Reading an input file whose parser reports errors without knowing the file's name.
///
/// Only regular files and pipes are read (a directory or a device such as `/dev/zero` is refused), and
/// never more than the memory budget allows: the caller states how many bytes of memory its parse needs
/// per byte of file (`expansion`), and a file whose size times that exceeds `MemoryBudget` is refused
/// before it is read. A pipe is read up to the same bound.
public enum InputFile {
    /// The bytes of `path`.
    /// - Parameter expansion: peak bytes of memory the caller's parse uses per byte of file (≥ 1).
    /// - Throws: `InputError` naming `path` when it is missing, unreadable, not a file, or too large.
    public static func contents(of path: String, expansion: Double = 1) throws -> Data {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw InputError(source: path, field: "", reason: "file not found or not readable")
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFIFO || kind == S_IFSOCK else {
            let what = kind == S_IFDIR ? "a directory" : "a device"
            throw InputError(source: path, field: "", reason: "is \(what), not a file")
        }
        let budget = try MemoryBudget.bytes()
        let largest = budget / max(1, expansion)
        if kind == S_IFREG {
            try MemoryBudget.require(Double(status.st_size) * max(1, expansion), source: path, field: "",
                                     what: "reading this \(MemoryBudget.format(Double(status.st_size))) file", limit: budget)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(source: path, field: "", reason: "file not found or not readable")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // A regular file is read to its size (no larger buffer); a pipe up to one byte past the bound.
            let cap = kind == S_IFREG ? Int(status.st_size) + 1 : Int(min(largest, Double(Int.max - 1))) + 1
            data = try handle.read(upToCount: cap) ?? Data()
        } catch {
            throw InputError(source: path, field: "", reason: "cannot be read (\(InputText.printable(error.localizedDescription)))")
        }
        if Double(data.count) > largest {
            try MemoryBudget.require(Double(data.count) * max(1, expansion), source: path, field: "",
                                     what: "reading more than \(MemoryBudget.format(largest)) from this pipe", limit: budget)
        }
        return data
    }

    /// `parse(contents of path)`, with every `InputError` it throws attributed to `path`.
    public static func read<T>(_ path: String, expansion: Double = 1, _ parse: (Data) throws -> T) throws -> T {
        let data = try contents(of: path, expansion: expansion)
        do {
            return try parse(data)
        } catch let error as InputError {
            throw error.attributed(to: path)
        }
    }
}
