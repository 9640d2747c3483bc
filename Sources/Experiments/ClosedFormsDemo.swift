import RandomStreams
import InputErrors
import Foundation
import DataFiles
import Diffusion
import GaussianMixtures
import LinearAlgebra
import Reports

/// The closed forms on built-in models, written to a directory with an index: what `closedform demo` and
/// the `closed-forms` part of `closedform reproduce` write.
///
/// Files: `model-a.json` (`ExampleModels.mixture`, a 3-component mixture on ℝ³), `model-b.json` (its
/// moment-matched Gaussian), `points.csv` (`count` draws of A from `RandomStream(seed:)`), for each schedule
/// and time of `times` the score, log-density and denoiser of A at every point
/// (`<schedule>/{score,logpdf,denoise}-t<T>.csv`), `divergences.json` (KL, χ², W₂, H² between A and B both ways,
/// Monte Carlo with `samples` draws and `seed` where no closed form exists) and `index.md`, which explains
/// each file and gives the command that regenerates it. Every file is written atomically.
public struct ClosedFormsDemo: Sendable {
    /// Default number of sample points.
    public static let defaultCount = 200
    /// Largest number of sample points.
    public static let maximumCount = 1_000_000

    /// The output directory (created if missing).
    public var directory: String
    /// Number of points drawn from model A, 1 ≤ count ≤ `maximumCount`.
    public var count: Int
    /// Seed of the points and of the Monte-Carlo divergences.
    public var seed: UInt64
    /// Monte-Carlo sample size of the divergences without a closed form, 1 ≤ samples ≤ `Divergence.maximumSamples`.
    public var samples: Int

    /// The times evaluated for each schedule (inside each schedule's range).
    public static let times: [(NoiseSchedule, [Double])] = [
        (.ve, [0.01, 0.5, 2]), (.vp, [0.01, 0.5, 1]), (.ou, [0.01, 0.5, 2]), (.cosine, [0.01, 0.5, 0.9]),
    ]

    public init(directory: String, count: Int = defaultCount, seed: UInt64 = 0, samples: Int = Divergence.defaultSamples) {
        self.directory = directory
        self.count = count
        self.seed = seed
        self.samples = samples
    }

    /// Throws unless the settings are valid.
    /// - Throws: `InputError` naming `--count`, `--samples` or `--out` (a path that exists and is not a
    ///   directory) with the value.
    public func validate() throws {
        guard count >= 1, count <= Self.maximumCount else {
            throw InputError(source: "--count", field: "", reason: "\(count) must be between 1 and \(Self.maximumCount)")
        }
        guard samples >= 1, samples <= Divergence.maximumSamples else {
            throw InputError(source: "--samples", field: "", reason: "\(samples) must be between 1 and \(Divergence.maximumSamples)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(source: "--out", field: "", reason: "'\(directory)' exists and is not a directory")
        }
    }

    /// Writes every file; `log` receives one line per file or group of files written.
    /// - Throws: `InputError` naming `--out` when a directory cannot be created; the library's errors.
    public func run(log: (String) -> Void = { _ in }) throws {
        try validate()
        let root = URL(fileURLWithPath: directory)
        func path(_ name: String) -> String { directory.hasSuffix("/") ? directory + name : directory + "/" + name }
        func makeDirectory(_ url: URL) throws {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw InputError(source: "--out", field: "", reason: "cannot create directory '\(url.path)' (\((error as NSError).localizedDescription))")
            }
        }
        try makeDirectory(root)

        let a = try ExampleModels.mixture()
        let b = try ExampleModels.momentMatch(of: a)
        try ModelFile.write(a, to: path("model-a.json"))
        try ModelFile.write(b, to: path("model-b.json"))
        log("demo: wrote \(path("model-a.json")) (\(a.count) components, dimension \(a.dimension)) and \(path("model-b.json")) (its moment-matched Gaussian)")

        let points = a.sample(count: count, stream: RandomStream(seed: seed))
        try AtomicFileWriter.write(PointsFile.render(points), to: path("points.csv"))
        log("demo: wrote \(path("points.csv")) (\(count) points drawn from model A, seed \(seed))")

        for (schedule, times) in Self.times {
            try makeDirectory(root.appendingPathComponent(schedule.rawValue))
            let model = ExactMixtureScore(data: a, schedule: schedule)
            for t in times {
                try AtomicFileWriter.write(PointsFile.render(try model.score(points, time: t)), to: path(Self.file(schedule, "score", t)))
                try AtomicFileWriter.write(PointsFile.render(try model.logDensity(points, time: t)), to: path(Self.file(schedule, "logpdf", t)))
                try AtomicFileWriter.write(PointsFile.render(try model.denoise(points, time: t)), to: path(Self.file(schedule, "denoise", t)))
            }
            log("demo: wrote \(path(schedule.rawValue))/{score,logpdf,denoise}-t*.csv at t = \(times.map { "\($0)" }.joined(separator: ", "))")
        }

        var estimates: [JSONValue] = []
        var rows: [String] = []
        for metric in DivergenceMetric.allCases {
            for (fromName, p, toName, q) in [("A", a, "B", b), ("B", b, "A", a)] {
                let estimate = try Divergence.evaluate(metric, from: p, to: q, samples: samples, seed: seed)
                estimates.append(DivergenceJSON.object(estimate, leading: [("from", .string("model-\(fromName.lowercased()).json")),
                                                                            ("to", .string("model-\(toName.lowercased()).json"))]))
                let summary = "\(metric.rawValue)(\(fromName), \(toName)) = \(describeNumber(estimate.value))"
                    + (estimate.method == .monteCarlo ? " ± \(describeNumber(estimate.standardError))" : "")
                    + " (\(estimate.method.rawValue))"
                log("demo: \(summary)")
                rows.append("| \(metric.rawValue) | \(fromName) → \(toName) | \(describeNumber(estimate.value)) | \(estimate.method.rawValue) | \(describeNumber(estimate.standardError)) | \(estimate.note ?? "") |")
            }
        }
        try AtomicFileWriter.write(JSONValue.array(estimates).printed(indent: 2, expandedLevels: 1) + "\n", to: path("divergences.json"))
        log("demo: wrote \(path("divergences.json"))")

        try AtomicFileWriter.write(index(divergenceRows: rows), to: path("index.md"))
        log("demo: wrote \(path("index.md")) — start there")
    }

    /// `<schedule>/<kind>-t<time>.csv`.
    static func file(_ schedule: NoiseSchedule, _ kind: String, _ t: Double) -> String {
        "\(schedule.rawValue)/\(kind)-t\(t).csv"
    }

    /// The index: what each file is and the command that regenerates it.
    func index(divergenceRows: [String]) -> String {
        let example = Self.times[0]
        return """
            # ClosedForm demo

            Written by `closedform demo --out \(directory) --count \(count) --seed \(seed) --samples \(samples)` (seed \(seed), closedform \(RunProvenance.toolVersion)).
            Every number can be regenerated with the `closedform` commands shown below (run them in this
            directory). Numbers in CSV files: one row per point, no header, shortest round-trip form.

            | file | what it is | regenerate with |
            |---|---|---|
            | `model-a.json` | model A: 3-component Gaussian mixture on ℝ³ — a full correlated N(0, Σ) (weight 0.5), a plane around (3,0,0) and a line around (0,0,3), low-rank with noise floor 0.01 | built in |
            | `model-b.json` | model B: the single Gaussian with A's mean and covariance | built in |
            | `points.csv` | \(count) points drawn from A | `closedform sample --model model-a.json --count \(count) --seed \(seed)` |
            | `<schedule>/score-t<T>.csv` | ∇ log p_t at each point of `points.csv`, p_t = A noised to time T (docs/theory.md §0) | `closedform score --model model-a.json --schedule \(example.0.rawValue) --time \(example.1[1]) --points points.csv` |
            | `<schedule>/logpdf-t<T>.csv` | log p_t at each point, one value per line | `closedform logpdf …` (same options) |
            | `<schedule>/denoise-t<T>.csv` | E[x₀ \\| x_t] at each point, by Tweedie's formula | `closedform denoise …` (same options) |
            | `divergences.json` | KL, χ², W₂, H² between A and B in both directions, one JSON object per line with `from` and `to` added | `closedform divergence --metric kl --from model-a.json --to model-b.json --samples \(samples) --seed \(seed)` |
            | `index.md` | this file | |

            Schedules and times: \(Self.times.map { "`\($0.0.rawValue)` at t = \($0.1.map { "\($0)" }.joined(separator: ", "))" }.joined(separator: "; ")).
            `ve`: s = 1, σ = t; `vp`: DDPM linear β ∈ [0.1, 20] on [0, 1]; `ou`: s = e^{−t/2}, σ = √(eᵗ − 1);
            `cosine`: Nichol–Dhariwal with offset 0.008. Data at time t: x_t = s·x₀ + s·σ·ε.

            ## Divergences

            | metric | from → to | value | method | standard error | note |
            |---|---|---|---|---|---|
            \(divergenceRows.joined(separator: "\n"))

            A non-finite value is written `∞`, `−∞` or `NaN` here, `inf`, `-inf` or `nan` in CSV files and
            `"Infinity"`, `"-Infinity"` or `"NaN"` (strings) in JSON.

            """
    }
}
