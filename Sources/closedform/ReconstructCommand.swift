import ArgumentParser
import ClosedForm
import Foundation

/// `closedform reconstruct`: [E]'s reconstruction experiment, printing one of its tables.
struct ReconstructCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Reconstruct real samples through the diffusion and measure mode concentration [E].",
        discussion: """
            Two classes ½N((a,0,…), σ²I) + ½N((−a,0,…), σ²I); N real samples are forwarded to each time t (vp) and \
            reconstructed to t₀ by the probability-flow ODE (Euler) and/or the reverse SDE (Euler–Maruyama) with four \
            score models fitted on them: exact, empirical (memorising), kde(h), class-gaussian(×c) (per-class Gaussians \
            with covariances shrunk by c). Per (model, dynamics, t): tr Cov ratio, mass beyond 2σ of the nearest mean, \
            mean distance to it, and the test accuracy on fresh real samples of a Gaussian discriminant fitted on the \
            labelled reconstructions. `--table correlation` prints instead the 1-D check of E.reconstruction-correlation \
            (measured corr(x₀, x̂₀) against the closed forms, with SE (1 − ρ²)/√N).

            Examples:
              closedform reconstruct
              closedform reconstruct --times 0.2,0.5,1 --dynamics ode --training-size 500 \\
                --seed 3 --format latex --output rec.tex
              closedform reconstruct --table correlation --correlation-samples 50000
              closedform reconstruct --training-size 4000 --checkpoint ckpt
              # interrupted? the same command resumes
            """
    )

    /// The defaults: the experiment's quick-scale settings.
    static let defaults = ReconstructionExperiment.Settings(scale: .quick)

    @Option(name: .customLong("training-size"), parsing: .unconditional, help: ArgumentHelp("Real samples N (reconstructed; the models' training set).", valueName: "N"))
    var trainingSize: Int = Self.defaults.trainingSize

    @Option(name: .customLong("test-size"), parsing: .unconditional, help: ArgumentHelp("Fresh real samples for the classifier's accuracy.", valueName: "M"))
    var testSize: Int = Self.defaults.testSize

    @Option(help: ArgumentHelp("Forward times t, comma-separated, each in (t₀, 1] (vp).", valueName: "t,…"))
    var times: String = Self.defaults.times.map(describeNumber).joined(separator: ",")

    @Option(parsing: .unconditional, help: ArgumentHelp("Stopping time t₀ > 0 of the reverse samplers.", valueName: "t₀"))
    var end: Double = Self.defaults.end

    @Option(parsing: .unconditional, help: ArgumentHelp("Reverse steps per run (log-uniform).", valueName: "K"))
    var steps: Int = Self.defaults.steps

    @Option(help: ArgumentHelp("Reverse dynamics, comma-separated.", valueName: "dynamics,…"))
    var dynamics = CommaSeparated(Self.defaults.samplers)

    @Option(parsing: .unconditional, help: ArgumentHelp("Half the distance a between the class means.", valueName: "a"))
    var separation: Double = Self.defaults.separation

    @Option(parsing: .unconditional, help: ArgumentHelp("Dimension n ≥ 1.", valueName: "n"))
    var dimension: Int = Self.defaults.dimension

    @Option(parsing: .unconditional, help: ArgumentHelp("KDE bandwidth h > 0.", valueName: "h"))
    var bandwidth: Double = Self.defaults.kdeBandwidth

    @Option(parsing: .unconditional, help: ArgumentHelp("Covariance factor c ∈ (0, 1] of the class-Gaussian fit.", valueName: "c"))
    var shrink: Double = Self.defaults.varianceShrink

    /// The tables of the experiment.
    enum TableKind: String, CaseIterable, ExpressibleByArgument {
        /// Mode concentration of the reconstructions, per model, dynamics and time.
        case concentration
        /// The 1-D check of E.reconstruction-correlation.
        case correlation
    }

    @Option(help: ArgumentHelp("Which table.", valueName: "table"))
    var table: TableKind = .concentration

    @Option(name: .customLong("correlation-samples"), parsing: .unconditional, help: ArgumentHelp("Samples of the 1-D correlation check.", valueName: "N"))
    var correlationSamples: Int = Self.defaults.correlationSamples

    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @OptionGroup var format: TableFormatOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var checkpoint: CheckpointOptions

    func validate() throws { _ = try settings() }

    /// The experiment's settings from the options.
    /// - Throws: `InputError` naming the first bad option and its value.
    func settings() throws -> ReconstructionExperiment.Settings {
        typealias F = TableFormatOptions
        var settings = ReconstructionExperiment.Settings(scale: .quick)
        try F.require(trainingSize >= 4 && trainingSize <= 1_000_000, "--training-size", "\(trainingSize)", "between 4 and 1000000")
        try F.require(testSize >= 1 && testSize <= 10_000_000, "--test-size", "\(testSize)", "between 1 and 10000000")
        try F.require(end > 0 && end < 1, "--end", "\(end)", "in (0, 1)")
        try F.require(steps >= 1 && steps <= 100_000, "--steps", "\(steps)", "between 1 and 100000")
        try F.require(dimension >= 1 && dimension <= 1_000, "--dimension", "\(dimension)", "between 1 and 1000")
        try F.require(separation.isFinite && separation >= 0, "--separation", describeNumber(separation), "finite and ≥ 0")
        try F.require(bandwidth.isFinite && bandwidth > 0, "--bandwidth", describeNumber(bandwidth), "positive and finite")
        try F.require(shrink > 0 && shrink <= 1, "--shrink", describeNumber(shrink), "in (0, 1]")
        try F.require(correlationSamples >= 10, "--correlation-samples", "\(correlationSamples)", "at least 10")
        let parsedTimes: [Double] = try F.numbers(times, option: "--times")
        for time in parsedTimes {
            try F.require(time > end && time <= 1, "--times", describeNumber(time), "in (t₀ = \(end), 1] (vp)")
        }
        settings.samplers = dynamics.values
        settings.trainingSize = trainingSize
        settings.testSize = testSize
        settings.times = parsedTimes
        settings.end = end
        settings.steps = steps
        settings.dimension = dimension
        settings.separation = separation
        settings.kdeBandwidth = bandwidth
        settings.varianceShrink = shrink
        settings.correlationSamples = correlationSamples
        return settings
    }

    func run() async throws {
        let settings = try settings()
        let bars = ProgressBars()
        let progress: ProgressHandler = { label, done, total in bars.bar(label, total: total).update(done: done) }
        let experiment = ReconstructionExperiment()
        let seed = self.seed.value
        let result = try await checkpoint.run(fingerprint: "reconstruct table=\(table.rawValue) \(settings) seed=\(seed) version=\(RunProvenance.toolVersion)") {
            switch table {
            case .correlation: try await experiment.correlationTable(settings, seed: seed, progress: progress)
            case .concentration: try await experiment.concentrationTable(settings, seed: seed, progress: progress)
            }
        }
        try output.emit(try format.render(result))
    }
}
