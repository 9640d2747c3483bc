import Foundation
import DataFiles
import LinearAlgebra

/// Runs a sweep — `count` independent units (seeds × parameters) — on all cores, checkpointed, resumable,
/// shardable and mergeable, with results identical bit for bit whichever way it runs.
///
/// A unit computes from its index alone (its random stream is a substream keyed by the index, never a
/// shared one). Units run as child tasks of a Swift task group, at most `ParallelBlocks.workerCount` at a
/// time (`CLOSEDFORM_THREADS`, default every core), each with OpenBLAS pinned to one thread, and results are
/// kept by unit index; so they do not depend on the thread count, on the order units finish, on
/// interruptions, or on how units are split across shards. What happens around the units depends on `SweepContext.current`:
///
/// - none (library use, tests): every unit in memory, no files;
/// - a directory: each finished unit is appended and fsynced to `DIR/.sweep-<name>.jsonl`; a re-run of the
///   same command skips the units found there (resume after SIGINT, SIGTERM or power loss);
/// - a shard i/n: only units u with u mod n = i − 1, checkpointed to `DIR/shard-i-of-n.<name>.jsonl`; then
///   `SweepShardFinished` is thrown, because the experiment's tables need every unit;
/// - merge sources: the units are read from every source's `shard-*-of-n.<name>.jsonl` (all n shards,
///   each complete); a sweep no shard reached (a later sweep of the experiment) is computed here.
public enum Sweep {
    /// Runs `unit(u)` for u in 0..<count and returns the results in unit order.
    /// - Parameters:
    ///   - name: the sweep's name within its experiment (a file-name fragment: letters, digits, '-', '.'), unique within the experiment.
    ///   - progress: (units done, units of this process's slice), after each unit, from the calling task.
    /// - Throws: the first error of a unit; `InputError` naming a checkpoint or shard file that belongs to
    ///   another computation or is incomplete; `SweepShardFinished` in a shard run.
    public static func run<Result: Codable & Sendable>(
        _ name: String, count: Int, progress: (@Sendable (Int, Int) -> Void)? = nil,
        unit: @escaping @Sendable (Int) throws -> Result
    ) async throws -> [Result] {
        precondition(count >= 0 && !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." },
                     "Sweep: name '\(name)', count \(count)")
        guard let context = SweepContext.current else {
            return try await compute(Array(0..<count), progress: progress, unit: unit, record: nil).sorted { $0.key < $1.key }.map(\.value)
        }
        context.names.claim(name)
        if !context.mergeSources.isEmpty, let merged: [Result] = try SweepMerge.units(name, count: count, context: context) {
            return merged
        }
        let file = context.directory + "/" + (context.shard.map { "\($0.fileTag).\(name).jsonl" } ?? ".sweep-\(name).jsonl")
        let header = SweepCheckpoint<Result>.Header(sweep: name, units: count, fingerprint: context.fingerprint, shard: context.shard?.description)
        let (checkpoint, finished) = try SweepCheckpoint<Result>.openOrResume(path: file, header: header)
        let mine = (0..<count).filter { context.shard?.contains($0) ?? true }
        let pending = mine.filter { finished[$0] == nil }
        let already = mine.count - pending.count
        let total = mine.count
        var report: (@Sendable (Int, Int) -> Void)?
        if let progress {
            report = { @Sendable done, _ in progress(already + done, total) }
        }
        let record: @Sendable (Int, Result) throws -> Void = { try checkpoint.record(unit: $0, result: $1) }
        let computed = try await compute(pending, progress: report, unit: unit, record: record)
        if let shard = context.shard {
            throw SweepShardFinished(sweep: name, shard: shard, units: mine.count, total: count, file: file)
        }
        return (0..<count).map { computed[$0] ?? finished[$0]! }
    }

    /// Deletes the resume checkpoints (`.sweep-*.jsonl`) in `directory`, once its experiment has written
    /// every output; shard files are kept (they are a shard run's output).
    public static func removeCheckpoints(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".sweep-") && name.hasSuffix(".jsonl") {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    /// The resume checkpoints (`.sweep-*.jsonl`) and shard files (`shard-*.jsonl`) in `directory`, with the
    /// number of complete unit lines in each.
    public static func checkpoints(in directory: String) -> [(file: String, units: Int)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var found: [(file: String, units: Int)] = []
        for name in names where (name.hasPrefix(".sweep-") || name.hasPrefix("shard-")) && name.hasSuffix(".jsonl") {
            let path = directory + "/" + name
            let data = FileManager.default.contents(atPath: path) ?? Data()
            let lines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            found.append((path, max(0, lines - 1)))
        }
        return found
    }

    /// Testing hook: with `CLOSEDFORM_SWEEP_KILL_AFTER=k` the process sends itself SIGKILL right after its
    /// k-th unit is durable — a power loss at a known point, for the kill-and-resume tests.
    static let killAfter = ProcessInfo.processInfo.environment["CLOSEDFORM_SWEEP_KILL_AFTER"].flatMap(Int.init)

    /// Runs `units` as child tasks, at most `ParallelBlocks.workerCount` at once (a new one starts as each
    /// finishes), recording each result before counting it done. Progress is reported from this task.
    private static func compute<Result: Sendable>(
        _ units: [Int], progress: (@Sendable (Int, Int) -> Void)?, unit: @escaping @Sendable (Int) throws -> Result,
        record: (@Sendable (Int, Result) throws -> Void)?
    ) async throws -> [Int: Result] {
        var results: [Int: Result] = [:]
        let width = min(ParallelBlocks.workerCount, units.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var started = 0
            while started < width {
                let index = units[started]
                group.addTask { try Self.compute(unit: index, unit, record: record) }
                started += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if record != nil, let killAfter, results.count >= killAfter { kill(getpid(), SIGKILL) }
                progress?(results.count, units.count)
                if started < units.count {
                    let next = units[started]
                    group.addTask { try Self.compute(unit: next, unit, record: record) }
                    started += 1
                }
            }
        }
        return results
    }

    /// One unit, with OpenBLAS pinned to one thread, recorded (durable) before it returns.
    private static func compute<Result: Sendable>(
        unit index: Int, _ unit: @Sendable (Int) throws -> Result, record: (@Sendable (Int, Result) throws -> Void)?
    ) throws -> (Int, Result) {
        let result = try BLASThreads.pinned { try unit(index) }
        try record?(index, result)
        return (index, result)
    }
}
