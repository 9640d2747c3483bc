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
        #expect(cells.count == 4, "introduction, one table, one figure, re-run")
        #expect(cells.map { $0["id"] } == (0..<4).map { .string("example-\($0)") })
        let data = cells[1]["outputs"].flatMap { if case .array(let o) = $0 { return o.first?["data"] } else { return nil } }
        #expect(data?["text/markdown"] != nil && data?["text/html"] != nil)
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
            (good.replacingOccurrences(of: "\"output_type\": \"display_data\"", with: "\"output_type\": \"picture\""), "/cells/1/outputs/0/output_type", "picture"),
            (good.replacingOccurrences(of: "\"execution_count\": null", with: "\"execution_count\": \"1\""), "/cells/1/execution_count", "expected type"),
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
