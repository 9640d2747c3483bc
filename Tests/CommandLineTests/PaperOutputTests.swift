import Foundation
import Testing

/// Issues 19 and 21 through the command line: `retrain`'s presentation options and `closedform report`
/// (the whole quick reproduction compiled is `WholeReproductionTests`, in ReportsTests).
@Suite("Command line: paper-ready tables and closedform report")
struct PaperOutputTests {
    static let retrain = ["retrain", "--target", "model.json", "--estimator", "gaussian-mle", "--alpha", "0.3", "--generations", "4",
                          "--runs", "2", "--training-size", "200", "--chi2-samples", "200", "--seed", "1"]

    @Test("retrain --format latex with --caption, --label, --columns and --show-generations: those rows and columns, math headers, α as a grouping row")
    func retrainPresentation() throws {
        let fixture = try Fixture()
        let run = try fixture.run(Self.retrain + ["--format", "latex", "--caption", "My caption.", "--label", "tab:mine",
                                                  "--columns", "D,S", "--show-generations", "1,4"])
        #expect(run.status == 0, "\(run.standardError)")
        let latex = run.standardOutput
        #expect(latex.contains("\\caption{My caption.}") && latex.contains("\\label{tab:mine}"))
        #expect(latex.contains("{$i$} & $D_i = \\chi^2(\\hat{p}^{\\,i}\\|p_{\\mathrm{data}})$ & {\\begin{tabular}[b]{@{}c@{}}$S_{i-1}$\\\\B.thm4.2\\end{tabular}} \\\\"), "\(latex)")
        #expect(latex.contains("\\multicolumn{3}{@{}l}{$\\alpha$ = $0.3$}") && latex.contains("Rows shown: i = 1, 4 of 1--4"))
        #expect(!latex.contains("$\\mathrm{KL}_i$") && !latex.contains("\\_"), "only the chosen columns, no escaped underscore")
        let csv = try fixture.run(Self.retrain + ["--format", "csv", "--columns", "D", "--show-generations", "1"])
        #expect(csv.standardOutput.split(separator: "\n").count == 5, "CSV keeps every generation: \(csv.standardOutput)")
        #expect(csv.standardOutput.hasPrefix("α,i,D_i = χ²(p̂ⁱ‖p_data) (95% CI),"))
    }

    @Test("bad presentation options exit 2 naming the option: an unknown column key, an empty key, a negative generation")
    func badOptions() throws {
        let fixture = try Fixture()
        try fixture.expectBadInput(Self.retrain + ["--columns", "D,nope"], mentioning: "--columns")
        try fixture.expectBadInput(Self.retrain + ["--columns", "D,,S"], mentioning: "--columns")
        try fixture.expectBadInput(Self.retrain + ["--show-generations", "1,-2"], mentioning: "--show-generations")
        try fixture.expectBadInput(["report", "no-such-directory"], mentioning: "no-such-directory")
    }

    @Test("reproduce … --report writes report.tex: the experiment's claims with statements, its tables through \\input, its figures, findings and provenance")
    func report() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["reproduce", "retraining-regimes", "--out", "out", "--format", "latex,md,pgf", "--report"], environment: ["PATH": "/nonexistent"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("report: wrote out/report.tex"))
        #expect(run.standardError.contains("pdflatex is not on PATH"), "a missing pdflatex is stated on standard error")
        let report = try String(contentsOfFile: fixture.path("out/report.tex"), encoding: .utf8)
        #expect(report.contains("\\section{retraining-regimes}") && report.contains("\\texttt{B.plateau}"))
        #expect(report.contains("\\input{retraining-regimes/regimes.tex}") && report.contains("\\input{retraining-regimes/regimes-aligned.pgf.tex}"))
        #expect(report.contains("\\subsection*{Findings}") && report.contains("\\subsection*{Provenance}") && report.contains("closedform reproduce retraining-regimes"))
        let again = try fixture.run(["report", "out"])
        #expect(again.status == 0 && again.standardOutput == "report: wrote out/report.tex\n")
        #expect(try String(contentsOfFile: fixture.path("out/report.tex"), encoding: .utf8) == report, "the same directory gives the same report")
    }
}
