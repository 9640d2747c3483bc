import ArgumentParser
import ClosedForm
import Foundation

/// `closedform sample-diffusion`: runs a reverse-time sampler driven by the exact score, the empirical
/// (memorising) denoiser [D] or a KDE, and prints the samples as CSV (or a moment table with `--summary`).
struct SampleDiffusionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-diffusion",
        abstract: "Sample by running a reverse-time sampler on a score model (one CSV row per point).",
        discussion: """
            Starting points are N(0, γ(T)²I) (ve: N(0, T²I)), drawn first from the seeded stream (count·n normals, \
            row by row); a stochastic sampler then draws count·n normals per step. The noise does not depend on \
            --score, so two score models with the same seed see the same noise (the reproducibility protocol of [D]).

            Samplers: euler-maruyama (reverse SDE), probability-flow (Euler on the ODE), ddim (η = 0), ddpm \
            (ancestral; variance-preserving schedules vp, cosine, ou) on K steps from --t-start T to --t-end t₀; \
            heun-edm (Karras et al.'s Heun, [D]'s sampler) on the σ-levels of --sigma-max, --sigma-min, --rho, \
            ending with an Euler step to σ = 0 unless --stop-at-sigma-min.

            Examples:
              closedform sample-diffusion --model model.json --score exact \\
                --sampler heun-edm --schedule ve --steps 18 --count 1000 --seed 1 \\
                --output samples.csv
              closedform sample-diffusion --training train.csv --score empirical \\
                --sampler heun-edm --schedule ve --count 100 --seed 1
              closedform sample-diffusion --model model.json --sampler ddpm --schedule vp \\
                --steps 1000 --t-start 1 --t-end 0.001 --count 5000 --seed 2 --summary
              closedform fit --estimator mlp --samples train.csv --schedule vp \\
                --output net.json
              closedform sample-diffusion --score mlp --network net.json --sampler ddim \\
                --schedule vp --count 1000 --seed 1
            """
    )

    @Option(help: ArgumentHelp("Model file (JSON); required for --score exact, used by --summary.", valueName: "M.json"))
    var model: String?

    /// The score models that drive the sampler.
    enum Score: String, CaseIterable, ExpressibleByArgument {
        /// The model's exact score (`ExactMixtureScore`), needs `--model`.
        case exact
        /// The memorising denoiser of the `--training` points [D] (`EmpiricalDenoiser`).
        case empirical
        /// The KDE of the `--training` points with `--bandwidth` (`KernelDensityEstimate`).
        case kde
        /// A network written by `fit --estimator mlp`, given with `--network` (`FittedMLPScore`).
        case mlp
    }

    @Option(help: ArgumentHelp("Score: exact (the model's), empirical (memorising denoiser of --training [D]), kde, or mlp (a network written by `fit --estimator mlp`, given with --network).", valueName: "score"))
    var score: Score = .exact

    @Option(help: ArgumentHelp("Trained MLP file (`closedform fit --estimator mlp --output`) for --score mlp.", valueName: "N.json"))
    var network: String?

    @Option(help: ArgumentHelp("Training points (CSV) for --score empirical or kde.", valueName: "T.csv"))
    var training: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("KDE bandwidth h > 0 (--score kde).", valueName: "h"))
    var bandwidth: Double = 0.6

    @Option(help: ArgumentHelp("Sampler.", valueName: "sampler"))
    var sampler: SamplerKind

    @Option(help: ArgumentHelp("Noise schedule (docs/theory.md §0).", valueName: "schedule"))
    var schedule: NoiseSchedule

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Steps K (heun-edm: Karras' N, default \(Self.edm.steps); others default \(Self.defaultSteps)).", valueName: "K"))
    var steps: Int?

    @Option(name: .customLong("t-start"), parsing: .unconditional,
            help: ArgumentHelp("Start time T (default: \(Self.describeDefaults { Self.defaultInterval($0).start })).", valueName: "T"))
    var tStart: Double?

    @Option(name: .customLong("t-end"), parsing: .unconditional,
            help: ArgumentHelp("Early-stopping time t₀ < T (default: \(Self.describeDefaults { Self.defaultInterval($0).end })).", valueName: "t0"))
    var tEnd: Double?

    @Option(help: ArgumentHelp("Time grid spacing for the non-EDM samplers.", valueName: "spacing"))
    var spacing: TimeGrid.Spacing = .uniform

    @Option(name: .customLong("sigma-max"), parsing: .unconditional, help: ArgumentHelp("heun-edm: σ_max (default \(Self.edm.sigmaMax.shortDescription)).", valueName: "σ"))
    var sigmaMax: Double?

    @Option(name: .customLong("sigma-min"), parsing: .unconditional, help: ArgumentHelp("heun-edm: σ_min (default \(Self.edm.sigmaMin.shortDescription)).", valueName: "σ"))
    var sigmaMin: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("heun-edm: ρ (default \(Self.edm.rho.shortDescription)).", valueName: "ρ"))
    var rho: Double?

    @Flag(name: .customLong("stop-at-sigma-min"), help: "heun-edm: stop at σ_min instead of a last Euler step to 0.")
    var stopAtSigmaMin = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of points, at least 1.", valueName: "N"))
    var count: Int

    @Flag(help: "Print a table (--format) of the sample mean and variance per coordinate (against the model's exact law at t₀ when --model is given) instead of the samples; --output still receives the samples.")
    var summary = false

    @OptionGroup var seed: SeedOptions<RequiredSeed>
    @OptionGroup var format: TableFormatOptions
    @OptionGroup var output: OutputOptions

    /// Runs of at least this many point-steps show a progress bar on standard error.
    static let progressThreshold = 10_000_000

    func validate() throws {
        if score == .exact, model == nil {
            throw InputError(source: "--model", field: "", reason: "missing; --score exact needs a model file")
        }
        if score == .mlp, network == nil {
            throw InputError(source: "--network", field: "", reason: "missing; --score mlp needs a trained network file")
        }
        if score == .empirical || score == .kde, training == nil {
            throw InputError(source: "--training", field: "", reason: "missing; --score \(score.rawValue) needs training points")
        }
        if score == .kde, !(bandwidth > 0 && bandwidth.isFinite) {
            throw InputError(source: "--bandwidth", field: "", reason: "\(describeNumber(bandwidth)) must be positive and finite")
        }
        if let steps, !(1...1_000_000).contains(steps) {
            throw InputError(source: "--steps", field: "", reason: "\(steps) must be between 1 and 1000000")
        }
        guard (1...SampleCommand.maximumCount).contains(count) else {
            throw InputError(source: "--count", field: "", reason: "\(count) must be between 1 and \(SampleCommand.maximumCount)")
        }
        if sampler == .ddpm {
            do {
                try DDPMAncestralSampler.validate(schedule: schedule)
            } catch let error as InputError {
                throw InputError(source: "--schedule", field: "", reason: error.reason)
            }
        }
        if sampler == .heunEDM {
            if tStart != nil || tEnd != nil {
                throw InputError(source: tStart != nil ? "--t-start" : "--t-end", field: "", reason: "does not apply to heun-edm; give --sigma-max and --sigma-min")
            }
        } else if sigmaMax != nil || sigmaMin != nil || rho != nil || stopAtSigmaMin {
            throw InputError(source: "--sigma-max", field: "", reason: "--sigma-max, --sigma-min, --rho and --stop-at-sigma-min apply to heun-edm only; give --t-start and --t-end for \(sampler.rawValue)")
        }
        _ = try grid(schedule)
        if format.format != CommandDefaults.tableFormat, !summary {
            throw InputError(source: "--format", field: "", reason: "'\(format.format.rawValue)' applies to the --summary table; the samples are always CSV")
        }
        if let output = output.output { try OutputOptions.requireWritable(output, option: "--output") }
    }

    /// The time grid: EDM's σ-levels for heun-edm, else K steps from T to t₀. Errors name the option.
    func grid(_ noise: NoiseSchedule) throws -> TimeGrid {
        do {
            if sampler == .heunEDM {
                let edm = try HeunEDMSampler(steps: steps ?? Self.edm.steps, sigmaMax: sigmaMax ?? Self.edm.sigmaMax,
                                             sigmaMin: sigmaMin ?? Self.edm.sigmaMin, rho: rho ?? Self.edm.rho, endsAtZero: !stopAtSigmaMin)
                return try edm.grid(schedule: noise)
            }
            let (start, end) = Self.defaultInterval(noise)
            return try TimeGrid(schedule: noise, start: tStart ?? start, end: tEnd ?? end, steps: steps ?? Self.defaultSteps,
                                spacing: spacing)
        } catch let error as InputError where error.source.isEmpty {
            let options = ["start": "--t-start", "end": "--t-end", "steps": "--steps", "sigmaMax": "--sigma-max", "sigmaMin": "--sigma-min", "rho": "--rho"]
            throw InputError(source: options[error.field] ?? "--\(error.field)", field: "", reason: error.reason)
        }
    }

    /// heun-edm's defaults: Karras et al.'s (`HeunEDMSampler`'s).
    static let edm = try! HeunEDMSampler()

    /// The default steps K of the samplers but heun-edm.
    static let defaultSteps = 100

    /// The default (T, t₀) of the non-EDM samplers under `schedule`.
    static func defaultInterval(_ schedule: NoiseSchedule) -> (start: Double, end: Double) {
        switch schedule {
        case .ve: return (80, 0.002)
        case .vp: return (1, 1e-3)
        case .ou: return (4, 0.02)
        case .cosine: return (0.99, 1e-3)
        }
    }

    /// `ve 80, vp 1, …`: one end of the default interval per schedule, for the help.
    static func describeDefaults(_ value: (NoiseSchedule) -> Double) -> String {
        NoiseSchedule.allCases.map { "\($0.rawValue) \(value($0).shortDescription)" }.joined(separator: ", ")
    }

    func run() throws {
        let noise = schedule
        let data = try model.map { try ModelFile.read(path: $0) }
        let points = try training.map { try PointsFile.read(path: $0, dimension: data?.dimension) }
        let grid = try grid(noise)
        let stream = RandomStream(seed: seed.value)
        let samples: Matrix
        switch score {
        case .empirical: samples = try sample(try EmpiricalDenoiser().fit(points!, schedule: noise), grid: grid, stream: stream)
        case .kde: samples = try sample(try KernelDensityEstimate(bandwidth: bandwidth).fit(points!, schedule: noise), grid: grid, stream: stream)
        case .mlp:
            let trained = try FittedMLPScore.load(from: network!)
            guard trained.schedule == noise else {
                throw InputError(source: "--schedule", field: "", reason: "\(schedule.rawValue) differs from the \(trained.schedule.rawValue) schedule \(network!) was trained under")
            }
            if let data, data.dimension != trained.dimension {
                throw InputError(source: network!, field: "dimension", reason: "\(trained.dimension) differs from the model's dimension \(data.dimension)")
            }
            samples = try sample(trained, grid: grid, stream: stream)
        case .exact: samples = try sample(ExactMixtureScore(data: data!, schedule: noise), grid: grid, stream: stream)
        }
        guard summary else { return try output.emit(PointsFile.render(samples)) }
        if let path = output.output { try AtomicFileWriter.write(PointsFile.render(samples), to: path) }
        let exact = try data.map { try ExactMixtureScore(data: $0, schedule: noise).marginal(at: grid.end) }
        FileHandle.standardOutput.write(Data(try format.render(summaryTable(samples, exact: exact, grid: grid)).utf8))
    }

    /// Prior draws (count·n normals) then the sampler; errors without a source are attributed to the command.
    func sample(_ scoreModel: some ScoreModel, grid: TimeGrid, stream: RandomStream) throws -> Matrix {
        do {
            let initial = try ReverseDiffusionPrior.priorSamples(count: count, dimension: scoreModel.dimension, schedule: scoreModel.schedule,
                                                                 time: grid.start, stream: stream)
            let method = sampler.sampler
            // Heun-type samplers call the score twice per step (the last EDM step once).
            let evaluations = grid.steps * sampler.scoreCallsPerStep
            guard count * evaluations >= Self.progressThreshold else {
                return try method.run(scoreModel, from: initial, grid: grid, noise: stream)
            }
            let bar = ProgressBar(label: "sample-diffusion: score calls", total: evaluations)
            let observed = ObservedScoreModel(scoreModel) { bar.advance() }
            let samples = try method.run(observed, from: initial, grid: grid, noise: stream)
            bar.update(done: evaluations)
            return samples
        } catch let error as InputError where error.source.isEmpty {
            throw error.attributed(to: "sample-diffusion")
        }
    }

    /// Per coordinate: sample mean ± SE and sample variance, beside the exact law at t₀ when a model is given.
    func summaryTable(_ samples: Matrix, exact: GaussianMixture?, grid: TimeGrid) -> Table {
        let n = samples.columns, total = Double(samples.rows)
        let caption = "sample-diffusion: \(samples.rows) samples, \(sampler.rawValue) (\(grid.steps) steps, T = \(describeNumber(grid.start)) → t₀ = \(describeNumber(grid.end))), \(schedule.rawValue) schedule, \(score.rawValue) score, seed \(seed.value)"
            + (exact == nil ? "." : "; exact law: the model's marginal p_{t₀}\(score == .exact ? "" : " (the sampler's score is not the model's)").")
        var table = Table(caption: caption, label: "tab:sample-diffusion",
                          columns: ["coordinate", "sample mean", "SE", "exact mean", "sample variance", "exact variance"],
                          notes: ["SE = √(sample variance / N); the gap to the exact law also holds the prior's and the discretisation's errors."])
        let mean = exact?.mean, covariance = exact?.covariance
        for j in 0..<n {
            let column = samples.column(j)
            let average = column.reduce(0, +) / total
            let variance = samples.rows > 1 ? column.map { ($0 - average) * ($0 - average) }.reduce(0, +) / (total - 1) : 0
            table.append([.number(Double(j), digits: 3), .number(average, digits: 6), .number((variance / total).squareRoot(), digits: 3),
                          mean.map { .number($0[j], digits: 6) } ?? .empty, .number(variance, digits: 6),
                          covariance.map { .number($0[j, j], digits: 6) } ?? .empty])
        }
        return table
    }
}

extension Double {
    /// The shortest `%g` form, for help texts (80, 0.002).
    fileprivate var shortDescription: String { String(format: "%g", self) }
}
