import ArgumentParser
import ClosedForm
import Foundation

/// `closedform merge`: joins the output directories of `closedform reproduce … --shard i/n` runs
/// (`Reproduction.merging`).
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the --out directories of the n shard runs of `reproduce` into the tables of an unsharded run.",
        discussion: """
            Each shard directory holds shard.json (experiment, scale, seed, i/n) and, per experiment, the finished \
            units of its sweeps (shard-i-of-n.<sweep>.jsonl). merge checks that the directories are the shards \
            1…n of one run, reads every unit, and writes into --out exactly what `closedform reproduce` without \
            --shard writes (same bytes): the units are the same computations, only run elsewhere. Sweeps the \
            shards did not reach, and experiments without sweeps, are computed here.

            Examples:
              closedform reproduce retraining-gmm --scale paper --shard 1/2 --out s1
              closedform reproduce retraining-gmm --scale paper --shard 2/2 --out s2
              closedform merge s1 s2 --out out
            """
    )

    @Argument(help: ArgumentHelp("The shard runs' --out directories, in any order.", valueName: "DIR"))
    var shards: [String]

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @OptionGroup var formats: ReportFormatOptions

    func validate() throws {
        if shards.isEmpty { throw InputError(source: "merge", field: "DIR", reason: "give the shard directories") }
    }

    func run() async throws {
        let merge = try Reproduction.merging(shards: shards, into: out, formats: formats.format?.values, notebook: formats.notebook)
        print("merge: \(shards.count) shards of `reproduce \(merge.target.name) --scale \(merge.scale.rawValue) --seed \(merge.seed)`")
        try await ReproduceCommand.run(merge)
    }
}
