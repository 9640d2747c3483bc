import Foundation
import Testing
import LinearAlgebra
import Synchronization
import InputErrors
import RandomStreams
import Sweeps

/// `Sweep`: checkpointed, resumable, shardable runs whose results do not depend on how they ran.
@Suite("Sweeps: checkpoint, resume, shards and merge")
struct SweepTests {
    /// A unit with awkward doubles: a seeded draw, its extremes, a subnormal and ±∞.
    static func unit(_ index: Int) -> [Double] {
        let x = RandomStream(seed: 9).substream(UInt64(index)).gaussians(3)
        return x + [x[0] * 1e300, x[1] * 1e-310, index % 7 == 0 ? .infinity : -.infinity, Double(index)]
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func bits(_ results: [[Double]]) -> [[UInt64]] { results.map { $0.map(\.bitPattern) } }

    static let count = 37

    @Test("Sweeps: a checkpointed run equals the in-memory run bit for bit, and a re-run reloads every unit without computing any")
    func checkpointAndReload() async throws {
        let plain = try await Sweep.run("units", count: Self.count) { Self.unit($0) }
        let directory = try Self.directory()
        let context = SweepContext(directory: directory, fingerprint: "test")
        let first = try await SweepContext.$current.withValue(context) { try await Sweep.run("units", count: Self.count) { Self.unit($0) } }
        #expect(Self.bits(first) == Self.bits(plain))
        let lines = try String(contentsOfFile: directory + "/.sweep-units.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == Self.count + 1, "a header and one line per unit")
        let again = try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: "test")) {
            try await Sweep.run("units", count: Self.count) { index -> [Double] in
                Issue.record("unit \(index) recomputed although checkpointed")
                return []
            }
        }
        #expect(Self.bits(again) == Self.bits(plain))
        Sweep.removeCheckpoints(in: directory)
        #expect(!FileManager.default.fileExists(atPath: directory + "/.sweep-units.jsonl"))
    }

    @Test("Sweeps: after a torn last line (a kill mid-write) the run resumes, recomputes only the missing units and repairs the file")
    func tornLineResume() async throws {
        let directory = try Self.directory()
        let path = directory + "/.sweep-units.jsonl"
        // A previous run that finished units 0…9, then died inside the line of unit 10.
        _ = try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: "test")) {
            try await Sweep.run("units", count: 10) { Self.unit($0) }
        }
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"units\": 10", with: "\"units\": \(Self.count)") + "{\"result\": [1.5, 2"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let computed = Mutex<[Int]>([])
        let resumed = try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: "test")) {
            try await Sweep.run("units", count: Self.count) { index in
                computed.withLock { $0.append(index) }
                return Self.unit(index)
            }
        }
        #expect(computed.withLock { $0.sorted() } == Array(10..<Self.count))
        #expect(Self.bits(resumed) == Self.bits((0..<Self.count).map(Self.unit)))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == Self.count + 2 && lines.last == "", "every line complete, the torn one gone")
    }

    @Test("Sweeps: a checkpoint of another computation is refused with one line naming the file and the field")
    func foreignCheckpoint() async throws {
        let directory = try Self.directory()
        _ = try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: "seed=1")) {
            try await Sweep.run("units", count: 3) { Self.unit($0) }
        }
        let error = try await #require(throws: InputError.self) {
            try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: "seed=2")) {
                try await Sweep.run("units", count: 3) { Self.unit($0) }
            }
        }
        #expect(error.field == "fingerprint" && error.source.hasSuffix(".sweep-units.jsonl") && !error.description.contains("\n"), "\(error)")
    }

    @Test("Sweeps: shards 1…3 each write their slice and stop; merging them equals the unsharded run; a missing or incomplete shard is named")
    func shardsAndMerge() async throws {
        let plain = try await Sweep.run("units", count: Self.count) { Self.unit($0) }
        var shards: [String] = []
        for index in 1...3 {
            let directory = try Self.directory()
            let shard = ShardSelection(index: index, count: 3)
            let finished = try await #require(throws: SweepShardFinished.self) {
                try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: "test", shard: shard)) {
                    try await Sweep.run("units", count: Self.count) { unit -> [Double] in
                        #expect(shard.contains(unit), "shard \(shard) computed unit \(unit)")
                        return Self.unit(unit)
                    }
                }
            }
            #expect(finished.units == (0..<Self.count).filter(shard.contains).count)
            shards.append(directory)
        }
        let merged = try await SweepContext.$current.withValue(SweepContext(directory: try Self.directory(), fingerprint: "test", mergeSources: shards)) {
            try await Sweep.run("units", count: Self.count) { index -> [Double] in
                Issue.record("merge computed unit \(index)")
                return []
            }
        }
        #expect(Self.bits(merged) == Self.bits(plain))

        let missing = try await #require(throws: InputError.self) {
            try await SweepContext.$current.withValue(SweepContext(directory: try Self.directory(), fingerprint: "test", mergeSources: Array(shards.prefix(2)))) {
                try await Sweep.run("units", count: Self.count) { Self.unit($0) }
            }
        }
        #expect(missing.field == "shard 3/3", "\(missing)")
        // Cut shard 2's file after its header and first unit: incomplete.
        let file = shards[1] + "/shard-2-of-3.units.jsonl"
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(2).joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let incomplete = try await #require(throws: InputError.self) {
            try await SweepContext.$current.withValue(SweepContext(directory: try Self.directory(), fingerprint: "test", mergeSources: shards)) {
                try await Sweep.run("units", count: Self.count) { Self.unit($0) }
            }
        }
        #expect(incomplete.source == file && incomplete.reason.contains("incomplete (1 of 12 units)"), "\(incomplete)")
    }

    @Test("Sweeps: --shard parses i/n with 1 ≤ i ≤ n and slices round-robin")
    func shardParsing() throws {
        let shard = try ShardSelection(parsing: "2/4")
        #expect((0..<10).filter(shard.contains) == [1, 5, 9])
        for bad in ["0/4", "5/4", "2", "a/b", "2/0", "1/2/3", ""] {
            #expect(throws: InputError.self, "\(bad)") { try ShardSelection(parsing: bad) }
        }
    }
}
