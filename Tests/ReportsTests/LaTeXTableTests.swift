import Foundation
import Testing
import Reports

@Suite("Reports: LaTeX tables with booktabs and siunitx")
struct LaTeXTableTests {
    /// Lines between `\midrule` and `\bottomrule`, split into cells.
    static func body(_ latex: String) -> [[String]] {
        let lines = latex.split(separator: "\n").map(String.init)
        let start = lines.firstIndex(of: "\\midrule")! + 1, end = lines.firstIndex(of: "\\bottomrule")!
        return lines[start..<end].map { $0.replacingOccurrences(of: " \\\\", with: "").components(separatedBy: " & ") }
    }

    @Test("Column types: S with a table-format for numbers, scientific notation when the range spans 10⁴, c for intervals, l for text")
    func columnLayout() {
        let latex = ReportFixtures.table().latex
        #expect(latex.contains("\\begin{tabular}{S[table-format=3]S[table-format=1.3]S[table-format=-1.3e-1]cl}"), "\(latex)")
        let rows = Self.body(latex)
        #expect(rows[0][2] == "2.500e-3" && rows[1][2] == "1.50e-7" && rows[2][2] == "-4.250e1", "column D_i spans 10⁻⁷…10¹: scientific")
        #expect(rows[0][1] == "0.125" && rows[1][1] == "{$\\infty$}" && rows[2][1] == "{--}", "fixed notation, ∞ and empty braced")
    }

    @Test("Intervals: value ± half-width when symmetric, value^{+u}_{−l} otherwise, and the caption states the convention")
    func intervals() {
        let latex = ReportFixtures.table().latex
        let rows = Self.body(latex)
        // Three significant digits (the cells' default), scientific: the means span 1.5·10⁻⁵…3.
        #expect(rows[0][3] == "$\\num{2.50e-1} \\pm \\num{5.00e-2}$")
        #expect(rows[1][3] == "${\\num{1.50e-5}}^{+\\num{1.00e-5}}_{-\\num{5.00e-6}}$")
        #expect(rows[2][3] == "${\\num{3.00}}^{+\\infty}_{-\\num{1.00}}$")
        #expect(latex.contains("Intervals: value $\\pm$ half-width"))
    }

    @Test("Caption: escaped text, grouped sub/superscripts, notes, the seed from provenance, a label; preamble and provenance comments")
    func caption() {
        let latex = ReportFixtures.table().latex(provenance: ReportFixtures.provenance)
        #expect(latex.hasPrefix("% Written by `closedform reproduce example --out out --scale quick --seed 7` (seed 7, closedform 0.1.0).\n% Needs \\usepackage{booktabs,siunitx,amsmath,array,longtable}"))
        #expect(latex.contains("$\\chi^{2}$") && latex.contains("$\\mu_{i+1}$") && latex.contains("$\\hat{p}^{i}\\|$"))
        #expect(latex.contains("\\& h = 0.6") && latex.contains("50\\% of runs") && latex.contains("Seed 7.}"))
        #expect(latex.contains("\\label{tab:example}") && latex.contains("\\toprule") && latex.contains("\\bottomrule"))
        #expect(!ReportFixtures.table().latex.contains("Seed"), "no provenance, no seed")
    }

    @Test("Escaping: every character outside Latin-1 and the mapped symbols becomes [U+XXXX], never raw")
    func escaping() {
        #expect(LaTeXEscaping.escape("x̂ ∈ ℝ") == "$\\hat{x}$ $\\in$ $\\mathbf{R}$")
        #expect(LaTeXEscaping.escape("☃ café") == "[U+2603] café")
        #expect(LaTeXEscaping.escape("Uᵀx") == "U$^{\\top}$x")
    }

    static let pdflatex: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/pdflatex" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test("The generated table compiles with pdflatex given \\usepackage{booktabs,siunitx,amsmath} (skipped without pdflatex: install texlive-latex-recommended and texlive-science, or CLOSEDFORM_WITH_LATEX=1 bash scripts/test.sh)",
          .enabled(if: pdflatex != nil, "pdflatex is not on PATH: install texlive-latex-base texlive-latex-recommended texlive-science (CLOSEDFORM_WITH_LATEX=1 scripts/install-system-packages.sh)"))
    func compiles() throws {
        let directory = ReportFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ReportFixtures.table().latex(provenance: ReportFixtures.provenance)
            .write(toFile: directory + "/table.tex", atomically: true, encoding: .utf8)
        let document = "\\documentclass{article}\n\(Table.latexPreamble)\n\\begin{document}\n\\input{table.tex}\n\\end{document}\n"
        try document.write(toFile: directory + "/document.tex", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pdflatex!)
        process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "document.tex"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: directory + "/document.log", encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "pdflatex exit status \(process.terminationStatus):\n\(log.suffix(2000))")
        #expect(!log.contains("Error") && !log.split(separator: "\n").contains { $0.hasPrefix("!") }, "\(log.suffix(2000))")
        #expect(FileManager.default.fileExists(atPath: directory + "/document.pdf"))
    }
}
