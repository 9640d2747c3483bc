import ArgumentParser
import ClosedForm

/// `closedform sample`: seeded draws from a model.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Print N seeded draws from the model (one CSV row per point).",
        discussion: """
            The same seed gives the same bits on the same machine. Low-rank components with noise 0 are \
            fine here (they are sampled on their subspace).

            Example:
              closedform sample --model model.json --count 1000 --seed 42 \\
                --output points.csv
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of points, at least 1.", valueName: "N"))
    var count: Int

    @OptionGroup var seed: SeedOptions<RequiredSeed>
    @OptionGroup var output: OutputOptions

    /// Largest `--count` accepted (a count × n matrix is held in memory).
    static let maximumCount = 100_000_000

    func validate() throws {
        guard count >= 1, count <= SampleCommand.maximumCount else {
            throw InputError(source: "--count", field: "", reason: "\(count) must be between 1 and \(SampleCommand.maximumCount)")
        }
    }

    func run() throws {
        let mixture = try model.load()
        try OutputOptions.requireMemory(rows: count, columns: mixture.dimension, source: "--count",
                                        what: "\(count) points in dimension \(mixture.dimension)")
        let points = mixture.sample(count: count, stream: RandomStream(seed: seed.value))
        try output.emit(PointsFile.render(points))
        NumericalWarning.print(mixture.conditioningWarnings(), source: model.model)
    }
}
