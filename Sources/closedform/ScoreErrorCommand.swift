import ArgumentParser
import ClosedForm
import Foundation

/// `closedform score-error`: fits an estimator to samples of a model and tabulates its score error against
/// the model's exact score, per time and along the path [B, §3].
struct ScoreErrorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-error",
        abstract: "Fit an estimator to samples of a model and print its score error against the exact score [B].",
        discussion: """
            Training samples come from --samples, or are --training-size draws of the model (stream seed S + 2). \
            One row per time t of --times: E‖ŝ − s‖² over M = --samples-per-time exact draws of q_t (s = ∇log q_t; \
            stream substream i of seed S), its standard error, E‖s‖² on the same draws, the relative error \
            E‖ŝ − s‖²/E‖s‖², g(t)² and g(t)²·E‖ŝ − s‖². The last two rows are the path energies \
            ∫_{t₀}^{T} g(t)² E‖ŝ − s‖² dt (g² the squared diffusion coefficient of the forward SDE, ou: g² = 1): \
            ε*² on the ideal path, E over q_t (seed S + 1), the energy of [B, Prop 3.3, Thm 3.4]; and ε̂² on the \
            learned path, E over the estimator's own noised law p̂_t (seed S + 3), the energy of [B, Prop 3.1] \
            (KL(p̂‖q) ≤ ½ε̂² + KL(p̂_T‖q_T)); ε̂² needs the estimator's law (gaussian, kde, lowrank; not empirical \
            or mlp). Both by Gauss–Legendre (GSL) in log t with --time-nodes nodes, ± the Monte-Carlo standard \
            error (quadrature error excluded). The observability η of [B, Prop 3.3] is not computed (see the \
            notes). The empirical and lowrank scores need t > 0; so does mlp (trained by denoising score \
            matching, with a progress bar on standard error).

            Examples:
              closedform score-error --model examples/standard.json \\
                --estimator gaussian --training-size 400 --seed 1
              closedform score-error --model examples/model.json --estimator kde \\
                --bandwidth 0.3 --samples examples/fit-samples.csv \\
                --times 0.05,0.5,2 --format csv
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var estimator: EstimatorOptions

    @Option(help: ArgumentHelp("Training samples (CSV, the model's dimension); or use --training-size.", valueName: "S.csv"))
    var samples: String?

    @Option(name: .customLong("training-size"), parsing: .unconditional,
            help: ArgumentHelp("Draw N training samples from the model instead of --samples.", valueName: "N"))
    var trainingSize: Int?

    @Option(help: ArgumentHelp("Noise schedule (docs/theory.md §0).", valueName: "schedule"))
    var schedule: NoiseSchedule = CommandDefaults.estimatorSchedule

    @Option(help: ArgumentHelp("Times of the per-time rows, comma-separated.", valueName: "t,…"))
    var times: String = "0.02,0.1,0.5,1,2,4"

    @Option(name: .customLong("t-min"), parsing: .unconditional, help: ArgumentHelp("Start t₀ of the path energy.", valueName: "t₀"))
    var tMin: Double = 0.02

    @Option(name: .customLong("t-max"), parsing: .unconditional, help: ArgumentHelp("End T of the path energy.", valueName: "T"))
    var tMax: Double = 4

    @Option(name: .customLong("time-nodes"), parsing: .unconditional,
            help: ArgumentHelp("Gauss–Legendre nodes of the path energy.", valueName: "K"))
    var timeNodes: Int = 24

    @Option(name: .customLong("samples-per-time"), parsing: .unconditional,
            help: ArgumentHelp("Exact draws M of q_t per time and per node.", valueName: "M"))
    var samplesPerTime: Int = 2_000

    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @OptionGroup var format: TableFormatOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        typealias F = TableFormatOptions
        try F.require((samples == nil) != (trainingSize == nil), "--samples", samples ?? "none", "given, or else --training-size, but not both")
        if let trainingSize { try F.require(trainingSize >= 1 && trainingSize <= 10_000_000, "--training-size", "\(trainingSize)", "between 1 and 10000000") }
        let parsed: [Double] = try F.numbers(times, option: "--times")
        try F.require(parsed.count <= 1_000, "--times", "\(parsed.count) times", "at most 1000")
        try F.require(samplesPerTime >= 2 && samplesPerTime <= 10_000_000, "--samples-per-time", "\(samplesPerTime)", "between 2 and 10000000")
    }

    func run() throws {
        let truth = ExactMixtureScore(data: try model.load(), schedule: schedule)
        let training: Matrix
        if let samples {
            training = try PointsFile.read(path: samples, dimension: truth.dimension)
        } else {
            training = truth.data.sample(count: trainingSize!, stream: RandomStream(seed: seed.value &+ 2))
        }
        let fitted = try estimator.fit(training, schedule: truth.schedule, seed: seed.value, source: samples ?? "--training-size")
        let profile: ScoreErrorProfile
        do {
            profile = try ScoreErrorProfile.measure(estimate: fitted, learnedLaw: .learned(by: fitted), truth: truth,
                                                    times: try TableFormatOptions.numbers(times, option: "--times"),
                                                    samplesPerTime: samplesPerTime, from: tMin, to: tMax, timeNodes: timeNodes, seed: seed.value)
        } catch let error as InputError {
            let options = ["t0": "--t-min", "T": "--t-max", "timeNodes": "--time-nodes", "samplesPerNode": "--samples-per-time",
                           "samples": "--samples-per-time", "time": "--times", "--time": "--times", "": "--times"]
            throw options[error.source].map { error.attributed(to: $0) } ?? error
        }
        try output.emit(try format.render(table(profile, truth: truth, trainingCount: training.rows, name: estimator.estimator.rawValue)))
    }

    /// The per-time rows and the two path-energy rows (ideal path ε*², learned path ε̂²).
    func table(_ profile: ScoreErrorProfile, truth: ExactMixtureScore, trainingCount: Int, name: String) -> Table {
        let (t0, T) = (profile.interval.lowerBound, profile.interval.upperBound)
        var table = Table(
            caption: "Score error of \(name) fitted to N = \(trainingCount) samples of \(model.model) (n = \(truth.dimension), \(truth.data.count) components), \(truth.schedule.rawValue) schedule, M = \(profile.samplesPerTime) draws of q_t per time, seed \(seed.value).",
            label: "tab:score-error",
            columns: ["t", "E‖ŝ − s‖²", "SE", "E‖s‖²", "relative", "g²", "g²·E‖ŝ − s‖²"],
            notes: [
                "s = ∇log q_t, the exact score of the model's noised law; ŝ the fitted estimator's score.",
                "Last rows: ε² = ∫ g(t)² E‖ŝ − s‖² dt over [\(t0), \(T)] (g² = squared diffusion coefficient of the forward SDE), Gauss–Legendre in log t with \(profile.timeNodes) nodes; SE is Monte-Carlo only.",
                "ε*² (ideal path): E over q_t, the energy of [B, Prop 3.3, Thm 3.4] and the recursion. ε̂² (learned path): E over the estimator's noised law p̂_t, the energy of [B, Prop 3.1], KL(p̂ ‖ q) ≤ ½ε̂² + KL(p̂_T ‖ q_T)\(profile.learnedPath == nil ? "; not measured: this estimator has no law p̂ (empirical, mlp)" : "").",
                "Observability η of [B, Prop 3.3] not computed: E[M_T | Y_t₀] has no closed form for a mixture (see ScoreErrorProfile).",
            ])
        for entry in profile.entries {
            table.append([.number(entry.time), .number(entry.meanSquaredError), .number(entry.standardError, digits: 2),
                          .number(entry.meanSquaredScore), .number(entry.relativeError), .number(entry.diffusionSquared),
                          .number(entry.weightedError)])
        }
        table.append([.text("ε*² (ideal path) on [\(t0), \(T)]"), .empty, .number(profile.idealPath.standardError, digits: 2),
                      .empty, .empty, .empty, .number(profile.idealPath.value)])
        if let learned = profile.learnedPath {
            table.append([.text("ε̂² (learned path) on [\(t0), \(T)]"), .empty, .number(learned.standardError, digits: 2),
                          .empty, .empty, .empty, .number(learned.value)])
        } else {
            table.append([.text("ε̂² (learned path) on [\(t0), \(T)]"), .empty, .empty, .empty, .empty, .empty, .empty])
        }
        return table
    }
}
