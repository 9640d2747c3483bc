import ArgumentParser
import ClosedForm
import Foundation

/// `closedform reproducibility`: [D]'s memorisation-to-generalisation experiment on a MoLRG.
struct ReproducibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproducibility",
        abstract: "Reproducibility (RP) and generalisation (GL) of the empirical, low-rank and exact denoisers against N [D].",
        discussion: """
            A MoLRG of K orthogonal d-dimensional subspaces in ℝⁿ ([C]'s generator). For each training-set size N, \
            three score models sample M points from the same noise (seed j for sample j) with the EDM Heun sampler \
            (σ 80 → 0.002, ρ = 7, ve): the empirical optimal denoiser on the N samples, the closed-form MoLRG \
            denoiser with K-subspaces + PCA bases fitted on them, and the exact score. RP(A, B) = fraction of j with \
            cos(x_j^A, x_j^B) > τ; GL = 1 − fraction of samples with a training point of cosine > τ (cosine \
            similarity substitutes [D]'s SSCD descriptors; GL(fresh) calibrates it on true samples).

            Examples:
              closedform reproducibility
              closedform reproducibility --sizes 2,8,32,128,512 --samples 200 \\
                --threshold 0.8 --seed 1
              closedform reproducibility --rank 6 --subspaces 3 --format csv \\
                --output rp.csv
              closedform reproducibility --samples 2000 --checkpoint ckpt
              # interrupted? the same command resumes
            """
    )

    /// The defaults: the experiment's quick-scale settings.
    static let defaults = ReproducibilityExperiment.Settings(scale: .quick)

    @Option(parsing: .unconditional, help: ArgumentHelp("Ambient dimension n.", valueName: "n"))
    var dimension: Int = Self.defaults.dimension

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of subspaces K.", valueName: "K"))
    var subspaces: Int = Self.defaults.subspaces

    @Option(parsing: .unconditional, help: ArgumentHelp("Subspace dimension d (K·d ≤ n).", valueName: "d"))
    var rank: Int = Self.defaults.rank

    @Option(help: ArgumentHelp("Training-set sizes N, comma-separated.", valueName: "N,…"))
    var sizes: String = Self.defaults.trainingSizes.map(String.init).joined(separator: ",")

    @Option(parsing: .unconditional, help: ArgumentHelp("Samples M per model.", valueName: "M"))
    var samples: Int = Self.defaults.samples

    @Option(parsing: .unconditional, help: ArgumentHelp("Similarity threshold τ ∈ [−1, 1) ([D]: 0.6).", valueName: "τ"))
    var threshold: Double = Self.defaults.threshold

    @Option(parsing: .unconditional, help: ArgumentHelp("K-subspaces restarts.", valueName: "R"))
    var restarts: Int = Self.defaults.restarts

    @Option(parsing: .unconditional, help: ArgumentHelp("EDM Heun noise levels N ≥ 2 ([D]: 18).", valueName: "N"))
    var steps: Int = Self.defaults.sampler.steps

    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @OptionGroup var format: TableFormatOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var checkpoint: CheckpointOptions

    func validate() throws { _ = try settings() }

    /// The experiment's settings from the options.
    /// - Throws: `InputError` naming the first bad option and its value.
    func settings() throws -> ReproducibilityExperiment.Settings {
        typealias F = TableFormatOptions
        try F.require(dimension >= 1 && dimension <= 4_096, "--dimension", "\(dimension)", "between 1 and 4096")
        try F.require(subspaces >= 1, "--subspaces", "\(subspaces)", "at least 1")
        try F.require(rank >= 1 && subspaces * rank <= dimension, "--rank", "\(rank)", "at least 1 with K·d = \(subspaces)·\(rank) ≤ n = \(dimension)")
        try F.require(samples >= 1 && samples <= 1_000_000, "--samples", "\(samples)", "between 1 and 1000000")
        try F.require(threshold >= -1 && threshold < 1, "--threshold", describeNumber(threshold), "in [-1, 1)")
        try F.require(restarts >= 1 && restarts <= 1_000, "--restarts", "\(restarts)", "between 1 and 1000")
        let parsed: [Int] = try F.numbers(sizes, option: "--sizes")
        for size in parsed { try F.require(size >= 1 && size <= 1_000_000, "--sizes", "\(size)", "between 1 and 1000000") }
        var settings = ReproducibilityExperiment.Settings(scale: .quick)
        settings.dimension = dimension
        settings.subspaces = subspaces
        settings.rank = rank
        settings.trainingSizes = parsed
        settings.samples = samples
        settings.threshold = threshold
        settings.restarts = restarts
        do {
            settings.sampler = try HeunEDMSampler(steps: steps)
        } catch let error as InputError {
            throw InputError(source: "--steps", field: "", reason: error.reason)
        }
        return settings
    }

    func run() async throws {
        let settings = try settings()
        let bar = ProgressBar(label: "reproducibility", total: settings.trainingSizes.count)
        let seed = self.seed.value
        let table = try await checkpoint.run(fingerprint: "reproducibility \(settings) seed=\(seed) version=\(RunProvenance.toolVersion)") {
            try await ReproducibilityExperiment().reproducibilityTable(settings, seed: seed) { _, done, _ in bar.update(done: done) }
        }
        try output.emit(try format.render(table))
    }
}
