import Foundation
import Testing

/// Runs the built `closedform` executable as a subprocess.
///
/// The binary is looked for next to the running test executable: under `swift test` on Linux that is
/// `.build/<triple>/<configuration>/ClosedFormPackageTests.xctest`, whose directory also holds `closedform`
/// (the test target depends on the executable target, so `swift build --build-tests` builds it).
/// Checked under `swift test` on Linux: `Bundle.main.executableURL`, `/proc/self/exe` and
/// `CommandLine.arguments[0]` all give that path (`Bundle.main.bundleURL` is its directory); the first is
/// used, the others are fallbacks. `CLOSEDFORM_BINARY` overrides the search.
enum Tool {
    /// The result of one run.
    struct Run {
        let status: Int32
        let standardOutput: String
        let standardError: String

        /// The non-empty lines of standard error.
        var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
    }

    /// This process's environment with `CLOSEDFORM_NATIVE_BLAS=1`, then `changes` applied (a nil value
    /// removes the variable).
    ///
    /// Tests compare the tool's output bit for bit with the library called in this process, which runs
    /// whatever OpenBLAS kernels the processor chose, so by default the tool keeps them too
    /// (`BLASKernelSelection`); every run of one comparison must use the same kernels, interrupted and
    /// resumed ones included. A test comparing with committed files passes
    /// `"CLOSEDFORM_NATIVE_BLAS": nil`, so that the tool uses the reference kernels they were written on.
    static func environment(adding changes: [String: String?]) -> [String: String] {
        var variables = ProcessInfo.processInfo.environment
        variables["CLOSEDFORM_NATIVE_BLAS"] = "1"
        for (name, value) in changes { variables[name] = value }
        return variables
    }

    static let binary: URL? = {
        if let override = ProcessInfo.processInfo.environment["CLOSEDFORM_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.resolvingSymlinksInPath()) }
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: link))
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath())
        for candidate in candidates {
            var directory = candidate.deletingLastPathComponent()
            // On Darwin the test binary sits inside <bundle>.xctest/Contents/MacOS.
            for _ in 0..<4 {
                let binary = directory.appendingPathComponent("closedform")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// Runs `closedform arguments…` in `directory`, capturing both streams through files (no pipe
    /// deadlock on large outputs). `environment` entries are added to (or, with nil values, removed from)
    /// the test process's environment.
    ///
    /// The environment is `environment(adding:)`'s.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String?] = [:]) throws -> Run {
        let binary = try #require(Tool.binary, "closedform binary not found next to the test executable; build with `swift build --build-tests`")
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-capture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("stdout"), errURL = capture.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = Tool.environment(adding: environment)
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus,
                   standardOutput: try String(contentsOf: outURL, encoding: .utf8),
                   standardError: try String(contentsOf: errURL, encoding: .utf8))
    }
}

/// A temporary directory holding the test's input files, removed at the end of the test.
final class Fixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try write("model.json", Fixture.model)
        try write("other.json", Fixture.otherModel)
        try write("points.csv", Fixture.points)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `contents` to `name` inside the fixture directory; returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The file names in the directory, sorted (hidden temporary files included).
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> Tool.Run {
        try Tool.run(arguments, in: directory, environment: environment)
    }

    /// Runs `arguments` and expects bad-input handling: exit status 2, exactly one standard-error line
    /// starting `error: ` that mentions `mention`, and no file added to the directory.
    func expectBadInput(_ arguments: [String], mentioning mention: String) throws {
        let before = try listing()
        let run = try run(arguments)
        #expect(run.status == 2, "\(arguments): status \(run.status), \(run.standardError)")
        #expect(run.errorLines.count == 1 && run.errorLines[0].hasPrefix("error: "), "\(run.standardError)")
        #expect(run.standardError.contains(mention), "\(run.standardError)")
        #expect(try listing() == before, "no output file on bad input")
    }

    /// The model of examples/model.json: a full and a low-rank component in ℝ³.
    static let model = """
        {"dimension": 3,
         "components": [
           {"weight": 0.5, "mean": [0, 0, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]},
           {"weight": 0.5, "mean": [1, 0, 0], "basis": [[1,0],[0,1],[0,0]], "variances": [1, 2], "noise": 0.01}]}
        """

    /// A second model in ℝ³ (one correlated Gaussian), for divergences.
    static let otherModel = """
        {"dimension": 3, "components": [{"weight": 1, "mean": [0.5, 0, 0], "covariance": [[2,0.5,0],[0.5,1,0],[0,0,1.5]]}]}
        """

    /// Five points in ℝ³, with spaces, a blank line and exponents to exercise the reader.
    static let points = """
        0,0,0
        1, -0.5, 0.25
        -2.5,3,1e-3

        0.1,0.2,-0.3
        4,4,4
        """
    static let pointCount = 5
}
