import ArgumentParser
import ClosedForm
import Foundation

/// `closedform demo`: the whole pipeline on built-in models, written to a directory with an index.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run every command on built-in example models and write the results, with an index.md, to a directory.",
        discussion: """
            Writes model-a.json (a 3-component mixture on ℝ³), model-b.json (its moment-matched Gaussian), \
            points.csv (a seeded sample of A), score/logpdf/denoise of A at three times for each schedule \
            (<schedule>/*.csv), divergences.json (KL, χ², W₂ between A and B both ways) and index.md, \
            which explains each file and gives the command that regenerates it. Every file is written \
            atomically.

            Example:
              closedform demo --out out
            """
    )

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of sample points.", valueName: "N"))
    var count: Int = 200

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of the sample and of Monte-Carlo divergences.", valueName: "S"))
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Monte-Carlo sample size for divergences without a closed form.", valueName: "N"))
    var samples: Int = Divergence.defaultSamples

    /// The times evaluated for each schedule (inside each schedule's range).
    static let times: [(NoiseSchedule, [Double])] = [
        (.ve, [0.01, 0.5, 2]), (.vp, [0.01, 0.5, 1]), (.ou, [0.01, 0.5, 2]), (.cosine, [0.01, 0.5, 0.9]),
    ]

    func validate() throws {
        guard count >= 1, count <= 1_000_000 else {
            throw InputError(source: "--count", field: "", reason: "\(count) must be between 1 and 1000000")
        }
        guard samples >= 1, samples <= DivergenceCommand.maximumSamples else {
            throw InputError(source: "--samples", field: "", reason: "\(samples) must be between 1 and \(DivergenceCommand.maximumSamples)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError(source: "--out", field: "", reason: "'\(out)' exists and is not a directory")
        }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        func path(_ name: String) -> String { out.hasSuffix("/") ? out + name : out + "/" + name }
        func makeDirectory(_ url: URL) throws {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw InputError(source: "--out", field: "", reason: "cannot create directory '\(url.path)' (\((error as NSError).localizedDescription))")
            }
        }
        try makeDirectory(directory)

        let a = try ExampleModels.mixture()
        let b = try ExampleModels.momentMatch(of: a)
        try ModelFile.write(a, to: path("model-a.json"))
        try ModelFile.write(b, to: path("model-b.json"))
        print("demo: wrote \(path("model-a.json")) (\(a.count) components, dimension \(a.dimension)) and \(path("model-b.json")) (its moment-matched Gaussian)")

        let points = a.sample(count: count, stream: RandomStream(seed: seed))
        try AtomicFileWriter.write(PointsFile.render(points), to: path("points.csv"))
        print("demo: wrote \(path("points.csv")) (\(count) points drawn from model A, seed \(seed))")

        for (schedule, times) in DemoCommand.times {
            try makeDirectory(directory.appendingPathComponent(schedule.rawValue))
            let model = ExactMixtureScore(data: a, schedule: schedule)
            for t in times {
                try AtomicFileWriter.write(PointsFile.render(try model.score(points, time: t)), to: path(file(schedule, "score", t)))
                try AtomicFileWriter.write(PointsFile.render(try model.logDensity(points, time: t)), to: path(file(schedule, "logpdf", t)))
                try AtomicFileWriter.write(PointsFile.render(try model.denoise(points, time: t)), to: path(file(schedule, "denoise", t)))
            }
            print("demo: wrote \(path(schedule.rawValue))/{score,logpdf,denoise}-t*.csv at t = \(times.map { "\($0)" }.joined(separator: ", "))")
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
                print("demo: \(summary)")
                rows.append("| \(metric.rawValue) | \(fromName) → \(toName) | \(describeNumber(estimate.value)) | \(estimate.method.rawValue) | \(describeNumber(estimate.standardError)) | \(estimate.note ?? "") |")
            }
        }
        try AtomicFileWriter.write(JSONValue.array(estimates).printed(indent: 2, expandedLevels: 1) + "\n", to: path("divergences.json"))
        print("demo: wrote \(path("divergences.json"))")

        try AtomicFileWriter.write(index(divergenceRows: rows), to: path("index.md"))
        print("demo: wrote \(path("index.md")) — start there")
    }

    /// `<schedule>/<kind>-t<time>.csv`.
    func file(_ schedule: NoiseSchedule, _ kind: String, _ t: Double) -> String {
        "\(schedule.rawValue)/\(kind)-t\(t).csv"
    }

    /// The index: what each file is and the command that regenerates it.
    func index(divergenceRows: [String]) -> String {
        let example = DemoCommand.times[0]
        return """
            # ClosedForm demo

            Written by `closedform demo --out \(out) --count \(count) --seed \(seed) --samples \(samples)` (seed \(seed), closedform \(RunProvenance.toolVersion)).
            Every number can be regenerated with the `closedform` commands shown below (run them in this
            directory). Numbers in CSV files: one row per point, no header, shortest round-trip form.

            | file | what it is | regenerate with |
            |---|---|---|
            | `model-a.json` | model A: 3-component Gaussian mixture on ℝ³ — a full correlated N(0, Σ) (weight 0.5), a plane around (3,0,0) and a line around (0,0,3), low-rank with noise floor 0.01 | built in |
            | `model-b.json` | model B: the single Gaussian with A's mean and covariance | built in |
            | `points.csv` | \(count) points drawn from A | `closedform sample --model model-a.json --count \(count) --seed \(seed)` |
            | `<schedule>/score-t<T>.csv` | ∇ log p_t at each point of `points.csv`, p_t = A noised to time T (THEORY.md §0) | `closedform score --model model-a.json --schedule \(example.0.rawValue) --time \(example.1[1]) --points points.csv` |
            | `<schedule>/logpdf-t<T>.csv` | log p_t at each point, one value per line | `closedform logpdf …` (same options) |
            | `<schedule>/denoise-t<T>.csv` | E[x₀ \\| x_t] at each point, by Tweedie's formula | `closedform denoise …` (same options) |
            | `divergences.json` | KL, χ², W₂ between A and B in both directions, one JSON object per line with `from` and `to` added | `closedform divergence --metric kl --from model-a.json --to model-b.json --samples \(samples) --seed \(seed)` |
            | `index.md` | this file | |

            Schedules and times: \(DemoCommand.times.map { "`\($0.0.rawValue)` at t = \($0.1.map { "\($0)" }.joined(separator: ", "))" }.joined(separator: "; ")).
            `ve`: s = 1, σ = t; `vp`: DDPM linear β ∈ [0.1, 20] on [0, 1]; `ou`: s = e^{−t/2}, σ = √(eᵗ − 1);
            `cosine`: Nichol–Dhariwal with offset 0.008. Data at time t: x_t = s·x₀ + s·σ·ε.

            ## Divergences

            | metric | from → to | value | method | standard error | note |
            |---|---|---|---|---|---|
            \(divergenceRows.joined(separator: "\n"))

            A non-finite value is written `∞`, `−∞` or `NaN` here, `Infinity`, `-Infinity` or `NaN` in CSV files and
            `"Infinity"`, `"-Infinity"` or `"NaN"` (strings) in JSON.

            """
    }
}
