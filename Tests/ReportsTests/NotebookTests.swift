import Foundation
import Testing
import Reports
import DataFiles

@Suite("Reports: notebooks validate against the nbformat 4.5 schema")
struct NotebookTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func validator() throws -> JSONSchemaValidator {
        let url = testsDirectory.appendingPathComponent("Schemas/nbformat-4.5.schema.json")
        return JSONSchemaValidator(root: try JSONValue.parse(Data(contentsOf: url)))
    }

    /// Schema failures, plus duplicate cell ids (unique ids are beyond JSON Schema).
    static func problems(_ text: String) throws -> [String] {
        let document = try JSONValue.parse(Data(text.utf8))
        var problems = try validator().validate(document).map(\.description)
        if case .array(let cells)? = document["cells"] {
            let ids = cells.compactMap { cell -> String? in if case .string(let id)? = cell["id"] { return id } else { return nil } }
            if Set(ids).count != ids.count { problems.append("/cells: duplicate ids \(ids)") }
        }
        return problems
    }

    @Test("A generated notebook validates, with nbformat 4.5, unique ids and Python kernel metadata")
    func generatedValidates() throws {
        let text = ReportFixtures.notebook().notebook.json
        let problems = try Self.problems(text)
        #expect(problems.isEmpty, "\(problems)")
        let document = try JSONValue.parse(Data(text.utf8))
        #expect(document["nbformat"] == .number(4) && document["nbformat_minor"] == .number(5))
        #expect(document["metadata"]?["kernelspec"]?["name"] == .string("python3"))
        #expect(document["metadata"]?["closedform"]?["command"] == .string("closedform reproduce example --out out --scale quick --seed 7 --notebook"))
        guard case .array(let cells)? = document["cells"] else { Issue.record("no cells"); return }
        #expect(cells.count == 7, "introduction, then a heading and a code cell for the table, the figure and the re-run")
        #expect(cells.map { $0["id"] } == (0..<7).map { .string("example-\($0)") })
        #expect(cells.map { $0["cell_type"] } == ["markdown", "code", "markdown", "code", "markdown", "code"].reduce(into: [.string("markdown")]) {
            $0.append(.string($1))
        })
        let data = cells[2]["outputs"].flatMap { if case .array(let o) = $0 { return o.first?["data"] } else { return nil } }
        #expect(data?["text/markdown"] != nil && data?["text/html"] != nil)
    }

    /// The text of cell `index` of `notebook`.
    static func source(_ notebook: ExperimentNotebook, cell index: Int) throws -> String {
        let document = try JSONValue.parse(Data(notebook.notebook.json.utf8))
        guard case .array(let cells)? = document["cells"], case .array(let lines)? = cells[index]["source"] else { return "" }
        return lines.map { if case .string(let line) = $0 { return line } else { return "" } }.joined()
    }

    @Test("Code cells read no file: the table's Markdown and the figure's SVG are embedded; headings name each; the re-run cell only prints unless RERUN = True")
    func cellsAreSelfContained() throws {
        let notebook = ReportFixtures.notebook()
        #expect(try Self.source(notebook, cell: 1).hasPrefix("## Table `example`"))
        let table = try Self.source(notebook, cell: 2)
        #expect(table.hasPrefix("from IPython.display import Markdown\nMarkdown(\"\"\"\\\n**") && !table.contains("filename"))
        #expect(table.contains(notebook.tables[0].table.caption))
        #expect(try Self.source(notebook, cell: 3) == "## Figure `drift.svg`")
        let figure = try Self.source(notebook, cell: 4)
        #expect(figure.hasPrefix("from IPython.display import SVG\nSVG(data=\"\"\"\\\n<svg") && figure.contains("stroke=\"black\""))
        let rerun = try Self.source(notebook, cell: 6)
        #expect(rerun.contains("RERUN = False") && rerun.contains("\"closedform\", \"reproduce\", \"example\", \"--out\", \"out\""))
    }

    @Test("Each table's heading cell states the claims its caption or notes name, then its finding; the introduction keeps every claim")
    func claimsAboveTables() throws {
        var notebook = ReportFixtures.notebook()
        var table = notebook.tables[0].table
        table.caption += " (B.recursion)"
        notebook.tables = [ReportLog.TableEntry(basename: "example", table: table)]
        let heading = try Self.source(notebook, cell: 1)
        #expect(heading == "## Table `example`\n\nClaim:\n\n- **`B.recursion`** [B, Eq. 4]: D_{i+1} ≤ (1−α)D_i + ε²\n\nFinding: the drift plateaus.")
        let introduction = try Self.source(notebook, cell: 0)
        #expect(introduction.contains("- **`B.recursion`** [B, Eq. 4]") && introduction.contains("- **`C.metrics`**"))
        #expect(!introduction.contains("the drift plateaus"))
    }

    @Test("Links in the findings into the output directory become references to the sections below; other text is kept")
    func findingsLinks() throws {
        var notebook = ReportFixtures.notebook()
        notebook.findings = ["- Figure: drift: [D against i](example/drift.svg), [other](example/other.svg) (pgfplots: `drift.pgf.tex`)",
                             "- `example.md`: see [the table](example/example.md)."]
        let introduction = try Self.source(notebook, cell: 0)
        #expect(introduction.contains("- Figure: drift: D against i (below: `drift.svg`), other (`other.svg` in the output directory) (pgfplots: `drift.pgf.tex`)"))
        #expect(!introduction.contains("](example/") && !introduction.contains("see the table"))
        #expect(try Self.source(notebook, cell: 1).contains("Finding: see the table (below: `example.md`)."), "the table's finding moves under its heading")
    }

    @Test("The introduction holds each claim (statement when registered, proofs/ otherwise), the setting and the command")
    func introduction() throws {
        let document = try JSONValue.parse(Data(ReportFixtures.notebook().notebook.json.utf8))
        guard case .array(let cells)? = document["cells"], case .array(let lines)? = cells[0]["source"] else { Issue.record("no source"); return }
        let source = lines.map { if case .string(let line) = $0 { return line } else { return "" } }.joined()
        #expect(source.contains("**`B.recursion`** [B, Eq. 4]: D_{i+1} ≤ (1−α)D_i + ε²"))
        #expect(source.contains("`proofs/C.metrics.md`") && source.contains("Scale `quick`, seed 7"))
        #expect(source.contains("closedform reproduce example --out out --scale quick --seed 7 --notebook"))
    }

    @Test("Broken notebooks are rejected with the path of the failing field")
    func brokenRejected() throws {
        let good = ReportFixtures.notebook().notebook.json
        let cases: [(String, String, String)] = [
            (good.replacingOccurrences(of: "\"id\": \"example-1\",\n", with: ""), "/cells/1/id", "required member 'id'"),
            (good.replacingOccurrences(of: "\"example-2\"", with: "\"example 2\""), "/cells/2/id", "does not match"),
            (good.replacingOccurrences(of: "\"nbformat\": 4,", with: "\"nbformat\": 3,"), "/nbformat", "is not one of"),
            (good.replacingOccurrences(of: "\"output_type\": \"display_data\"", with: "\"output_type\": \"picture\""), "/cells/2/outputs/0/output_type", "picture"),
            (good.replacingOccurrences(of: "\"execution_count\": null", with: "\"execution_count\": \"1\""), "/cells/2/execution_count", "expected type"),
        ]
        for (broken, path, reason) in cases {
            #expect(broken != good, "the mutation applies")
            let problems = try Self.problems(broken)
            #expect(problems.contains { $0.hasPrefix(path + ":") && $0.contains(reason) }, "\(path): \(problems)")
        }
        #expect(try Self.problems(good.replacingOccurrences(of: "example-3", with: "example-2")).contains { $0.contains("duplicate ids") })
    }

    @Test("Every committed notebook in notebooks-export/ validates")
    func committedValidate() throws {
        let directory = Self.testsDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("notebooks-export")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".ipynb") }.sorted()
        #expect(names.count >= 7, "one notebook per reproduce experiment: \(names)")
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let problems = try Self.problems(text)
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }
}
