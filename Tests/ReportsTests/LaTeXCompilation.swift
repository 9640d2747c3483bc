import Foundation

/// Compiles LaTeX with pdflatex in a standard 10 pt `article` and reads the log: the check of issue 19's
/// "drops into an article" (no error, no `Overfull \hbox` wider than 1 pt).
enum LaTeXCompilation {
    /// pdflatex on PATH, nil when missing.
    static let pdflatex: String? = FigureCompileTests.which("pdflatex")

    /// True when pdflatex with the packages the tables and figures need is installed.
    static let available: Bool = {
        guard pdflatex != nil, let kpsewhich = FigureCompileTests.which("kpsewhich") else { return false }
        return ["siunitx.sty", "pgfplots.sty", "booktabs.sty"].allSatisfy { (try? FigureCompileTests.run(kpsewhich, [$0], in: NSTemporaryDirectory())) == 0 }
    }()

    /// The preamble of the standard article every generated file is compiled in.
    static let preamble = "\\documentclass[10pt]{article}\n\\usepackage{booktabs,siunitx,amsmath,array,longtable}\n\\usepackage{pgfplots}\\pgfplotsset{compat=1.17}\n"

    /// What one compilation found.
    struct Outcome {
        let status: Int32
        let log: String
        /// The `!` error lines of the log.
        var errors: [String] { log.split(separator: "\n").filter { $0.hasPrefix("!") }.map(String.init) }
        /// The widths of every `Overfull \hbox (…pt too wide)` over 1 pt.
        var overfull: [Double] {
            log.components(separatedBy: "Overfull \\hbox (").dropFirst().compactMap { Double($0.prefix { $0 != "p" }) }.filter { $0 > 1 }
        }
    }

    /// Compiles `document` (a whole .tex file) named `name`.tex in `directory` (twice when `twice`, for longtable).
    static func compile(_ document: String, name: String = "document", in directory: String, twice: Bool = false) throws -> Outcome {
        try document.write(toFile: directory + "/\(name).tex", atomically: true, encoding: .utf8)
        var status: Int32 = 0
        for _ in 0..<(twice ? 2 : 1) {
            status = try FigureCompileTests.run(pdflatex!, ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"], in: directory)
        }
        return Outcome(status: status, log: (try? String(contentsOfFile: directory + "/\(name).log", encoding: .utf8)) ?? "")
    }

    /// A document that `\input`s `file` (a path relative to `directory`).
    static func article(inputting file: String) -> String {
        preamble + "\\begin{document}\n\\input{\(file)}\n\\end{document}\n"
    }
}
