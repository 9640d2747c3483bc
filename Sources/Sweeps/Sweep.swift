import Foundation
import LinearAlgebra

/// Runs a sweep — `count` independent units (seeds × parameters) — on all cores, checkpointed, resumable,
/// shardable and mergeable, with results identical bit for bit whichever way it runs.
///
/// A unit computes from its index alone (its random stream is a substream keyed by the index, never a
/// shared one). Units run on the child tasks of a Swift task group, one per worker
/// (`ParallelBlocks.workerCount`: `CLOSEDFORM_THREADS`, default every core), each with OpenBLAS pinned to
/// one thread, and results are kept by unit index; so they do not depend on the thread count, on the order units finish, on
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
    ///   - progress: (units done, units of this process's slice), after each unit, from the worker tasks.
    ///   - starting: called once before any unit runs, with the units this process computes: its slice
    ///     (every unit, or the shard's under `--shard i/n`) less those a resumed run finds in its checkpoint.
    ///     Not called when the units come from merged shards. A caller with finer progress than units (the
    ///     retraining simulator's steps) sizes its bar from it.
    /// - Throws: the first error of a unit; `InputError` naming a checkpoint or shard file that belongs to
    ///   another computation or is incomplete; `SweepShardFinished` in a shard run.
    public static func run<Result: Codable & Sendable>(
        _ name: String, count: Int, progress: (@Sendable (Int, Int) -> Void)? = nil,
        starting: (([Int]) -> Void)? = nil, unit: @escaping @Sendable (Int) throws -> Result
    ) async throws -> [Result] {
        precondition(count >= 0 && !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." },
                     "Sweep: name '\(name)', count \(count)")
        guard let context = SweepContext.current else {
            starting?(Array(0..<count))
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
        starting?(pending)
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

    /// Runs `units` on `ParallelBlocks.workerCount` child tasks of a task group, OpenBLAS pinned to one
    /// thread for the whole group. Each child claims the next
    /// unit from a shared counter until none is left (so a slow unit never idles the other cores, and a
    /// sweep of thousands of millisecond units pays no per-unit task overhead), records each result before
    /// counting it done, and returns what it computed; results are keyed by unit index. After an error the
    /// group is cancelled and the other children stop at their next unit.
    private static func compute<Result: Sendable>(
        _ units: [Int], progress: (@Sendable (Int, Int) -> Void)?, unit: @escaping @Sendable (Int) throws -> Result,
        record: (@Sendable (Int, Result) throws -> Void)?
    ) async throws -> [Int: Result] {
        let next = SharedCounter(), finished = SharedCounter()
        var results: [Int: Result] = [:]
        try await BLASThreads.pinned { try await withThrowingTaskGroup(of: [(Int, Result)].self) { group in
            for _ in 0..<min(ParallelBlocks.workerCount, units.count) {
                group.addTask {
                    var computed: [(Int, Result)] = []
                    while !Task.isCancelled {
                        let position = next.claim()
                        guard position < units.count else { break }
                        let index = units[position]
                        let result = try unit(index)
                        try record?(index, result)
                        computed.append((index, result))
                        let done = finished.increment()
                        if record != nil, let killAfter, done >= killAfter { kill(getpid(), SIGKILL) }
                        progress?(done, units.count)
                    }
                    return computed
                }
            }
            for try await part in group {
                for (index, result) in part { results[index] = result }
            }
        } }
        return results
    }
}
