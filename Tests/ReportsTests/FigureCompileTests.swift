import Foundation
import Testing
import Reports

@Suite("Reports: pgfplots snippets compile with pdflatex")
struct FigureCompileTests {
    /// The path of `tool` on PATH, nil when missing.
    static func which(_ tool: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// True when pdflatex and pgfplots.sty are installed (the test is skipped otherwise).
    static let available: Bool = {
        guard which("pdflatex") != nil, let kpsewhich = which("kpsewhich") else { return false }
        return (try? run(kpsewhich, ["pgfplots.sty"], in: NSTemporaryDirectory())) == 0
    }()

    /// Runs `tool` with `arguments` in `directory`, output discarded; returns its exit status.
    static func run(_ tool: String, _ arguments: [String], in directory: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("each fixture's snippet compiles in a minimal document with only pgfplots (compat 1.17)",
          .enabled(if: FigureCompileTests.available, "pdflatex with pgfplots is not installed"))
    func compiles() throws {
        let directory = NSTemporaryDirectory() + "closedform-pgf-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fixtures = [("lines", FigureFixtures.lineWithBand()), ("heatmap", FigureFixtures.heatMap()), ("gaps", FigureFixtures.nonFinite())]
        for (name, figure) in fixtures {
            let document = "\\documentclass{article}\n\\usepackage{pgfplots}\\pgfplotsset{compat=1.17}\n\\begin{document}\n"
                + figure.pgfplots(comment: "Written by `closedform reproduce all --out x` (seed 0, closedform 0.1.0).")
                + "\\end{document}\n"
            try document.write(toFile: directory + "/\(name).tex", atomically: true, encoding: .utf8)
            let status = try Self.run(Self.which("pdflatex")!, ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"], in: directory)
            #expect(status == 0, "pdflatex failed on \(name) (see \(directory)/\(name).log)")
            #expect(FileManager.default.fileExists(atPath: directory + "/\(name).pdf"))
        }
    }
}
