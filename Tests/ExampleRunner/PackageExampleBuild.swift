import Foundation

/// Builds the Swift-package example as a real package that depends on this repository, and runs it.
///
/// Layout, under the repository's `.build/package-example/` (so a second run rebuilds only what changed):
/// `ClosedForm` is a symbolic link to the repository root and `MyCheck/` holds the example's files as the
/// document shows them, so its `.package(path: "../ClosedForm")` resolves as written (the link's name is
/// the package identity that `.product(name: "ClosedForm", package: "ClosedForm")` refers to). The
/// executable (named by the `Sources/<name>/main.swift` file) runs from a fresh `ExampleSession`, so it
/// reads `examples/…` as written; its standard output and standard error are returned together.
public enum PackageExampleBuild {
    public static func run(_ example: PackageExample, root: URL, binary: URL) throws -> [String] {
        let fileManager = FileManager.default
        let base = root.appendingPathComponent(".build/package-example")
        let link = base.appendingPathComponent("ClosedForm")
        let package = base.appendingPathComponent("MyCheck")
        try fileManager.createDirectory(at: package, withIntermediateDirectories: true)
        if (try? fileManager.destinationOfSymbolicLink(atPath: link.path)) != root.path {
            try? fileManager.removeItem(at: link)
            try fileManager.createSymbolicLink(atPath: link.path, withDestinationPath: root.path)
        }
        // Write the files only when they changed, so an unchanged example is not recompiled.
        for (path, text) in example.files {
            let url = package.appendingPathComponent(path)
            if (try? String(contentsOf: url, encoding: .utf8)) != text {
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        guard let main = example.files.keys.first(where: { $0.hasPrefix("Sources/") && $0.hasSuffix("/main.swift") }) else {
            throw ExampleError.malformed("the Swift-package example has no Sources/<name>/main.swift block")
        }
        let product = main.split(separator: "/")[1]
        let scratch = package.appendingPathComponent(".build")
        let build = try swift(["build", "--package-path", package.path, "--scratch-path", scratch.path, "--product", String(product)])
        guard build.status == 0 else {
            throw ExampleError.failed("the Swift-package example does not build:\n\(build.output)")
        }
        let binPath = try swift(["build", "--package-path", package.path, "--scratch-path", scratch.path, "--show-bin-path"])
        let executable = URL(fileURLWithPath: binPath.output.trimmingCharacters(in: .whitespacesAndNewlines)).appendingPathComponent(String(product))
        let session = try ExampleSession(root: root, binary: binary)
        return try session.run(shell: "'\(executable.path)'")
    }

    /// Runs `swift arguments…`; returns its exit status and its standard output and error together.
    private static func swift(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-package-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: capture.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: capture) }
        let handle = try FileHandle(forWritingTo: capture)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: capture, encoding: .utf8))
    }
}
