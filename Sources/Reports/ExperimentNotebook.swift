import DataFiles

/// The notebook of one `closedform reproduce` experiment, readable on any notebook viewer without running
/// anything:
///
/// 1. a Markdown cell: the title, every claim with its statement, the setting (scale, seed, version), the
///    command that regenerates it, and the findings (the experiment's index lines);
/// 2. one code cell per table, showing it as `text/markdown` and `text/html` outputs;
/// 3. one code cell per figure, showing it as an `image/svg+xml` output;
/// 4. a code cell that re-runs the command.
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
        for entry in tables {
            let output = NotebookOutput(data: [("text/markdown", entry.table.markdown), ("text/html", entry.table.html),
                                               ("text/plain", entry.table.caption)])
            add(.code(outputs: [output]), "from IPython.display import Markdown\nMarkdown(filename=\"\(entry.basename).md\")")
        }
        for figure in figures {
            let output = NotebookOutput(data: [("image/svg+xml", figure.svg), ("text/plain", figure.name)])
            add(.code(outputs: [output]), "from IPython.display import SVG\nSVG(filename=\"\(figure.name)\")")
        }
        add(.code(outputs: []), "# Re-runs the experiment (needs the closedform binary on PATH); writes into out/\(name)/.\n!\(command)")
        let closedform: JSONValue = .object([
            "experiment": .string(name), "command": .string(command), "scale": .string(scale),
            "seed": .unsigned(seed), "version": .string(version),
        ])
        return Notebook(cells: cells, metadata: Notebook.pythonMetadata + [("closedform", closedform)])
    }

    private var introduction: String {
        let claimLines = claims.map { claim -> String in
            guard let statement = claim.statement else {
                return "- **`\(claim.key)`**: statement, assumptions and derivation in `proofs/\(claim.key).md` of the ClosedForm repository."
            }
            return "- **`\(claim.key)`**" + (claim.citation.map { " \($0)" } ?? "") + ": " + statement
        }
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

            \(findings.joined(separator: "\n"))
            """
    }
}
