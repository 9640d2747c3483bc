import Foundation

/// Runs console blocks the way a reader would, from a fresh temporary copy of `examples/` and `claims/`.
///
/// Each session is a new temporary directory holding a copy of the repository's `examples/` and `claims/`
/// folders; the commands run there, so `--model examples/model.json` and `--claim claims/…` work as written
/// from the repository root, and
/// files a command writes (`fitted.json`, `out/`) stay in the session. Every command is run by
/// `/bin/sh -c` with `closedform` (the given binary) first on the `PATH`, with `$?` set to the previous
/// command's exit status (so `$ echo $?` shows it), standard output and standard error captured together
/// in the order they were written, and this environment:
/// - `LC_ALL=C` (so `ls` and `sort` order bytes the same way everywhere);
/// - `OPENBLAS_CORETYPE=Haswell` on x86-64 processors with AVX2 and FMA, unless already set: the kernels
///   `closedform` switches to by itself, set here for programs that link the library (the Swift-package
///   example), whose digits depend on them;
/// - no `CLOSEDFORM_NATIVE_BLAS` and no `CLOSEDFORM_MEMORY_LIMIT` unless the command sets them: the tool
///   runs OpenBLAS's reference kernels (it switches to them itself on x86-64 with AVX2) and its default
///   memory budget.
/// Lines of a progress bar (`label [###…] n/N  …s elapsed, ~…s left`, `estimating` or `done`) are removed from the output: their
/// count and timings vary, and the documents do not show them.
public final class ExampleSession {
    public let directory: URL
    private var lastStatus: Int32 = 0

    public init(root: URL, binary: URL) throws {
        let fileManager = FileManager.default
        directory = fileManager.temporaryDirectory.appendingPathComponent("closedform-examples-\(UUID().uuidString)")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        for folder in ["examples", "claims"] {
            try fileManager.copyItem(at: root.appendingPathComponent(folder), to: directory.appendingPathComponent(folder))
        }
        // `closedform` on the PATH: a folder with a link to the binary (its own folder holds the test bundles).
        let bin = directory.appendingPathComponent(".bin")
        try fileManager.createDirectory(at: bin, withIntermediateDirectories: true)
        try fileManager.createSymbolicLink(at: bin.appendingPathComponent("closedform"), withDestinationURL: binary)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs one command; returns its output lines (progress-bar lines removed).
    public func run(_ command: ConsoleBlock.Command) throws -> [String] {
        try run(shell: command.shell)
    }

    /// Runs `shell` by `/bin/sh -c` in the session; returns its output lines (progress-bar lines removed).
    public func run(shell: String) throws -> [String] {
        let capture = directory.appendingPathComponent(".output")
        _ = FileManager.default.createFile(atPath: capture.path, contents: nil)
        let handle = try FileHandle(forWritingTo: capture)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(exit \(lastStatus))\n\(shell)"]
        process.currentDirectoryURL = directory
        process.environment = environment()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        lastStatus = process.terminationStatus
        let text = try String(contentsOf: capture, encoding: .utf8)
        try FileManager.default.removeItem(at: capture)
        return ExampleSession.lines(of: text)
    }

    /// The environment of every command (see the type's documentation).
    private func environment() -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["CLOSEDFORM_NATIVE_BLAS"] = nil
        variables["CLOSEDFORM_MEMORY_LIMIT"] = nil
        variables["LC_ALL"] = "C"
        if variables["OPENBLAS_CORETYPE"] == nil && ExampleSession.processorRunsReferenceKernels {
            variables["OPENBLAS_CORETYPE"] = "Haswell"
        }
        variables["PATH"] = directory.appendingPathComponent(".bin").path + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        return variables
    }

    /// True on x86-64 Linux with AVX2 and FMA (`/proc/cpuinfo`): the rule of `scripts/test.sh` and of the
    /// tool's own kernel selection.
    static let processorRunsReferenceKernels: Bool = {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let words = Set(flags.split(separator: " "))
        return words.contains("avx2") && words.contains("fma")
        #else
        return false
        #endif
    }()

    /// `text` split into lines (a final line end does not start another line), progress-bar lines removed.
    static func lines(of text: String) -> [String] {
        if text.isEmpty { return [] }
        var lines = text.components(separatedBy: "\n")
        if text.hasSuffix("\n") { lines.removeLast() }
        return lines.filter { !isProgressLine($0) }
    }

    /// True for a line drawn by the tool's progress bar: `label [` 30 of `#`/`.` `] n/N  Xs elapsed, ` then
    /// `~Ys left`, `estimating` or `done`.
    static func isProgressLine(_ line: String) -> Bool {
        line.contains(progressPattern)
    }

    nonisolated(unsafe) private static let progressPattern = /\[[#.]{30}\] [0-9]+\/[0-9]+  [0-9.]+s elapsed, (~[0-9]+s left|estimating|done)/
}

/// Where the repository and the built tool are.
public enum ExampleLocations {
    /// The repository root (this file is `Tests/ExampleRunner/ExampleSession.swift`).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `closedform` executable: `CLOSEDFORM_BINARY` if set, else the one built next to this process's
    /// executable (the test bundle or the refresh tool, both in `.build/<triple>/<configuration>/`).
    public static func binary() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["CLOSEDFORM_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.resolvingSymlinksInPath()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
        for candidate in candidates {
            var directory = candidate.deletingLastPathComponent()
            for _ in 0..<4 {  // on Darwin a test bundle's executable sits in <bundle>.xctest/Contents/MacOS
                let binary = directory.appendingPathComponent("closedform")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw ExampleError.failed("closedform not found next to \(candidates.map(\.path)); build it with `swift build --build-tests`")
    }

    /// True when `CLOSEDFORM_LONG_TESTS=1`: slow examples run too.
    public static let longTests = ProcessInfo.processInfo.environment["CLOSEDFORM_LONG_TESTS"] == "1"
}
