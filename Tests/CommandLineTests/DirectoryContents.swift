import Foundation

/// Every regular file under a directory (hidden ones included), by path relative to it, with its bytes:
/// what the byte-for-byte comparisons of whole output directories compare.
enum DirectoryContents {
    static func files(under directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = directory.resolvingSymlinksInPath().standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            result[String(url.resolvingSymlinksInPath().standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }
}
