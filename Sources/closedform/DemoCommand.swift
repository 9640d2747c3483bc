import ArgumentParser
import ClosedForm
import Foundation

/// `closedform demo`: the whole pipeline on built-in models, written to a directory with an index
/// (`ClosedFormsDemo`).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run every command on built-in example models and write the results, with an index.md, to a directory.",
        discussion: """
            Writes model-a.json (a 3-component mixture on ℝ³), model-b.json (its moment-matched Gaussian), \
            points.csv (a seeded sample of A), score/logpdf/denoise of A at three times for each schedule \
            (<schedule>/*.csv), divergences.json (KL, χ², W₂, H² between A and B both ways) and index.md, \
            which explains each file and gives the command that regenerates it. Every file is written \
            atomically. --seed seeds the sample and the Monte-Carlo divergences.

            Example:
              closedform demo --out out
            """
    )

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of sample points.", valueName: "N"))
    var count: Int = ClosedFormsDemo.defaultCount

    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @Option(parsing: .unconditional, help: ArgumentHelp("Monte-Carlo sample size for divergences without a closed form.", valueName: "N"))
    var samples: Int = Divergence.defaultSamples

    /// The demo these options describe.
    var demo: ClosedFormsDemo { ClosedFormsDemo(directory: out, count: count, seed: seed.value, samples: samples) }

    func validate() throws { try demo.validate() }

    func run() throws { try demo.run(log: { print($0) }) }
}
