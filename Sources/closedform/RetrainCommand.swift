import ArgumentParser
import ClosedForm
import Foundation

/// `closedform retrain`: the recursive-retraining simulator [A][B] on a model file, printing the
/// bound-versus-drift table.
struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Simulate recursive retraining with fresh data and print the bound-versus-drift table [A][B].",
        discussion: """
            Generation i fits the estimator to N samples of q_i = α p_data + (1 − α) p̂ⁱ (round(αN) fresh draws of \
            the target, the rest from generation i); p̂⁰ = p_data. Per generation: D_i = χ²(p̂ⁱ‖p_data), KL in both \
            directions, H², the bracket Gelbrich ≤ W₂ ≤ MW₂ (equal for two Gaussians); the round's one-round \
            divergences I = χ²(p̂^{i+1}‖q_i) and KL(p̂^{i+1}‖q_i) beside [B]'s bounds on them (Thm 3.4, Prop 3.3, \
            Prop 3.1) and on D (B.recursion, Thm 4.2), each with a status: holds, VIOLATED, or n/a naming the \
            failed assumption (`closedform theorems` lists the labels); and the round's score-error energies \
            ∫ g² E‖ŝ − ∇log q_t‖² dt over [t₀, T] under the ou schedule: ε*² with E over q_t (ideal path; the \
            energy of B.recursion and B.thm4.2) and ε̂² with E over the fit's noised law p̂_t (learned path; the \
            energy of B.prop3.1.kl-upper). Give α (fresh fraction, [B]) or λ (synthetic : real, [A]; α = \
            1/(1+λ)). The exact population curve (N = ∞) is added for kde and for the Gaussian fits. The notes \
            state each bound's statuses, findings, the uncertain constants (--eta, --lower-constant, \
            --upper-constant) and the reason of every empty cell.

            Examples:
              closedform retrain --target examples/model.json --estimator kde \\
                --bandwidth 0.3 --alpha 0.5 --generations 5 --runs 4 --training-size 500 \\
                --seed 1
              closedform retrain --target examples/standard.json --estimator gaussian-mle \\
                --lambda 2 --generations 10 --runs 8 --seed 1 --format latex \\
                --output drift.tex
              closedform retrain --target examples/model.json --alpha 0.5 --runs 32 \\
                --training-size 20000 --checkpoint ckpt
              # interrupted? run the same command again to resume
            """
    )

    @Option(help: ArgumentHelp("Target model p_data (JSON model file).", valueName: "M.json"))
    var target: String

    /// The estimators refitted each generation.
    enum Estimator: String, CaseIterable, ExpressibleByArgument {
        /// Gaussian kernel density estimate with `--bandwidth`.
        case kde
        /// One Gaussian by maximum likelihood (biased variance, divisor N).
        case gaussianMLE = "gaussian-mle"
        /// One Gaussian with the unbiased covariance (divisor N − 1).
        case gaussianUnbiased = "gaussian-unbiased"
    }

    @Option(help: ArgumentHelp("Estimator: kde, gaussian-mle (biased variance) or gaussian-unbiased.", valueName: "estimator"))
    var estimator: Estimator = .kde

    @Option(parsing: .unconditional, help: ArgumentHelp("KDE bandwidth h > 0.", valueName: "h"))
    var bandwidth: Double = 0.6

    @Option(parsing: .unconditional, help: ArgumentHelp("Fresh-data fraction α ∈ (0, 1] [B].", valueName: "α"))
    var alpha: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Synthetic : real ratio λ ≥ 0 [A] (instead of --alpha).", valueName: "λ"))
    var lambda: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Generations G (rounds 0…G−1).", valueName: "G"))
    var generations: Int = 10

    @Option(parsing: .unconditional, help: ArgumentHelp("Independent runs (for confidence intervals).", valueName: "R"))
    var runs: Int = 4

    @Option(name: .customLong("training-size"), parsing: .unconditional, help: ArgumentHelp("Training samples N per round.", valueName: "N"))
    var trainingSize: Int = 1_000

    @Option(name: .customLong("chi2-samples"), parsing: .unconditional,
            help: ArgumentHelp("Importance samples for χ² against a mixture target.", valueName: "M"))
    var chiSquaredSamples: Int = RetrainingMeasurement().chiSquaredSamples

    @Option(name: .customLong("eta"), parsing: .unconditional,
            help: ArgumentHelp("Observability η of [B, Def 3.2, Prop 3.3]; default: computed from the exact population laws (PopulationObservability), or 0.5 where they have no score error.", valueName: "η"))
    var eta: Double?

    @Option(name: .customLong("lower-constant"), parsing: .unconditional,
            help: ArgumentHelp("Constant C of [B, Prop 3.3] (uncertain; decides the clean regime).", valueName: "C"))
    var lowerConstant: Double = BoundConstants().lowerConstant

    @Option(name: .customLong("upper-constant"), parsing: .unconditional,
            help: ArgumentHelp("Constant c of [B, Thm 3.4]'s upper bound 4ε*² + cε*⁴ (uncertain).", valueName: "c"))
    var upperConstant: Double = BoundConstants().upperConstant

    @Option(help: ArgumentHelp("How each generation is sampled: exact-law (draw from the fitted law) or reverse-sde (Euler–Maruyama on the fitted score, ou, T = 4 → t₀ = 0.02).", valueName: "sampling"))
    var sampling: GenerationSampling = .exactLaw

    @Option(name: .customLong("sampler-steps"), parsing: .unconditional,
            help: ArgumentHelp("Euler–Maruyama steps for --sampling reverse-sde ([B] used 500).", valueName: "K"))
    var samplerSteps: Int = SamplerSettings().steps

    @OptionGroup var format: TableFormatOptions
    @OptionGroup var checkpoint: CheckpointOptions
    @OptionGroup var seed: SeedOptions<RequiredSeed>
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (alpha == nil) != (lambda == nil) else {
            throw InputError(source: "--alpha", field: "", reason: "give exactly one of --alpha and --lambda")
        }
        try Self.require(generations >= 1 && generations <= 10_000, "--generations", generations, "between 1 and 10000")
        try Self.require(runs >= 1 && runs <= 100_000, "--runs", runs, "between 1 and 100000")
        try Self.require(samplerSteps >= 1 && samplerSteps <= 100_000, "--sampler-steps", samplerSteps, "between 1 and 100000")
        try Self.require(chiSquaredSamples >= 2, "--chi2-samples", chiSquaredSamples, "at least 2")
        if let eta, !(eta > 0 && eta <= 1) { throw InputError(source: "--eta", field: "", reason: "\(eta) must be in (0, 1]") }
        try format.presentation.validate(against: BoundVersusDriftTable.columns)
        guard lowerConstant >= 0, lowerConstant.isFinite else {
            throw InputError(source: "--lower-constant", field: "", reason: "\(lowerConstant) must be ≥ 0 and finite")
        }
        guard upperConstant >= 0, upperConstant.isFinite else {
            throw InputError(source: "--upper-constant", field: "", reason: "\(upperConstant) must be ≥ 0 and finite")
        }
    }

    /// Runs the simulation for the chosen estimator, with the exact population curve.
    func simulate(data: GaussianMixture, configuration: RetrainingConfiguration, mixing: MixingConvention,
                  progress: @escaping @Sendable (RetrainingProgress) -> Void) async throws -> RetrainingResult {
        var configuration = configuration
        configuration.population = try populationLaws(data: data, mixing: mixing)
        switch estimator {
        case .kde:
            return try await RecursiveRetraining(rule: try KernelDensityEstimate(bandwidth: bandwidth), configuration: configuration).run(progress: progress)
        case .gaussianMLE:
            return try await RecursiveRetraining(rule: GaussianMaximumLikelihood(convention: .biased), configuration: configuration).run(progress: progress)
        case .gaussianUnbiased:
            return try await RecursiveRetraining(rule: GaussianMaximumLikelihood(convention: .unbiased), configuration: configuration).run(progress: progress)
        }
    }

    /// The exact population laws p̂⁰…p̂^G (N = ∞) of the chosen estimator.
    func populationLaws(data: GaussianMixture, mixing: MixingConvention) throws -> [GaussianMixture] {
        if estimator == .kde {
            return try KernelDensityPopulation.laws(data: data, bandwidth: bandwidth, mixing: mixing, generations: generations)
        }
        let start = try Gaussian(mean: data.mean, covariance: data.covariance)
        return try GaussianPopulationDynamics.laws(data: data, initial: start, mixing: mixing, generations: generations).map { GaussianMixture($0) }
    }

    /// What makes two runs of this command the same computation (for `--checkpoint`): every option that
    /// changes a run's numbers, the target file's bytes (FNV-1a) and the version.
    func fingerprint() -> String {
        let hash = FNV1a.hash(FileManager.default.contents(atPath: target) ?? Data())
        let rate = alpha.map { "alpha=\($0)" } ?? "lambda=\(lambda ?? .nan)"
        return "retrain target-fnv1a=\(String(hash, radix: 16)) estimator=\(estimator.rawValue) bandwidth=\(bandwidth) \(rate) "
            + "generations=\(generations) runs=\(runs) training-size=\(trainingSize) chi2-samples=\(chiSquaredSamples) "
            + "sampling=\(sampling.rawValue) sampler-steps=\(samplerSteps) seed=\(seed.value) version=\(RunProvenance.toolVersion)"
    }

    static func require(_ condition: Bool, _ option: String, _ value: Int, _ range: String) throws {
        if !condition { throw InputError(source: option, field: "", reason: "\(value) must be \(range)") }
    }

    func run() async throws {
        let data = try ModelFile.read(path: target)
        let mixing: MixingConvention
        do {
            mixing = try alpha.map { try MixingConvention(freshFraction: $0) } ?? MixingConvention(syntheticRatio: lambda!)
        } catch let error as InputError where error.source.isEmpty {
            throw error.attributed(to: alpha != nil ? "--alpha" : "--lambda")
        }
        var measurement = RetrainingMeasurement()
        measurement.chiSquaredSamples = chiSquaredSamples
        var configuration = RetrainingConfiguration(target: data, mixing: mixing, trainingSize: trainingSize,
                                                    generations: generations, runs: runs, seed: seed.value,
                                                    schedule: .ou, sampling: sampling,
                                                    measurement: measurement)
        configuration.sampler.steps = samplerSteps
        // The bar's total is the simulator's own step count (the runs this process computes), from its first report.
        let bars = ProgressBars()
        let progress: @Sendable (RetrainingProgress) -> Void = { bars.bar("retrain", total: $0.total).update(done: $0.completed) }
        let result: RetrainingResult
        do {
            result = try await checkpoint.run(fingerprint: fingerprint()) {
                try await simulate(data: data, configuration: configuration, mixing: mixing, progress: progress)
            }
        } catch let error as InputError where error.source.isEmpty {
            throw error.attributed(to: "retrain")
        }
        let short = { (value: Double) in NumberFormatting.significant(value, digits: 3) }
        let caption = "Recursive retraining of \(result.rule) on \(target) (n = \(data.dimension), \(data.count) components): α = \(short(mixing.freshFraction)) (λ = \(short(mixing.syntheticRatio))), N = \(trainingSize), \(runs) runs, seed \(seed.value)."
        var table = try BoundVersusDriftTable.make([result], caption: caption, label: "tab:retrain",
                                                   constants: try boundConstants(data: data, mixing: mixing))
        table.notes.insert("Setting: ou schedule, ε*² and ε̂² over [0.02, 4], generations sampled by \(sampling.rawValue)\(sampling == .reverseSDE ? " (Euler–Maruyama, \(samplerSteps) steps, T = 4 → t₀ = 0.02)" : "").", at: 0)
        try output.emit(try format.render(table))
    }

    /// η given by --eta, else computed from the population laws where they have a score error (0.5 default otherwise).
    func boundConstants(data: GaussianMixture, mixing: MixingConvention) throws -> BoundConstants {
        if let eta { return BoundConstants(eta: eta, lowerConstant: lowerConstant, etaSource: .given) }
        let path = RetrainingMeasurement.ScoreErrorSettings()
        return try BoundConstants.observed(populations: [(try populationLaws(data: data, mixing: mixing), mixing)], target: data,
                                           t0: path.t0, T: path.T, lowerConstant: lowerConstant, seed: seed.value)
    }
}
