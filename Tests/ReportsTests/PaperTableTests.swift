import Foundation
import Testing
import InputErrors
import Reports

/// Issue 19: tables that drop into an article. A drift-like table, 3 α × 20 generations with thirteen
/// columns, is wider and taller than a page; it must come out fitting a 10 pt article.
@Suite("Reports: paper-ready tables (math headers, split parts, chosen rows, presentation options)")
struct PaperTableTests {
    static let columns: [TableColumn] = [
        TableColumn("α", latex: "$\\alpha$", key: "alpha", role: .grouping),
        TableColumn("i", latex: "$i$", key: "i", role: .index),
        TableColumn("D_i (95% CI)", latex: "$D_i$", key: "D"),
        TableColumn("D_i population", latex: "$D_i$\\\\population", key: "D-population"),
        TableColumn("ε*²_{i−1} (95% CI)", latex: "$\\varepsilon^{*2}_{i-1}$", key: "eps-star"),
        TableColumn("ε̂²_{i−1} (95% CI)", latex: "$\\hat{\\varepsilon}^{2}_{i-1}$", key: "eps-hat"),
        TableColumn("KL_i (95% CI)", latex: "$\\mathrm{KL}_i$", key: "KL"),
        TableColumn("W₂ lower (95% CI)", latex: "$\\mathrm{W}_2$ lower", key: "W2-lower"),
        TableColumn("lower: B.recursion", latex: "lower bound\\\\B.recursion", key: "lower", role: .bound),
        TableColumn("S_{i−1}", latex: "$S_{i-1}$", key: "S", role: .bound),
        TableColumn("D_i ÷ S_{i−1}", latex: "$D_i / S_{i-1}$", key: "ratio", role: .bound),
        TableColumn("flag", key: "flag", role: .bound),
    ]

    /// 3 α × 20 generations of values with the spread of a real drift table (asymmetric intervals,
    /// scientific notation, ∞, long flags).
    static func driftLike() -> Table {
        var table = Table(caption: "A drift-like table: 3 α, 20 generations, seed 1.", label: "tab:drift", columns: columns,
                          notes: ["Round errors: ε*² = ∫ g² E_{q_t}‖ŝ − ∇log q_t‖² dt on the ideal path; p_data is the target.",
                                  "FINDING: none."])
        for alpha in [0.1, 0.5, 0.9] {
            for i in 1...20 {
                let x = Double(i) * alpha
                table.append([.number(alpha, digits: 3), .number(Double(i), digits: 3),
                              .interval(mean: 1.23e-3 * x, low: 1.0e-3 * x, high: 2.9e-3 * x), .number(i > 10 ? .infinity : 0.0421 * x),
                              .interval(mean: 12.3 * x, low: 11.1 * x, high: 13.9 * x), .interval(mean: 0.0123, low: 0, high: 0.0312),
                              .interval(mean: 4.56e-4, low: 4.0e-4, high: 5.2e-4), .interval(mean: 0.987, low: 0.9, high: 1.07),
                              .number(3.2e-5 * x, digits: 3), .number(123.4 * x, digits: 3), .number(0.00321 / x, digits: 3),
                              .text(i % 3 == 0 ? "ε*² outside clean regime; D = ∞ in 2/4 runs" : "")])
            }
        }
        return table
    }

    @Test("Headers: the LaTeX form is math, written once per column; a string header gets its scripts as math, never an escaped _ or brace")
    func mathHeaders() {
        #expect(TableColumn("D_i").latexHeader == "$D_{i}$")
        #expect(TableColumn("S_{i−1}: B.thm4.2").latexHeader == "$S_{i-1}$: B.thm4.2")
        #expect(TableColumn("median σ_t²").latexHeader == "median $\\sigma_{t}^{2}$")
        #expect(TableColumn("ε*²_{i−1}").latexHeader == "$\\varepsilon^{*2}_{i-1}$")
        #expect(LaTeXEscaping.escapeWithScripts("p_data, N^{-1/2}, KL_i") == "$p_{\\mathrm{data}}$, $N^{-1/2}$, KL$_{i}$")
        #expect(LaTeXEscaping.escapeWithScripts("‖U_kU_kᵀ‖, ε*_i², Σ_{i≤r}") == "$\\|U_{k}U_{k}^{\\top}\\|$, $\\varepsilon^{*2}_{i}$, $\\Sigma_{i\\le r}$")
        #expect(LaTeXEscaping.escapeWithScripts("∂x_t") == "$\\partial x_{t}$", "a control word never runs into a letter")
        #expect(LaTeXEscaping.escapeWithScripts("SOURCE_DATE_EPOCH") == "SOURCE\\_DATE\\_EPOCH", "an identifier keeps its underscores")
        let latex = Self.driftLike().latex(provenance: nil)
        let lines = latex.split(separator: "\n")
        let headerLines = lines.indices.filter { $0 > 0 && lines[$0 - 1] == "\\toprule" }.map { lines[$0] }
        #expect(headerLines.count >= 2)
        for line in headerLines { #expect(!line.contains("\\_") && !line.contains("\\{") && !line.contains("\\}"), "\(line)") }
        #expect(latex.contains("$\\varepsilon^{*2}_{i-1}$") && latex.contains("$\\mathrm{KL}_i$"))
    }

    @Test("Split: too wide for 345 pt, the table becomes parts with i repeated, measured columns before bound columns; α is a grouping row")
    func split() {
        let latex = Self.driftLike().latex(provenance: nil)
        let floats = latex.components(separatedBy: "\\begin{table}").dropFirst()
        #expect(floats.count >= 2)
        let last = floats.last!
        #expect(last.contains("lower bound") && last.contains("$S_{i-1}$") && !last.contains("$\\mathrm{KL}_i$"), "the bound part holds the bounds")
        #expect(floats.first!.contains("$D_i$") && !floats.first!.contains("$S_{i-1}$"), "the drift part holds the measured columns")
        for float in floats { #expect(float.contains("{$i$}") && float.contains("\\multicolumn") && float.contains("{$\\alpha$ = $0.5$}")) }
        #expect(latex.contains("\\label{tab:drift}") && latex.contains("\\label{tab:drift-part2}"))
        #expect(!latex.contains("resizebox"))
        #expect(last.contains("\\emph{Notes.}") && !floats.first!.contains("\\emph{Notes.}"), "notes once, below the last part")
    }

    @Test("Rows: 60 rows do not fit a page, so generations 1, 2, 5, 10, 20 are shown and a note says so; longtable keeps every row")
    func rows() {
        #expect(TablePresentation.defaultIndexValues(of: Array(1...20)) == [1, 2, 5, 10, 20])
        #expect(TablePresentation.defaultIndexValues(of: Array(0...13)) == [0, 1, 2, 5, 10, 13])
        let latex = Self.driftLike().latex(provenance: nil)
        #expect(latex.contains("Rows shown: i = 1, 2, 5, 10, 20 of 1--20; the CSV and JSON files hold every row."))
        #expect(!latex.contains("\n7 & "))
        let long = Self.driftLike().latex(provenance: nil, environment: .longtable)
        #expect(long.contains("\\begin{longtable}") && long.contains("\n7 & ") && !long.contains("Rows shown"))
        let star = Self.driftLike().latex(provenance: nil, environment: .tableStar)
        #expect(star.contains("\\begin{table*}") && star.components(separatedBy: "\\begin{table*}").count - 1 <= Self.driftLike().latex(provenance: nil).components(separatedBy: "\\begin{table}").count - 1)
    }

    @Test("Presentation: --columns keeps the chosen columns with α and i (an unknown key is an error naming --columns), --show-generations the chosen rows in LaTeX and Markdown, every row in CSV")
    func presentation() throws {
        let table = Self.driftLike()
        let chosen = try table.presented(TablePresentation(columnKeys: ["D", "S"]))
        #expect(chosen.headers == ["α", "i", "D_i (95% CI)", "S_{i−1}"])
        let error = try #require(throws: InputError.self) { try table.presented(TablePresentation(columnKeys: ["nope"])) }
        #expect(error.source == "--columns" && error.reason.contains("'nope'") && error.reason.contains("eps-star"))
        let shown = TablePresentation(shownIndexValues: [1, 20], caption: "Mine.", label: "tab:mine")
        let markdown = try table.rendered(as: .markdown, presentation: shown)
        #expect(markdown.hasPrefix("**Mine.**") && !markdown.contains("| 0.1 | 2 |") && markdown.contains("| 0.1 | 20 |"))
        let csv = try table.rendered(as: .csv, presentation: shown)
        #expect(csv.split(separator: "\n").count == 61, "CSV keeps the 60 rows and its header")
        #expect(try table.rendered(as: .latex, presentation: shown).contains("\\label{tab:mine}"))
    }

    @Test("Markdown: at most 10 columns per part, α and i repeated; a long caption is a paragraph, not bold")
    func markdown() {
        var table = Self.driftLike()
        let markdown = table.markdown
        let headers = markdown.split(separator: "\n").filter { $0.hasPrefix("| α |") }
        #expect(headers.count == 2)
        for header in headers { #expect(header.components(separatedBy: " | ").count <= Table.markdownColumnLimit) }
        table.caption = String(repeating: "long caption ", count: 20)
        #expect(!table.markdown.hasPrefix("**"))
    }

    @Test("The drift-like table compiles in a 10 pt article as table, table* (two-column) and longtable, with no error and no Overfull \\hbox over 1 pt",
          .enabled(if: LaTeXCompilation.available, "pdflatex with booktabs, siunitx and pgfplots is not installed (CLOSEDFORM_WITH_LATEX=1 scripts/install-system-packages.sh)"))
    func compiles() throws {
        let directory = ReportFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for environment in TablePresentation.Environment.allCases {
            let name = environment == .tableStar ? "star" : environment.rawValue
            try Self.driftLike().latex(provenance: ReportFixtures.provenance, environment: environment)
                .write(toFile: directory + "/\(name)-table.tex", atomically: true, encoding: .utf8)
            var document = LaTeXCompilation.article(inputting: "\(name)-table.tex")
            if environment == .tableStar { document = document.replacingOccurrences(of: "[10pt]{article}", with: "[10pt,twocolumn]{article}") }
            let outcome = try LaTeXCompilation.compile(document, name: name, in: directory, twice: environment == .longtable)
            #expect(outcome.status == 0 && outcome.errors.isEmpty, "\(environment): \(outcome.errors) \(outcome.log.suffix(1500))")
            #expect(outcome.overfull.isEmpty, "\(environment): Overfull \\hbox of \(outcome.overfull) pt: \(outcome.log.components(separatedBy: "Overfull").dropFirst().first?.prefix(700) ?? "")")
        }
    }
}
