import ArgumentParser
import ClosedForm
import Foundation

/// `closedform report DIR`: one LaTeX article from a `reproduce` output directory, compiled with `--pdf`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write DIR/report.tex, one article from a reproduce output directory; --pdf compiles it with pdflatex.",
        discussion: """
            Per experiment: its claims with their statements, its tables (\\input, each fitting a one-column \
            10 pt article), its pgfplots figures, its findings and the provenance of the run. The preamble needs \
            booktabs, siunitx, amsmath, array, longtable and pgfplots (Debian: texlive-latex-recommended, \
            texlive-science, texlive-pictures).

            Examples:
              closedform reproduce all --out out
              closedform report out --pdf
            """
    )

    @Argument(help: ArgumentHelp("A directory written by `closedform reproduce`.", valueName: "DIR"))
    var directory: String

    @Flag(help: "Also compile report.tex to report.pdf with pdflatex (run twice).")
    var pdf = false

    func run() throws {
        let path = try ReportDocument.write(directory: directory)
        print("report: wrote \(path)")
        if pdf { try Self.compile(directory: directory, required: true) }
    }

    /// Compiles DIR/report.tex, printing where the PDF went; when pdflatex is missing or fails, says so on
    /// standard error and, when `required`, exits with status 1.
    static func compile(directory: String, required: Bool) throws {
        switch try ReportDocument.compile(directory: directory) {
        case .compiled(let pdf):
            print("report: compiled \(pdf)")
        case .pdflatexMissing:
            FileHandle.standardError.write(Data("closedform report: pdflatex is not on PATH, so report.pdf was not built; install texlive-latex-recommended, texlive-science and texlive-pictures (Debian), then run `closedform report \(directory) --pdf`\n".utf8))
            if required { throw ExitCode(1) }
        case .failed(let log):
            FileHandle.standardError.write(Data("closedform report: pdflatex failed on \(directory)/report.tex; the end of report.log:\n\(log)\n".utf8))
            if required { throw ExitCode(1) }
        }
    }
}
