import ArgumentParser
import ClosedForm
import Foundation

/// `[--checkpoint DIR]` of a long command whose work is a `Sweep`: every finished unit is appended and
/// fsynced to `DIR/.sweep-<name>.jsonl`; after an interruption the same command resumes from it, and a
/// checkpoint of another computation (other options, seed or version) is refused with one line. The
/// checkpoint is deleted when the command succeeds.
struct CheckpointOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Directory for a checkpoint of finished units (appended and fsynced); after an interruption the same command resumes from it. Deleted on success.",
                               valueName: "DIR"))
    var checkpoint: String?

    /// Runs `body` with its sweep checkpointed in `--checkpoint` (in memory without it). `fingerprint` names
    /// everything that changes the numbers; a resumed run says so on standard error.
    func run<Result: Sendable>(fingerprint: String, _ body: () async throws -> Result) async throws -> Result {
        guard let checkpoint else { return try await body() }
        let directory = try ReportDirectory(path: checkpoint).path
        for (file, units) in Sweep.checkpoints(in: directory) {
            FileHandle.standardError.write(Data("resuming from \(file) (\(units) units already done)\n".utf8))
        }
        let result = try await SweepContext.$current.withValue(SweepContext(directory: directory, fingerprint: fingerprint)) {
            try await body()
        }
        Sweep.removeCheckpoints(in: directory)
        return result
    }
}
