import Foundation
import Testing
import Reports
import DataFiles

@Suite("Reports: report directories (format filter, provenance, figures) and run environment")
struct ReportDirectoryTests {
    @Test("Every table file carries the command, seed and version; JSON metadata has time and machine")
    func provenanceInEveryFile() throws {
        let directory = try ReportDirectory(path: ReportFixtures.temporaryDirectory(), provenance: ReportFixtures.provenance)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let paths = try directory.write(ReportFixtures.table(), basename: "example")
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["example.md", "example.tex", "example.csv", "example.json"])
        for path in paths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains(ReportFixtures.provenance.command) && text.contains("0.1.0"), "\(path)")
        }
        let csv = try String(contentsOfFile: directory.file("example.csv"), encoding: .utf8)
        let dataLines = csv.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(dataLines.first == "i,bound,D_i,D_i ± CI,D_i ± CI low,D_i ± CI high,regime", "comment='#' leaves the header first")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("example.json")))) as! [String: Any]
        let metadata = json["metadata"] as! [String: Any]
        #expect(metadata["seed"] as? Int == 7 && metadata["time"] as? String == "2023-11-14T22:13:20Z")
        #expect((metadata["machine"] as? [String: Any])?["processors"] as? Int == 2)
    }

    @Test("The format filter writes only the chosen formats; files of no format are always written; the log keeps skipped SVGs")
    func formatFilter() throws {
        let root = try ReportDirectory(path: ReportFixtures.temporaryDirectory(), formats: [.md, .json])
        defer { try? FileManager.default.removeItem(atPath: root.path) }
        let directory = try root.subdirectory("experiment")
        #expect(directory.formats == [.md, .json], "subdirectories inherit the formats")
        let written = try directory.write(ReportFixtures.table(), basename: "example")
        try directory.write(ReportFixtures.svg, to: "drift.svg")
        try directory.write("\\begin{tikzpicture}\\end{tikzpicture}", to: "drift.pgf.tex")
        try directory.write("raw", to: "raw.dat")
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(listing == ["example.json", "example.md", "raw.dat"])
        #expect(written.count == 2)
        #expect(directory.log.files.filter { !$0.written }.map(\.name) == ["drift.svg", "drift.pgf.tex"])
        #expect(try directory.svgFigures().map(\.name) == ["drift.svg"], "a skipped SVG still reaches the notebook")
    }

    @Test("File names map to formats: .pgf.tex is pgf, .tex latex; unknown extensions have none")
    func formatOfFileNames() throws {
        #expect(ReportFormat.of(fileNamed: "a.pgf.tex") == .pgf && ReportFormat.of(fileNamed: "a.tex") == .latex)
        #expect(ReportFormat.of(fileNamed: "n.ipynb") == .ipynb && ReportFormat.of(fileNamed: "x.dat") == nil)
        #expect(try ReportFormat.parseList("latex, md,ipynb") == [.latex, .md, .ipynb])
        #expect(throws: (any Error).self) { try ReportFormat.parseList("latex,docx") }
        #expect(throws: (any Error).self) { try ReportFormat.parseList("md,,csv") }
        #expect(!ReportFormat.defaults.contains(.ipynb) && ReportFormat.defaults.count == ReportFormat.allCases.count - 1)
    }

    @Test("SVG files already in a directory (written by any means) are picked up for the notebook, sorted by name")
    func svgOnDisk() throws {
        let directory = try ReportDirectory(path: ReportFixtures.temporaryDirectory())
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try ReportFixtures.svg.write(toFile: directory.file("b-heatmap.svg"), atomically: true, encoding: .utf8)
        try directory.write(ReportFixtures.svg.replacingOccurrences(of: "black", with: "red"), to: "a-drift.svg")
        let figures = try directory.svgFigures()
        #expect(figures.map(\.name) == ["a-drift.svg", "b-heatmap.svg"])
        #expect(figures[0].svg.contains("red") && figures[1].svg == ReportFixtures.svg)
        var notebook = ReportFixtures.notebook()
        notebook.figures = figures
        let document = try JSONValue.parse(Data(notebook.notebook.json.utf8))
        guard case .array(let cells)? = document["cells"] else { Issue.record("no cells"); return }
        let svgOutputs = cells.compactMap { cell -> JSONValue? in
            guard case .array(let outputs)? = cell["outputs"], let first = outputs.first else { return nil }
            return first["data"]?["image/svg+xml"]
        }
        #expect(svgOutputs.count == 2)
        #expect(svgOutputs.first == .array(ReportFixtures.svg.replacingOccurrences(of: "black", with: "red")
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { .string($0 + "\n") }))
    }

    @Test("Time: SOURCE_DATE_EPOCH when set, else the clock; a malformed value is rejected naming the variable")
    func environmentTime() throws {
        let clock = Date(timeIntervalSince1970: 1_234_567_890.75)
        #expect(try RunEnvironment.current(environment: ["SOURCE_DATE_EPOCH": "1700000000"], now: clock).unixTime == 1_700_000_000)
        #expect(try RunEnvironment.current(environment: [:], now: clock).unixTime == 1_234_567_890)
        #expect(try RunEnvironment.current(environment: [:], now: clock).isoTime == "2009-02-13T23:31:30Z")
        do {
            _ = try RunEnvironment.current(environment: ["SOURCE_DATE_EPOCH": "yesterday"], now: clock)
            Issue.record("a malformed SOURCE_DATE_EPOCH was accepted")
        } catch {
            #expect("\(error)".contains("SOURCE_DATE_EPOCH") && "\(error)".contains("yesterday"))
        }
    }
}
