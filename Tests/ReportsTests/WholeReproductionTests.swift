import Foundation
import Testing

/// Issue 19's "done means": every `.tex` that `closedform reproduce all --scale quick --report` writes,
/// tables and figures, and report.tex compile with pdflatex in a standard 10 pt article with no error and
/// no `Overfull \hbox` over 1 pt, and librsvg draws every figure's data. The run takes a minute on a
/// release build, so it runs only from scripts/check-paper-output.sh (CI's `.ci/run`), which builds one.
@Suite("Reports: the whole quick reproduction drops into an article")
struct WholeReproductionTests {
    /// The `closedform` binary to run (a release build: a debug one takes most of an hour).
    static let binary = ProcessInfo.processInfo.environment["CLOSEDFORM_BINARY"]
    static let fullRun = ProcessInfo.processInfo.environment["CLOSEDFORM_REPRODUCE_LATEX"] == "1" && binary != nil && LaTeXCompilation.available

    @Test("every .tex of `reproduce all --scale quick --report` and report.tex compile in a 10 pt article with no error and no Overfull \\hbox over 1 pt; captions fit three lines; librsvg draws every figure's data",
          .enabled(if: fullRun, "needs CLOSEDFORM_REPRODUCE_LATEX=1, CLOSEDFORM_BINARY and pdflatex: bash scripts/check-paper-output.sh sets them on a release build"))
    func wholeReproduction() throws {
        let directory = ReportFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/out"
        let status = try FigureCompileTests.run(Self.binary!, ["reproduce", "all", "--out", out, "--format", "latex,svg,pgf,json", "--report"], in: directory)
        #expect(status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        let tex = files.filter { $0.hasSuffix(".tex") && $0 != "report.tex" }
        #expect(tex.count > 30, "\(tex)")
        for file in tex {
            let outcome = try LaTeXCompilation.compile(LaTeXCompilation.article(inputting: file), name: "compile-check", in: out, twice: true)
            #expect(outcome.status == 0 && outcome.errors.isEmpty, "\(file): \(outcome.errors)")
            #expect(outcome.overfull.isEmpty, "\(file): Overfull \\hbox of \(outcome.overfull) pt")
            if !file.hasSuffix(".pgf.tex") {
                let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
                let lines = text.split(separator: "\n")
                for index in lines.indices where index > 0 && lines[index - 1] == "\\toprule" {
                    #expect(!lines[index].contains("\\_") && !lines[index].contains("\\{"), "\(file): header \(lines[index])")
                }
            }
        }
        for file in files where file.hasSuffix(".json") && !file.contains("/results-") {
            guard let data = FileManager.default.contents(atPath: out + "/" + file),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let caption = object["caption"] as? String else { continue }
            #expect(caption.count <= 240 || caption.contains(". ") || caption.contains(": "), "\(file): a caption of \(caption.count) characters with no sentence or colon to cut at")
        }
        let report = try LaTeXCompilation.compile(try String(contentsOfFile: out + "/report.tex", encoding: .utf8), name: "report", in: out, twice: true)
        #expect(report.status == 0 && report.errors.isEmpty, "report.tex: \(report.errors) \(report.log.suffix(1500))")
        #expect(report.overfull.isEmpty, "report.tex: Overfull \\hbox of \(report.overfull) pt")
        if SVGRenderTests.available {
            for file in files where file.hasSuffix(".svg") {
                let svg = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
                let pixels = try SVGRenderTests.dataPixels(svg, in: out, name: "render-check")
                #expect(pixels > 100, "\(file): \(pixels) coloured pixels in the plot area")
            }
        } else {
            print("rsvg-convert or python3 is missing: the figures were not rendered (CI installs librsvg2-bin)")
        }
    }
}
