import Foundation
import Testing

/// `closedform reproduce` as a user runs it: notebooks, the format filter, the index, and the same bytes
/// from the same command and seed. Uses the two cheapest experiments (about 6 s and 11 s in a debug build).
@Suite("closedform reproduce: notebooks, formats, index and bit-reproducibility")
struct ReproduceNotebookTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// A fixed time for the JSON metadata, and the reference OpenBLAS kernels (the committed notebook was
    /// written on them; `BLASKernelSelection`).
    static let epoch: [String: String?] = ["SOURCE_DATE_EPOCH": "1700000000", "CLOSEDFORM_NATIVE_BLAS": nil]

    @Test("Same command and seed, same bits: training-is-clustering twice with 2 threads and once with 1 writes identical files (index included), and its notebook is the committed one")
    func sameBits() throws {
        // The same command line (same --out) in three working directories; CLOSEDFORM_THREADS sets the
        // worker count (ParallelBlocks), SOURCE_DATE_EPOCH the time in the JSON metadata.
        let arguments = ["reproduce", "training-is-clustering", "--out", "results", "--seed", "0", "--notebook"]
        var outputs: [(label: String, files: [String: Data])] = []
        for (label, threads) in [("2 threads, run 1", "2"), ("2 threads, run 2", "2"), ("1 thread", "1")] {
            let fixture = try Fixture()
            let run = try fixture.run(arguments, environment: Self.epoch.merging(["CLOSEDFORM_THREADS": threads]) { $1 })
            try #require(run.status == 0, "\(label): status \(run.status): \(run.standardError.suffix(500))")
            outputs.append((label, try DirectoryContents.files(under: fixture.directory.appendingPathComponent("results"))))
        }
        let a = outputs[0].files
        #expect(a.count == 14, "two tables in four formats, two figures as SVG and pgfplots, a notebook and the index: \(a.keys.sorted())")
        for (label, files) in outputs.dropFirst() {
            #expect(files.keys.sorted() == a.keys.sorted(), "\(label): files \(files.keys.sorted())")
            for (name, bytes) in a.sorted(by: { $0.key < $1.key }) { #expect(files[name] == bytes, "\(label): \(name) differs from the first run") }
        }
        let json = try JSONSerialization.jsonObject(with: a["training-is-clustering/jacobian-rank.json"]!) as! [String: Any]
        #expect((json["metadata"] as? [String: Any])?["unixTime"] as? Int == 1_700_000_000, "the time is SOURCE_DATE_EPOCH")
        let committed = try Data(contentsOf: Self.repository.appendingPathComponent("notebooks-export/training-is-clustering.ipynb"))
        #expect(a["training-is-clustering/training-is-clustering.ipynb"] == committed,
                "notebooks-export/training-is-clustering.ipynb is stale: regenerate with bash scripts/export-notebooks.sh")
    }

    @Test("--format md,json --notebook writes only those formats; the index links every file and the notebook, with no elapsed time")
    func formatsAndIndex() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["reproduce", "retraining-regimes", "--out", "results", "--format", "md,json", "--notebook"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("done in"), "elapsed time goes to the terminal")
        let listing = try FileManager.default.contentsOfDirectory(atPath: fixture.path("results/retraining-regimes")).sorted()
        #expect(listing == ["regimes.json", "regimes.md", "retraining-regimes.ipynb"])
        let index = try String(contentsOfFile: fixture.path("results/index-retraining-regimes.md"), encoding: .utf8)
        for name in listing { #expect(index.contains("(retraining-regimes/\(name))"), "index links \(name)") }
        #expect(!index.contains("Time:") && !index.contains(" s."), "no wall-clock time in the index")
        #expect(index.contains("closedform reproduce retraining-regimes --out results --scale quick --seed 0 --format md,json --notebook"))
        let markdown = try String(contentsOfFile: fixture.path("results/retraining-regimes/regimes.md"), encoding: .utf8)
        #expect(markdown.hasPrefix("<!-- Written by `closedform reproduce retraining-regimes --out results"))
        let notebook = try Data(contentsOf: URL(fileURLWithPath: fixture.path("results/retraining-regimes/retraining-regimes.ipynb")))
        let committed = try Data(contentsOf: Self.repository.appendingPathComponent("notebooks-export/retraining-regimes.ipynb"))
        #expect(notebook == committed, "the notebook does not depend on --format or --out; regenerate with bash scripts/export-notebooks.sh")
    }

    @Test("A malformed SOURCE_DATE_EPOCH exits 2 naming the variable and writes nothing")
    func badEpoch() throws {
        let fixture = try Fixture()
        let before = try fixture.listing()
        let run = try fixture.run(["reproduce", "retraining-regimes", "--out", "results"], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(run.status == 2 && run.errorLines.count == 1 && run.standardError.contains("SOURCE_DATE_EPOCH"), "\(run.standardError)")
        #expect(try fixture.listing() == before)
    }
}
