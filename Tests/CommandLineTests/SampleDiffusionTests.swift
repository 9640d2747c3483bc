import ClosedForm
import Foundation
import Testing

@Suite("closedform sample-diffusion")
struct SampleDiffusionTests {
    /// Parses the CSV output of a run.
    static func points(_ run: Tool.Run) throws -> Matrix {
        try PointsFile.parse(run.standardOutput, source: "stdout")
    }

    @Test("Prints count rows of n values in shortest round-trip form; the same seed gives the same bytes")
    func csvAndSeed() throws {
        let fixture = try Fixture()
        let arguments = ["sample-diffusion", "--model", "model.json", "--sampler", "heun-edm", "--schedule", "ve", "--count", "25", "--seed", "3"]
        let first = try fixture.run(arguments), second = try fixture.run(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        let points = try Self.points(first)
        #expect(points.rows == 25 && points.columns == 3 && points.isFinite)
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardOutput == PointsFile.render(points), "the shortest round-trip form reads back exactly")
    }

    @Test("The empirical score with Heun EDM returns training points (memorisation [D]); kde and empirical share the seed's noise")
    func empiricalMemorises() throws {
        let fixture = try Fixture()
        // Five training points at mutual distance ≥ 1: the last step to σ = 0 lands on one of them (see
        // `EmpiricalDenoiserTests`), so every output row equals a training row to rounding.
        try fixture.write("train.csv", "0,0,0\n1,0,0\n0,2,0\n0,0,3\n-1,-1,-1\n")
        let run = try fixture.run(["sample-diffusion", "--training", "train.csv", "--score", "empirical", "--sampler", "heun-edm",
                                   "--schedule", "ve", "--count", "40", "--seed", "5", "--output", "out.csv"])
        #expect(run.status == 0 && run.standardOutput.isEmpty, "\(run.standardError)")
        let output = try PointsFile.read(path: fixture.path("out.csv"))
        let training = try PointsFile.read(path: fixture.path("train.csv"))
        for i in 0..<output.rows {
            let distance = (0..<training.rows).map { (output.row(i) - training.row($0)).euclideanNorm }.min()!
            #expect(distance <= 1e-12, "row \(i) is \(distance) from the training set")
        }
    }

    @Test("--summary prints a Markdown table whose sample means lie within 5 SE of the exact law at t₀ (Heun, 50 steps)")
    func summary() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["sample-diffusion", "--model", "other.json", "--sampler", "heun-edm", "--schedule", "vp",
                                   "--steps", "50", "--count", "4000", "--seed", "9", "--summary"])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = run.standardOutput.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| coordinate") && !$0.hasPrefix("| ---") }
        #expect(rows.count == 3, "\(run.standardOutput)")
        for row in rows {
            let cells = row.split(separator: "|").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            let (mean, se, exact) = (try #require(cells[1]), try #require(cells[2]), try #require(cells[3]))
            // The vp prior N(0, (1 − s(T)²)I) misses s(T)·mean ≈ 0.0066·0.5, and Heun's 50-step bias is below
            // 10⁻³ (`SamplerAffineLawTests`): both are under one SE ≈ 0.02.
            #expect(abs(mean - exact) <= 5 * se + 0.005, "\(row)")
        }
    }

    @Test("--summary --format json is the same table as JSON, with the exact law's columns; the samples still go to --output")
    func summaryJSON() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["sample-diffusion", "--model", "other.json", "--sampler", "ddim", "--schedule", "vp",
                                   "--steps", "20", "--count", "50", "--seed", "2", "--summary", "--format", "json", "--output", "s.csv"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 3 && rows.allSatisfy { $0["exact variance"] is NSNumber }, "\(run.standardOutput)")
        #expect(try String(contentsOfFile: fixture.path("s.csv"), encoding: .utf8).split(separator: "\n").count == 50)
    }

    @Test("Bad input exits 2 with one line naming the option and value, and writes nothing",
          arguments: [
            (["--model", "model.json", "--sampler", "ddpm", "--schedule", "ve"], "--schedule"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "vp", "--steps", "0"], "--steps: 0"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "ou", "--t-start", "1", "--t-end", "2"], "--t-end: 2.0"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "vp", "--t-start", "1.5"], "--t-start"),
            (["--model", "model.json", "--sampler", "rk4", "--schedule", "vp"], "rk4"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "xp"], "xp"),
            (["--model", "model.json", "--sampler", "heun-edm", "--schedule", "vp", "--sigma-max", "500"], "--sigma-max"),
            (["--model", "model.json", "--sampler", "heun-edm", "--schedule", "ve", "--sigma-min", "-1"], "--sigma-min"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "ve", "--rho", "3"], "--sigma-max"),
            (["--score", "empirical", "--sampler", "ddim", "--schedule", "ve"], "--training"),
            (["--score", "kde", "--training", "points.csv", "--bandwidth", "0", "--sampler", "ddim", "--schedule", "ve"], "--bandwidth"),
            (["--sampler", "ddim", "--schedule", "ve"], "--model"),
            (["--model", "missing.json", "--sampler", "ddim", "--schedule", "ve"], "missing.json"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "ve", "--format", "json"], "--format: 'json' applies to the --summary"),
            (["--model", "model.json", "--sampler", "ddim", "--schedule", "ve", "--summary", "--format", "xml"], "--format"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        let fixture = try Fixture()
        let before = try fixture.listing()
        let run = try fixture.run(["sample-diffusion"] + arguments + ["--count", "5", "--seed", "1", "--output", "out.csv"])
        #expect(run.status == 2, "\(arguments): status \(run.status), \(run.standardError)")
        #expect(run.errorLines.count == 1 && run.errorLines[0].hasPrefix("error: "), "\(run.standardError)")
        #expect(run.standardError.contains(mention), "\(run.standardError)")
        #expect(try fixture.listing() == before, "no output file on bad input")
    }

    @Test("--help shows the examples")
    func help() throws {
        let run = try Fixture().run(["sample-diffusion", "--help"])
        #expect(run.status == 0 && run.standardOutput.contains("closedform sample-diffusion --model model.json"))
    }
}
