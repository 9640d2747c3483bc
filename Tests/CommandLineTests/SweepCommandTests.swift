import Foundation
import Testing

/// Large sweeps through the command line: kill and resume, shards and merge, on the quick
/// `subspace-phase-transition` sweep (2940 trials).
@Suite("closedform: interrupted, resumed, sharded and merged sweeps")
struct SweepCommandTests {
    static let experiment = "subspace-phase-transition"

    /// Complete unit lines of a checkpoint or shard file (0 when missing).
    static func units(_ path: String) -> Int {
        let lines = (FileManager.default.contents(atPath: path) ?? Data()).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return max(0, lines - 1)
    }

    /// Expects the same files with the same bytes, naming the ones that differ.
    static func expectSame(_ files: [String: Data], _ expected: [String: Data], _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let differing = Set(files.keys).union(expected.keys).filter { files[$0] != expected[$0] }.sorted()
        #expect(differing.isEmpty, "\(label): \(differing) differ from the unsharded, uninterrupted run", sourceLocation: sourceLocation)
    }

    @Test("Sweeps: SIGKILL, SIGTERM and SIGINT part-way, then the same command resumes; shards 1/2 and 2/2 merged equal the unsharded run byte for byte")
    func killResumeShardMerge() throws {
        let fixture = try Fixture()
        let root = fixture.directory
        // Every output file carries its command line, --out included, so the runs compared byte for byte
        // use the same --out ("out") in different working directories, and SOURCE_DATE_EPOCH fixes the
        // time in the JSON metadata.
        let epoch = ["SOURCE_DATE_EPOCH": "0"]
        func place(_ name: String) throws -> URL {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let reference = try Tool.run(["reproduce", Self.experiment, "--out", "out"], in: try place("reference"), environment: epoch)
        #expect(reference.status == 0, "\(reference.standardError)")
        let expected = try DirectoryContents.files(under: root.appendingPathComponent("reference/out"))
        #expect(expected.count >= 9 && !expected.keys.contains { $0.contains("/.") }, "tables and index, checkpoint removed: \(expected.keys.sorted())")

        // Shard 1/2: a power loss (SIGKILL) right after its 300th unit is durable, then resumed.
        let shard1 = root.appendingPathComponent("s1/\(Self.experiment)/shard-1-of-2.trials.jsonl").path
        let killed = try BackgroundRun(["reproduce", Self.experiment, "--out", "s1", "--shard", "1/2"], in: root,
                                       environment: ["CLOSEDFORM_SWEEP_KILL_AFTER": "300"]).finish()
        #expect(killed == (.uncaughtSignal, SIGKILL), "\(killed)")
        #expect((300..<1470).contains(Self.units(shard1)), "\(Self.units(shard1)) units survived the kill")
        #expect(try fixture.run(["reproduce", Self.experiment, "--out", "s1", "--shard", "1/2"]).status == 0)
        #expect(Self.units(shard1) == 1470)

        // Shard 2/2: SIGTERM once 200 units are durable, then resumed.
        let shard2 = root.appendingPathComponent("s2/\(Self.experiment)/shard-2-of-2.trials.jsonl").path
        let terminated = try BackgroundRun(["reproduce", Self.experiment, "--out", "s2", "--shard", "2/2"], in: root)
        #expect(terminated.wait { Self.units(shard2) >= 200 })
        #expect(terminated.kill(SIGTERM) == (.uncaughtSignal, SIGTERM))
        #expect(Self.units(shard2) < 1470, "the shard was interrupted part-way")
        #expect(try fixture.run(["reproduce", Self.experiment, "--out", "s2", "--shard", "2/2"]).status == 0)

        let merged = try place("merged")
        let merge = try Tool.run(["merge", "../s2", "../s1", "--out", "out"], in: merged, environment: epoch)
        #expect(merge.status == 0, "\(merge.standardError)")
        Self.expectSame(try DirectoryContents.files(under: merged.appendingPathComponent("out")), expected, "merged")

        // Unsharded: SIGINT part-way leaves only the checkpoint (no table, no temporary file); the re-run
        // finishes with the reference's bytes.
        let interrupted = try place("interrupted")
        let checkpoint = interrupted.appendingPathComponent("out/\(Self.experiment)/.sweep-trials.jsonl").path
        let stopped = try BackgroundRun(["reproduce", Self.experiment, "--out", "out"], in: interrupted, environment: epoch)
        #expect(stopped.wait { Self.units(checkpoint) >= 200 })
        #expect(stopped.kill(SIGINT) == (.uncaughtSignal, SIGINT))
        #expect(try DirectoryContents.files(under: interrupted.appendingPathComponent("out/\(Self.experiment)")).keys.sorted() == [".sweep-trials.jsonl"])
        let resumed = try Tool.run(["reproduce", Self.experiment, "--out", "out"], in: interrupted, environment: epoch)
        #expect(resumed.status == 0 && resumed.standardOutput.contains("resuming from"), "\(resumed.standardOutput)")
        Self.expectSame(try DirectoryContents.files(under: interrupted.appendingPathComponent("out")), expected, "resumed")
    }

    @Test("Sweeps: retrain, reproducibility and reconstruct with --checkpoint, killed after 2 of 4 units, resume with the same command and print the table of an uninterrupted run",
          arguments: [
              ["retrain", "--target", "model.json", "--alpha", "0.5", "--runs", "4", "--generations", "2", "--training-size", "200", "--chi2-samples", "500", "--seed", "1"],
              ["reproducibility", "--sizes", "2,4,8,16", "--samples", "50", "--seed", "1"],
              ["reconstruct", "--table", "correlation", "--times", "0.2,0.5", "--correlation-samples", "2000", "--seed", "1"],
          ])
    func checkpointResume(arguments: [String]) throws {
        let fixture = try Fixture()
        let plain = try fixture.run(arguments)
        #expect(plain.status == 0, "\(plain.standardError)")
        let killed = try BackgroundRun(arguments + ["--checkpoint", "ckpt"], in: fixture.directory,
                                       environment: ["CLOSEDFORM_SWEEP_KILL_AFTER": "2"]).finish()
        #expect(killed == (.uncaughtSignal, SIGKILL))
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.path("ckpt"))
        #expect(files.count == 1 && files[0].hasPrefix(".sweep-"), "\(files)")
        let checkpoint = fixture.path("ckpt/" + (files.first ?? ""))
        #expect((2..<4).contains(Self.units(checkpoint)), "\(Self.units(checkpoint)) units checkpointed")
        let resumed = try fixture.run(arguments + ["--checkpoint", "ckpt"])
        #expect(resumed.status == 0 && resumed.standardOutput == plain.standardOutput, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("resuming from"), "\(resumed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: checkpoint), "the checkpoint is deleted after success")
    }

    @Test("Sweeps: an experiment without a sweep (retraining-regimes) is skipped by shard runs and computed by the merge, equal to the unsharded run")
    func experimentWithoutSweep() throws {
        let fixture = try Fixture()
        let epoch = ["SOURCE_DATE_EPOCH": "0"]
        for shard in ["1/2", "2/2"] {
            let directory = "s\(shard.prefix(1))"
            let run = try Tool.run(["reproduce", "retraining-regimes", "--out", directory, "--shard", shard], in: fixture.directory, environment: epoch)
            #expect(run.status == 0 && run.standardOutput.contains("no sweep to split, skipped by shard \(shard)"), "\(run.standardOutput)\(run.standardError)")
            #expect(try DirectoryContents.files(under: fixture.directory.appendingPathComponent(directory)).keys.sorted() == ["shard.json"])
        }
        for (name, arguments) in [("plain", ["reproduce", "retraining-regimes", "--out", "out"]), ("merged", ["merge", "../s1", "../s2", "--out", "out"])] {
            let place = fixture.directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: place, withIntermediateDirectories: true)
            let run = try Tool.run(arguments, in: place, environment: epoch)
            #expect(run.status == 0, "\(run.standardError)")
        }
        let plain = try DirectoryContents.files(under: fixture.directory.appendingPathComponent("plain/out/retraining-regimes"))
        #expect(plain.keys.contains("regimes.md"), "\(plain.keys.sorted())")
        Self.expectSame(try DirectoryContents.files(under: fixture.directory.appendingPathComponent("merged/out/retraining-regimes")), plain, "merged")
    }

    @Test("Sweeps: merge refuses a missing shard, a repeated one and a directory that is not a shard run, with one line")
    func mergeBadInput() throws {
        let fixture = try Fixture()
        let manifest = { (shard: String) in
            "{\"experiment\": \"\(Self.experiment)\", \"format\": \"closedform-shard\", \"scale\": \"quick\", \"seed\": 0, \"shard\": \"\(shard)\", \"version\": \"0.1.0\"}\n"
        }
        for (directory, shard) in [("a", "1/3"), ("b", "2/3"), ("c", "2/3")] {
            try FileManager.default.createDirectory(at: fixture.directory.appendingPathComponent(directory), withIntermediateDirectories: true)
            try fixture.write("\(directory)/shard.json", manifest(shard))
        }
        try fixture.expectBadInput(["merge", "a", "b", "--out", "m"], mentioning: "shard 3/3")
        try fixture.expectBadInput(["merge", "a", "b", "c", "--out", "m"], mentioning: "also in")
        try fixture.expectBadInput(["merge", "a", "model.json", "--out", "m"], mentioning: "shard.json")
        try fixture.expectBadInput(["reproduce", Self.experiment, "--out", "m", "--shard", "3/2"], mentioning: "--shard")
    }
}
