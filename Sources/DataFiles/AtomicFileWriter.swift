import Foundation
import InputErrors

/// Writes a file all at once: the content goes to a temporary file in the same directory, which is then
/// renamed over the destination, so a reader never sees a partial file, even after a crash or a kill.
public enum AtomicFileWriter {
    /// Writes `contents` to `path` atomically.
    /// - Throws: `InputError` naming the path when the directory is missing or not writable.
    public static func write(_ contents: String, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        guard let data = contents.data(using: .utf8) else {
            throw InputError(source: path, field: "", reason: "content is not valid UTF-8")
        }
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw InputError(source: path, field: "", reason: "cannot write here (missing directory or no permission)")
        }
        if rename(temporary.path, destination.path) != 0 {
            let code = errno
            unlink(temporary.path)
            throw InputError(source: path, field: "", reason: "cannot rename the temporary file into place (\(String(cString: strerror(code))))")
        }
    }
}
