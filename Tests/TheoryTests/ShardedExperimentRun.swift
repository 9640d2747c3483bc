import Foundation
import Testing
import Reports
import Sweeps

/// Runs one experiment three ways — in memory, checkpointed, and as shards 1/n … n/n joined by a merge —
/// and returns what each wrote, so a test can ask that all three are the same bytes.
///
/// `body` runs the experiment into the directory it is given (the same settings and seed each time). The
/// shard runs stop with `SweepShardFinished` after their slice; the merge reads their shard files.
struct ShardedExperimentRun {
    /// Every file the in-memory run wrote (name → bytes), checkpoints and shard files excluded.
    let plain: [String: Data]
    /// The same for the checkpointed run (its resume checkpoints are deleted by then).
    let checkpointed: [String: Data]
    /// The same for the merge of the shards.
    let merged: [String: Data]
    /// The index lines each of the three returned.
    let plainLines: [String], checkpointedLines: [String], mergedLines: [String]
    /// Units per shard file, by file name: every shard computed a slice.
    let shardUnits: [String: Int]

    init(shards: Int, _ body: (ReportDirectory) async throws -> [String]) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-sharded-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fingerprint = "test"
        let plainDirectory = try ReportDirectory(path: root + "/plain")
        plainLines = try await body(plainDirectory)
        plain = try Self.contents(of: plainDirectory.path)

        let checkpointDirectory = try ReportDirectory(path: root + "/checkpointed")
        checkpointedLines = try await SweepContext.$current.withValue(SweepContext(directory: checkpointDirectory.path, fingerprint: fingerprint)) {
            try await body(checkpointDirectory)
        }
        Sweep.removeCheckpoints(in: checkpointDirectory.path)
        checkpointed = try Self.contents(of: checkpointDirectory.path)

        var sources: [String] = []
        var units: [String: Int] = [:]
        for index in 1...shards {
            let directory = try ReportDirectory(path: root + "/shard-\(index)")
            let context = SweepContext(directory: directory.path, fingerprint: fingerprint, shard: ShardSelection(index: index, count: shards))
            do {
                _ = try await SweepContext.$current.withValue(context) { try await body(directory) }
                Issue.record("shard \(index)/\(shards) ran the whole experiment instead of stopping after its slice")
            } catch is SweepShardFinished {}
            for (file, count) in Sweep.checkpoints(in: directory.path) { units[(file as NSString).lastPathComponent] = count }
            sources.append(directory.path)
        }
        shardUnits = units
        let mergedDirectory = try ReportDirectory(path: root + "/merged")
        mergedLines = try await SweepContext.$current.withValue(SweepContext(directory: mergedDirectory.path, fingerprint: fingerprint, mergeSources: sources)) {
            try await body(mergedDirectory)
        }
        merged = try Self.contents(of: mergedDirectory.path)
    }

    /// Name → bytes of the files in `directory` (not hidden files, not shard files).
    static func contents(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasPrefix(".") && !name.hasPrefix("shard-") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    /// Records an issue for every file that differs between the in-memory run and the other two.
    func expectSameBytes(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!plain.isEmpty, sourceLocation: sourceLocation)
        for (label, other) in [("checkpointed", checkpointed), ("merged", merged)] {
            #expect(Set(other.keys) == Set(plain.keys), "\(label): files differ", sourceLocation: sourceLocation)
            for (name, bytes) in plain where other[name] != bytes {
                Issue.record("\(label): \(name) differs from the in-memory run", sourceLocation: sourceLocation)
            }
        }
        #expect(checkpointedLines == plainLines && mergedLines == plainLines, "index lines differ", sourceLocation: sourceLocation)
    }
}
