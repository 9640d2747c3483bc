import DataFiles
import Foundation

/// The notebook of one `closedform reproduce` experiment, readable on any notebook viewer without running
/// anything, and whose code cells run from wherever the notebook is (they read no file):
///
/// 1. a Markdown cell: the title, every claim with its statement, the setting (scale, seed, version), the
///    command that regenerates it, and the findings that belong to no table (the experiment's index lines,
///    with links into the output directory turned into references to the sections below);
/// 2. per table, a Markdown cell with its heading, the statement of each claim its caption or notes name,
///    and its findings (the index lines that name `<basename>.md`), then a code cell that embeds the table's
///    Markdown and displays it (`text/markdown`, `text/html` and `text/plain` outputs stored);
/// 3. per figure, a Markdown heading cell and a code cell that embeds the SVG and displays it
///    (`image/svg+xml` output stored);
/// 4. a heading and a code cell that re-runs the command when its `RERUN` flag is set to `True` (it only
///    prints the command otherwise, so that running every cell never starts a long run).
///
/// Nothing in it varies between runs or machines (no time, no host, no output path): the command is
/// the canonical `closedform reproduce <name> --out out --scale S --seed N --notebook`. Cell ids are
/// `<name>-<index>`.
public struct ExperimentNotebook: Sendable {
    /// A claim the experiment checks: its key and, when registered, its statement and citation.
    public struct Claim: Sendable {
        public let key: String
        public let statement: String?
        public let citation: String?

        public init(key: String, statement: String? = nil, citation: String? = nil) {
            self.key = key
            self.statement = statement
            self.citation = citation
        }
    }

    /// A figure: its file name (`drift.svg`) and the SVG text.
    public struct Figure: Sendable {
        public let name: String
        public let svg: String

        public init(name: String, svg: String) {
            self.name = name
            self.svg = svg
        }
    }

    public var name: String
    public var title: String
    public var claims: [Claim]
    /// The experiment's summary lines (Markdown list items).
    public var findings: [String]
    public var scale: String
    public var seed: UInt64
    public var version: String = RunProvenance.toolVersion
    public var tables: [ReportLog.TableEntry]
    public var figures: [Figure]

    public init(name: String, title: String, claims: [Claim], findings: [String], scale: String, seed: UInt64,
                tables: [ReportLog.TableEntry], figures: [Figure]) {
        self.name = name
        self.title = title
        self.claims = claims
        self.findings = findings
        self.scale = scale
        self.seed = seed
        self.tables = tables
        self.figures = figures
    }

    /// The command in the notebook: the same experiment, scale and seed, into `out/`.
    public var command: String {
        "closedform reproduce \(name) --out out --scale \(scale) --seed \(seed) --notebook"
    }

    /// The notebook.
    public var notebook: Notebook {
        var cells: [NotebookCell] = []
        func add(_ kind: NotebookCell.Kind, _ source: String) {
            cells.append(NotebookCell(id: "\(String(name.prefix(50)))-\(cells.count)", kind: kind, source: source))
        }
        add(.markdown, introduction)
        for (index, entry) in tables.enumerated() {
            add(.markdown, tableHeading(index))
            let output = NotebookOutput(data: [("text/markdown", entry.table.markdown), ("text/html", entry.table.html),
                                               ("text/plain", entry.table.caption)])
            add(.code(outputs: [output]), "from IPython.display import Markdown\nMarkdown(\(Self.pythonString(entry.table.markdown)))")
        }
        for figure in figures {
            add(.markdown, "## Figure `\(figure.name)`")
            let output = NotebookOutput(data: [("image/svg+xml", figure.svg), ("text/plain", figure.name)])
            add(.code(outputs: [output]), "from IPython.display import SVG\nSVG(data=\(Self.pythonString(figure.svg)))")
        }
        add(.markdown, "## Re-running the experiment")
        let arguments = command.split(separator: " ").map { JSONValue.string(String($0)).printed() }.joined(separator: ", ")
        add(.code(outputs: []), """
            # Set RERUN = True to regenerate the outputs into out/\(name)/ (needs the closedform binary on PATH).
            import subprocess
            RERUN = False
            command = [\(arguments)]
            if RERUN:
                subprocess.run(command, check=True)
            else:
                print("RERUN is False; the command is:", " ".join(command))
            """)
        let closedform: JSONValue = .object([
            "experiment": .string(name), "command": .string(command), "scale": .string(scale),
            "seed": .unsigned(seed), "version": .string(version),
        ])
        return Notebook(cells: cells, metadata: Notebook.pythonMetadata + [("closedform", closedform)])
    }

    /// `text` as a Python triple-quoted string literal that evaluates to exactly `text`: backslashes doubled,
    /// every quote that could close the literal (the third of three in a row, or the last character) escaped,
    /// and the opening line continued (`"""\` + newline) so that the text starts on its own line.
    static func pythonString(_ text: String) -> String {
        let characters = Array(text)
        var escaped = "", quotesInRow = 0
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\":
                escaped += "\\\\"
                quotesInRow = 0
            case "\"":
                quotesInRow += 1
                if quotesInRow == 3 || index == characters.count - 1 {
                    escaped += "\\\""
                    quotesInRow = 0
                } else {
                    escaped += "\""
                }
            default:
                escaped.append(character)
                quotesInRow = 0
            }
        }
        return "\"\"\"\\\n" + escaped + "\"\"\""
    }

    /// `findings` with every link into this experiment's output directory (`[what](<name>/<file>)`, relative
    /// to the directory above, where index.md lives) replaced by its text and the section that shows the file
    /// here, so that no link in the notebook points to a file that is not beside it.
    var notebookFindings: [String] {
        let sections = Set(tables.map { $0.basename + ".md" } + figures.map(\.name))
        return findings.map { line in
            var result = "", rest = Substring(line)
            while let open = rest.range(of: "["), let middle = rest[open.upperBound...].range(of: "](\(name)/"),
                  let close = rest[middle.upperBound...].firstIndex(of: ")") {
                let text = rest[open.upperBound..<middle.lowerBound], file = rest[middle.upperBound..<close]
                result += rest[..<open.lowerBound]
                result += sections.contains(String(file)) ? "\(text) (below: `\(file)`)" : "\(text) (`\(file)` in the output directory)"
                rest = rest[rest.index(after: close)...]
            }
            return result + rest
        }
    }

    /// A claim as one Markdown line: key, citation and statement, or where its statement is.
    private static func claimLine(_ claim: Claim) -> String {
        guard let statement = claim.statement else {
            return "**`\(claim.key)`**: statement, assumptions and derivation in `proofs/\(claim.key).md` of the ClosedForm repository."
        }
        return "**`\(claim.key)`**" + (claim.citation.map { " \($0)" } ?? "") + ": " + statement
    }

    /// The findings placed under a table, by table index: each finding line goes to the first table whose
    /// file (`` `<basename>.md` ``) it names, without its `- ` and, when it starts so, its `` `<basename>.md`: ``.
    private var tableFindings: (byTable: [Int: [String]], placed: Set<Int>) {
        var byTable: [Int: [String]] = [:], placed = Set<Int>()
        for (lineIndex, line) in notebookFindings.enumerated() {
            guard let table = tables.firstIndex(where: { line.contains("`\($0.basename).md`") }) else { continue }
            var text = line.hasPrefix("- ") ? String(line.dropFirst(2)) : line
            let lead = "`\(tables[table].basename).md`: "
            if text.hasPrefix(lead) { text = String(text.dropFirst(lead.count)) }
            byTable[table, default: []].append(text)
            placed.insert(lineIndex)
        }
        return (byTable, placed)
    }

    /// The Markdown cell above a table: its heading, the statement of every claim its caption or notes name
    /// (so that each claim stands above the table that checks it), and the table's finding.
    private func tableHeading(_ index: Int) -> String {
        let entry = tables[index]
        let text = ([entry.table.caption] + entry.table.notes).joined(separator: " ")
        let named = claims.filter { text.contains($0.key) }
        var lines = ["## Table `\(entry.basename)`"]
        if !named.isEmpty { lines += ["", named.count == 1 ? "Claim:" : "Claims:", ""] + named.map { "- " + Self.claimLine($0) } }
        for finding in tableFindings.byTable[index] ?? [] { lines += ["", "Finding: " + finding] }
        return lines.joined(separator: "\n")
    }

    private var introduction: String {
        let claimLines = claims.map { "- " + Self.claimLine($0) }
        let placed = tableFindings.placed
        let otherFindings = notebookFindings.indices.filter { !placed.contains($0) }.map { notebookFindings[$0] }
        let findingsText = [tables.isEmpty ? nil : "Each table's finding stands under the table's heading below, with the claims the table checks.",
                            otherFindings.isEmpty ? nil : otherFindings.joined(separator: "\n")].compactMap { $0 }.joined(separator: "\n\n")
        return """
            # \(name)

            \(title)

            ## Claims

            \(claimLines.joined(separator: "\n"))

            ## Setting

            Scale `\(scale)`, seed \(seed), closedform \(version). Each table's caption states its sizes and \
            constants. The outputs below were computed by the command; reading them needs nothing to run.

            ## Command

            ```
            \(command)
            ```

            ## Findings

            \(findingsText)
            """
    }
}
