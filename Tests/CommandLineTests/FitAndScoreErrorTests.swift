import Foundation
import Testing
import ClosedForm

/// `closedform fit` and `closedform score-error` end to end.
@Suite("fit and score-error commands")
struct FitAndScoreErrorTests {
    /// A fixture with 60 training samples of the fixture model in `train.csv` and 3 query points.
    static func fixture() throws -> Fixture {
        let fixture = try Fixture()
        let model = try ModelFile.parse(Data(Fixture.model.utf8))
        try fixture.write("train.csv", PointsFile.render(model.sample(count: 60, stream: RandomStream(seed: 3))))
        return fixture
    }

    @Test("fit writes a model file that logpdf reads back, with the estimator's log-density (gaussian, kde)",
          arguments: [["--estimator", "gaussian"], ["--estimator", "gaussian", "--unbiased"], ["--estimator", "kde", "--bandwidth", "0.4"]])
    func fitRoundTrip(arguments: [String]) throws {
        let fixture = try Self.fixture()
        let run = try fixture.run(["fit", "--samples", "train.csv", "--output", "fitted.json"] + arguments)
        #expect(run.status == 0 && run.standardOutput.isEmpty, "\(run.standardError)")
        let logpdf = try fixture.run(["logpdf", "--model", "fitted.json", "--schedule", "ou", "--time", "0.3", "--points", "points.csv"])
        #expect(logpdf.status == 0, "\(logpdf.standardError)")
        let printed = try PointsFile.parse(logpdf.standardOutput, source: "stdout").elements

        let training = try PointsFile.read(path: fixture.path("train.csv"))
        let points = try PointsFile.read(path: fixture.path("points.csv"))
        let expected: [Double]
        if arguments.contains("kde") {
            expected = try KernelDensityEstimate(bandwidth: 0.4).fit(training, schedule: .ou).logDensity(points, time: 0.3)
        } else {
            let convention: GaussianMaximumLikelihood.VarianceConvention = arguments.contains("--unbiased") ? .unbiased : .biased
            expected = try GaussianMaximumLikelihood(convention: convention).fit(training, schedule: .ou).logDensity(points, time: 0.3)
        }
        // The file holds the parameters in shortest round-trip form, so the law is read back exactly; the
        // two log-densities differ only by evaluation order (KDE kernel vs general mixture): 1e-12 relative.
        for (value, reference) in zip(printed, expected) {
            #expect(abs(value - reference) <= 1e-12 * max(1, abs(reference)), "\(arguments): \(value) vs \(reference)")
        }
        #expect(printed.count == Fixture.pointCount)
    }

    @Test("fit --estimator lowrank writes K basis components with weights N_k/N, noise ≥ 1e-12 and mean 0")
    func fitLowRank() throws {
        let fixture = try Self.fixture()
        let run = try fixture.run(["fit", "--estimator", "lowrank", "--subspaces", "2", "--dimension", "2", "--samples", "train.csv", "--seed", "4"])
        #expect(run.status == 0, "\(run.standardError)")
        let law = try ModelFile.parse(Data(run.standardOutput.utf8))
        #expect(law.dimension == 3 && (1...2).contains(law.count))
        // π_k = N_k/N with N = 60: every weight times 60 is a whole number (to rounding).
        #expect(law.weights.allSatisfy { abs($0 * 60 - ($0 * 60).rounded()) < 1e-9 }, "\(law.weights)")
        for component in law.components {
            guard case .lowRank(let basis, let variances, let noise) = component.form else {
                Issue.record("component is not low-rank")
                continue
            }
            #expect(basis.columns == 2 && variances.allSatisfy { $0 >= 1e-12 } && noise >= 1e-12)
            #expect(component.mean == [0, 0, 0])
        }
    }

    @Test("fit --estimator mlp writes a network file that FittedMLPScore.load reads back with the same scores; score-error accepts it")
    func fitMLP() throws {
        let fixture = try Self.fixture()
        let run = try fixture.run(["fit", "--estimator", "mlp", "--steps", "20", "--width", "8", "--layers", "2", "--seed", "3",
                                   "--schedule", "vp", "--samples", "train.csv", "--output", "mlp.json"])
        #expect(run.status == 0, "\(run.standardError)")
        let loaded = try FittedMLPScore.load(from: fixture.path("mlp.json"))
        #expect(loaded.schedule == .vp && loaded.architecture.width == 8 && loaded.architecture.hiddenLayers == 2)
        // Same seed and settings, same bits: the library's own training reproduces the written network.
        let training = try PointsFile.read(path: fixture.path("train.csv"))
        let direct = try MLPScoreEstimator(architecture: try MLPArchitecture(dimension: 3, hiddenLayers: 2, width: 8),
                                           training: MLPTrainingSettings(steps: 20, seed: 3)).fit(training, schedule: .vp)
        #expect(loaded == direct)
        let error = try fixture.run(["score-error", "--model", "model.json", "--estimator", "mlp", "--steps", "20", "--width", "8",
                                     "--samples", "train.csv", "--schedule", "vp", "--times", "0.1,0.5", "--t-max", "1",
                                     "--samples-per-time", "50", "--time-nodes", "4", "--format", "csv"])
        #expect(error.status == 0 && error.standardOutput.split(separator: "\n").count >= 4, "\(error.standardError)")
        // sample-diffusion drives a sampler with the saved network; a schedule other than the training one is refused.
        let samples = try fixture.run(["sample-diffusion", "--score", "mlp", "--network", "mlp.json", "--sampler", "ddim",
                                       "--schedule", "vp", "--steps", "10", "--count", "7", "--seed", "1"])
        #expect(samples.status == 0 && samples.standardOutput.split(separator: "\n").count == 7, "\(samples.standardError)")
        let wrong = try fixture.run(["sample-diffusion", "--score", "mlp", "--network", "mlp.json", "--sampler", "ddim",
                                     "--schedule", "ve", "--count", "7", "--seed", "1"])
        #expect(wrong.status == 2 && wrong.errorLines.count == 1 && wrong.standardError.contains("--schedule"), "\(wrong.standardError)")
    }

    @Test("score-error prints one row per time plus the ε*² (ideal path) and ε̂² (learned path) rows, in every format")
    func scoreErrorTable() throws {
        let fixture = try Self.fixture()
        let common = ["score-error", "--model", "model.json", "--estimator", "kde", "--bandwidth", "0.3", "--samples", "train.csv",
                      "--times", "0.05,0.5,2", "--samples-per-time", "200", "--time-nodes", "8", "--seed", "2"]
        let markdown = try fixture.run(common)
        #expect(markdown.status == 0, "\(markdown.standardError)")
        #expect(markdown.standardOutput.contains("| 0.05 |") && markdown.standardOutput.contains("ε*² (ideal path) on [0.02, 4.0]")
                && markdown.standardOutput.contains("ε̂² (learned path) on [0.02, 4.0]"), "\(markdown.standardOutput)")
        // The KDE has a law, so ε̂² is measured: its row ends in a number, not "—".
        let learnedRow = try #require(markdown.standardOutput.split(separator: "\n").first { $0.contains("ε̂² (learned path)") })
        #expect(!learnedRow.hasSuffix("| — |"), "\(learnedRow)")
        let json = try fixture.run(common + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 5, "\(json.standardOutput)")
        let csv = try fixture.run(common + ["--format", "csv"])
        #expect(csv.status == 0 && csv.standardOutput.split(separator: "\n").count >= 6)
        let latex = try fixture.run(common + ["--format", "latex"])
        #expect(latex.status == 0 && latex.standardOutput.contains("\\begin{table}"), "\(latex.standardOutput)")
        // Same seed, same bits; --training-size draws its own training set.
        #expect(try fixture.run(common).standardOutput == markdown.standardOutput)
        let drawn = try fixture.run(["score-error", "--model", "model.json", "--estimator", "gaussian", "--training-size", "50",
                                     "--times", "1", "--samples-per-time", "100", "--time-nodes", "4"])
        #expect(drawn.status == 0 && drawn.standardOutput.contains("N = 50"), "\(drawn.standardOutput) \(drawn.standardError)")
    }

    @Test("Bad input exits 2 with one line naming the file or option and the value, and writes nothing",
          arguments: [
            (["fit", "--estimator", "empirical", "--samples", "train.csv"], "--estimator kde --bandwidth"),
            (["fit", "--estimator", "mixture", "--samples", "train.csv"], "'mixture'"),
            (["fit", "--estimator", "kde", "--samples", "train.csv"], "--bandwidth: missing"),
            (["fit", "--estimator", "kde", "--bandwidth", "-1", "--samples", "train.csv"], "--bandwidth: -1 must be"),
            (["fit", "--estimator", "gaussian", "--bandwidth", "1", "--samples", "train.csv"], "--bandwidth: applies only"),
            (["fit", "--estimator", "kde", "--bandwidth", "1", "--steps", "5", "--samples", "train.csv"], "--steps: applies only to --estimator mlp"),
            (["fit", "--estimator", "mlp", "--layers", "9", "--samples", "train.csv"], "--layers"),
            (["fit", "--estimator", "mlp", "--width", "0", "--samples", "train.csv"], "--width: 0"),
            (["fit", "--estimator", "lowrank", "--subspaces", "2", "--samples", "train.csv"], "--dimension: missing"),
            (["fit", "--estimator", "lowrank", "--subspaces", "2", "--dimension", "5", "--samples", "train.csv"], "--dimension: 5"),
            (["fit", "--estimator", "gaussian", "--samples", "missing.csv"], "missing.csv"),
            (["fit", "--estimator", "gaussian", "--samples", "two.csv"], "two.csv: samples: 2 rows for dimension 2; need at least 3"),
            (["fit", "--estimator", "gaussian", "--samples", "train.csv", "--output", "nodir/out.json"], "--output"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian"], "--samples"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian", "--training-size", "50", "--times", "1,x"], "'x'"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian", "--training-size", "50", "--times=-1"], "--times: -1.0"),
            (["score-error", "--model", "model.json", "--estimator", "empirical", "--training-size", "50", "--times", "0"], "--times"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian", "--training-size", "50", "--t-min", "5"], "--t-max"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian", "--training-size", "50", "--schedule", "xp"], "xp"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian", "--samples", "two.csv"], "two.csv: row 1"),
            (["score-error", "--model", "model.json", "--estimator", "gaussian", "--training-size", "50", "--samples-per-time", "1"], "--samples-per-time: 1"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        let fixture = try Self.fixture()
        try fixture.write("two.csv", "1,2\n3,4\n")
        try fixture.expectBadInput(arguments + (arguments.contains("--output") ? [] : ["--output", "out.txt"]), mentioning: mention)
    }
}
