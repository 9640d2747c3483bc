import DataFiles
import GaussianMixtures
import Foundation
import Reports
import Testing
import InputErrors
import Experiments
import Sweeps

/// The library's `Reproduction`, which `closedform reproduce`, `merge` and `demo` call.
@Suite("Reproduction: targets, provenance, merge checks and the closed forms")
struct ReproductionTests {
    @Test("every target's name parses back to the same target; an unknown name is refused naming the valid ones")
    func targets() throws {
        let names = ReproductionTarget.allCases.map(\.name)
        #expect(names == ["all", "closed-forms"] + ExperimentCatalog.all.map(\.name))
        for name in names { #expect(try ReproductionTarget(name: name).name == name) }
        let error = try #require(throws: InputError.self) { try ReproductionTarget(name: "nope") }
        #expect(error.reason.contains("'nope'") && error.reason.contains(ExperimentCatalog.all[0].name))
    }

    @Test("the command line carries the formats in the order given, --notebook, and quotes what the shell would split")
    func commandLine() throws {
        let run = Reproduction(target: try ReproductionTarget(name: "reproducibility"), directory: "my out", scale: .paper, seed: 3,
                               formats: [.md, .json], notebook: true)
        #expect(run.commandLine == "closedform reproduce reproducibility --out 'my out' --scale paper --seed 3 --format md,json --notebook")
        #expect(run.writtenFormats == [.md, .json, .ipynb])
        let plain = Reproduction(target: .all, directory: "out")
        #expect(plain.commandLine == "closedform reproduce all --out out --scale quick --seed 0")
        #expect(plain.writtenFormats == ReportFormat.defaults)
    }

    @Test("merging directories that are not shard runs is refused, naming the missing manifest")
    func mergeRefusesNonShards() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-merge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = try #require(throws: InputError.self) { try Reproduction.merging(shards: [directory], into: directory + "/out") }
        #expect(error.source == directory + "/" + ShardManifest.fileName)
    }

    @Test("a Swift caller runs one experiment as `closedform reproduce` does: its files, the index and the log")
    func experiment() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-reproduction-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var log: [String] = []
        let run = Reproduction(target: .experiment(RetrainingRegimesExperiment()), directory: root, formats: [.md])
        try await run.run(log: { log.append($0) })
        let written = try FileManager.default.contentsOfDirectory(atPath: root + "/retraining-regimes")
        #expect(written.contains("regimes.md") && !written.contains { $0.hasSuffix(".json") || $0.hasSuffix(".tex") }, "only md: \(written)")
        let index = try String(contentsOfFile: root + "/index-retraining-regimes.md", encoding: .utf8)
        #expect(index.contains("Written by `closedform reproduce retraining-regimes --out \(root) --scale quick --seed 0 --format md`"))
        #expect(log.first == "reproduce: retraining-regimes (quick) — \(RetrainingRegimesExperiment().title)")
        #expect(log.last == "reproduce: wrote \(root)/index-retraining-regimes.md — start there")
    }

    @Test("ClosedFormsDemo writes the models, the points, every closed form per schedule and time, the divergences and an index with the regenerating commands")
    func closedFormsDemo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var log: [String] = []
        try ClosedFormsDemo(directory: root, count: 20, seed: 2, samples: 500).run(log: { log.append($0) })
        let files = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }
        let perSchedule = ClosedFormsDemo.times.reduce(0) { $0 + 3 * $1.1.count }  // score, logpdf, denoise at each time
        #expect(files.count == 4 + perSchedule, "models, points, divergences and the closed forms: \(files.sorted())")
        let points = try PointsFile.read(path: root + "/points.csv", dimension: 3)
        #expect(points.rows == 20)
        let index = try String(contentsOfFile: root + "/index.md", encoding: .utf8)
        #expect(index.contains("closedform demo --out \(root) --count 20 --seed 2 --samples 500"))
        #expect(log.allSatisfy { $0.hasPrefix("demo: ") } && log.count == 4 + ClosedFormsDemo.times.count + 2 * DivergenceMetric.allCases.count,
                "models, points, one line per schedule, two directions per divergence, divergences.json, index")
    }
}
