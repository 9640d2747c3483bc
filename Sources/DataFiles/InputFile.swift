import Foundation

/// Reading an input file whose parser reports errors without knowing the file's name.
public enum InputFile {
    /// The bytes of `path`.
    /// - Throws: `InputError` naming `path` when it is missing or unreadable.
    public static func contents(of path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(source: path, field: "", reason: "file not found or not readable")
        }
        return data
    }

    /// `parse(contents of path)`, with every `InputError` it throws attributed to `path`.
    public static func read<T>(_ path: String, _ parse: (Data) throws -> T) throws -> T {
        let data = try contents(of: path)
        do {
            return try parse(data)
        } catch let error as InputError {
            throw error.attributed(to: path)
        }
    }
}
