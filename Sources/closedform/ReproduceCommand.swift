import ArgumentParser
import ClosedForm
import Foundation

/// `closedform reproduce`: runs the paper experiments and writes their tables, with an index.
struct ReproduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Reproduce paper experiments: tables (Markdown, LaTeX, CSV, JSON), figures, notebooks and an index.md in --out.",
        discussion: """
            Experiments: closed-forms (scores, log-densities, denoisers and divergences on built-in models), \
            \(ExperimentCatalog.all.map(\.name).joined(separator: ", ")); `all` runs every one. Each writes into \
            DIR/<experiment>/; DIR/index.md lists what was run, the claims checked and the findings. `--scale \
            quick` (default) takes minutes on a laptop; `--scale paper` uses the papers' sizes and can take hours.

            `--format` chooses the files written (default: every format but ipynb); `--notebook` adds a Jupyter \
            notebook per experiment, DIR/<experiment>/<experiment>.ipynb, readable without running anything. \
            Every file carries the command, the seed and the version; the same command and seed write the same \
            bytes (set SOURCE_DATE_EPOCH to fix the time recorded in JSON tables).

            LaTeX tables fit a one-column 10 pt article: wide ones are split into a drift part and a bound part, \
            α becomes a grouping row, and when the rows would not fit a page only generations 1, 2, 5, 10, 20, … \
            are shown (--show-generations chooses them; CSV and JSON keep every row). --columns keeps a subset \
            of columns in the tables that have them; --report writes DIR/report.tex at the end.

            Examples:
              closedform reproduce all --out out
              closedform reproduce retraining-gmm --out out --scale paper --seed 3
              closedform reproduce reproducibility --out out --format latex,md --notebook
              closedform reproduce retraining-gmm --out out \\
                --show-generations 1,2,5,10,20 --report
            """
    )

    @Argument(help: ArgumentHelp("Experiment name, closed-forms, or all.", valueName: "experiment"))
    var experiment: ReproductionTarget

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("quick (minutes) or paper (the papers' sizes).", valueName: "scale"))
    var scale: ExperimentScale = Reproduction.defaultScale

    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @Option(help: ArgumentHelp("Run only slice i of n of every sweep (1 ≤ i ≤ n); join the n --out directories with `closedform merge`.",
                               valueName: "i/n"))
    var shard: String?

    @OptionGroup var formats: ReportFormatOptions

    @OptionGroup var presentation: TablePresentationOptions

    @Flag(help: "At the end, write DIR/report.tex (as `closedform report DIR`) and compile it when pdflatex is on PATH.")
    var report = false

    func validate() throws {
        if let shard { _ = try ShardSelection(parsing: shard) }
    }

    /// The reproduction these options describe.
    func reproduction() throws -> Reproduction {
        var reproduction = Reproduction(target: experiment, directory: out, scale: scale, seed: seed.value, formats: formats.format?.values,
                                        notebook: formats.notebook, shard: try shard.map(ShardSelection.init(parsing:)))
        reproduction.presentation = try presentation.presentation()
        return reproduction
    }

    func run() async throws {
        try await Self.run(try reproduction())
        if report {
            print("report: wrote \(try ReportDocument.write(directory: out))")
            try ReportCommand.compile(directory: out, required: false)
        }
    }

    /// Runs `reproduction`, printing its log on standard output and one progress bar per label of each
    /// experiment on standard error.
    static func run(_ reproduction: Reproduction) async throws {
        try await reproduction.run(log: { print($0) }, progress: { _ in
            let bars = ProgressBars()
            return { label, done, total in bars.bar(label, total: total).update(done: done) }
        })
    }
}

/// One progress bar per label, created on first use.
final class ProgressBars: @unchecked Sendable {
    private var bars: [String: ProgressBar] = [:]
    private let lock = NSLock()

    func bar(_ label: String, total: Int) -> ProgressBar {
        lock.lock()
        defer { lock.unlock() }
        if let bar = bars[label] { return bar }
        let bar = ProgressBar(label: label, total: total)
        bars[label] = bar
        return bar
    }
}
