@testable import closedform
import ClosedForm
import Foundation
import Testing

/// `closedform divergence` prints exactly one JSON object with the contract's keys.
@Suite("closedform: divergence JSON")
struct DivergenceCommandTests {
    static let required: Set<String> = ["metric", "value", "method", "standardError"]
    static let optional: Set<String> = ["samples", "note", "lowerBound", "upperBound", "paretoK", "effectiveSampleSize", "reliable"]
    static let nonFinite: Set<String> = ["Infinity", "-Infinity", "NaN"]

    @Test("prints one JSON object: metric, value, method, standardError (+ samples, note, bounds)",
          arguments: ["kl", "chi2", "w2", "hellinger2"], [("model.json", "other.json"), ("other.json", "model.json"), ("model.json", "model.json")])
    func json(metric: String, models: (String, String)) throws {
        let fixture = try Fixture()
        let run = try fixture.run(["divergence", "--metric", metric, "--from", models.0, "--to", models.1,
                                   "--samples", "2000", "--seed", "5"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(run.standardOutput)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8))
        let object = try #require(parsed as? [String: Any], "not a JSON object: \(run.standardOutput)")
        let keys = Set(object.keys)
        #expect(DivergenceCommandTests.required.isSubset(of: keys), "missing keys in \(run.standardOutput)")
        #expect(keys.isSubset(of: DivergenceCommandTests.required.union(DivergenceCommandTests.optional)), "unexpected keys in \(run.standardOutput)")
        #expect(object["metric"] as? String == metric)
        let method = try #require(object["method"] as? String)
        #expect(method == "closed-form" || method == "monte-carlo")
        for key in ["value", "standardError", "lowerBound", "upperBound"] where object[key] != nil {
            let value = object[key]!
            if let text = value as? String {
                #expect(DivergenceCommandTests.nonFinite.contains(text), "\(key) = \(text)")
            } else {
                #expect(value is NSNumber, "\(key) must be a number or a non-finite string")
            }
        }
        if method == "monte-carlo" {
            let samples = (object["samples"] as? NSNumber)?.intValue ?? 0
            #expect(samples > 0, "a Monte-Carlo result reports its sample size")
        }
        if let note = object["note"] { #expect(note is String) }
    }

    @Test("the same seed gives the same output")
    func reproducible() throws {
        let fixture = try Fixture()
        let arguments = ["divergence", "--metric", "kl", "--from", "model.json", "--to", "other.json", "--samples", "3000", "--seed", "9"]
        #expect(try fixture.run(arguments).standardOutput == fixture.run(arguments).standardOutput)
    }
}

/// `closedform divergence --metric score-energy` (`ScoreErrorEnergy`): one JSON object per call.
@Suite("closedform: divergence --metric score-energy")
struct ScoreEnergyCommandTests {
    static func object(_ run: Tool.Run) throws -> [String: Any] {
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
        #expect(run.standardOutput.split(separator: "\n").count == 1, "one line: \(run.standardOutput)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    @Test("B.prop3.1.kl-upper: ou, N(0, 2) against N(0, 1), t₀ = 0, T = 40: learned ½ε̂² = 0.153426 = KL, ideal ½ε*² = 0.096574, closed form")
    func gaussianPair() throws {
        let fixture = try Fixture()
        try fixture.write("wide.json", #"{"dimension": 1, "components": [{"weight": 1, "covariance": [[2]]}]}"#)
        try fixture.write("unit.json", #"{"dimension": 1, "components": [{"weight": 1, "covariance": [[1]]}]}"#)
        var values: [String: Double] = [:]
        for path in ["learned", "ideal"] {
            let object = try Self.object(try fixture.run(["divergence", "--metric", "score-energy", "--path", path, "--schedule", "ou",
                                                          "--t0", "0", "--T", "40", "--from", "wide.json", "--to", "unit.json"]))
            #expect(object["metric"] as? String == "score-energy" && object["method"] as? String == "closed-form")
            #expect(object["path"] as? String == path && object["schedule"] as? String == "ou")
            #expect((object["standardError"] as? NSNumber)?.doubleValue == 0 && (object["samples"] as? NSNumber)?.intValue == 0)
            #expect((object["timeNodes"] as? NSNumber)?.intValue == 64)
            values[path] = try #require((object["value"] as? NSNumber)?.doubleValue)
        }
        // Tolerance 1e-6, the issue's; the 64-node rule on [0, 40] errs by about (1 + π/20)^{−128} ≈ 1e-8.
        #expect(abs(0.5 * values["learned"]! - 0.5 * (1 - log(2.0))) <= 1e-6, "½ε̂² = \(0.5 * values["learned"]!)")
        #expect(abs(0.5 * values["ideal"]! - 0.5 * (log(2.0) - 0.5)) <= 1e-6, "½ε*² = \(0.5 * values["ideal"]!)")
        let kl = try Self.object(try fixture.run(["divergence", "--metric", "kl", "--from", "wide.json", "--to", "unit.json"]))
        #expect(abs(0.5 * values["learned"]! - (kl["value"] as! NSNumber).doubleValue) <= 1e-6)
    }

    @Test("score-energy of mixtures is Monte Carlo with samples per node and a standard error; the same seed gives the same output")
    func mixtures() throws {
        let fixture = try Fixture()
        let arguments = ["divergence", "--metric", "score-energy", "--path", "learned", "--t0", "0.02", "--T", "4", "--from", "model.json",
                         "--to", "other.json", "--samples", "200", "--time-nodes", "6", "--seed", "3"]
        let run = try fixture.run(arguments)
        let object = try Self.object(run)
        #expect(object["method"] as? String == "monte-carlo" && (object["samples"] as? NSNumber)?.intValue == 200)
        #expect(((object["standardError"] as? NSNumber)?.doubleValue ?? 0) > 0 && ((object["value"] as? NSNumber)?.doubleValue ?? 0) > 0)
        #expect(try fixture.run(arguments).standardOutput == run.standardOutput)
    }

    @Test("score-energy: a missing or unknown --path, a missing --t0 or --T, T ≤ t₀, and --path with another metric exit 2 with one line",
          arguments: [
            (["--metric", "score-energy", "--t0", "0", "--T", "1"], "--path: missing"),
            (["--metric", "score-energy", "--path", "both", "--t0", "0", "--T", "1"], "'both' is invalid for '--path <path>'"),
            (["--metric", "score-energy", "--path", "ideal", "--T", "1"], "--t0: missing"),
            (["--metric", "score-energy", "--path", "ideal", "--t0", "0"], "--T: missing"),
            (["--metric", "score-energy", "--path", "ideal", "--t0", "2", "--T", "1"], "--T: 1 must exceed t₀ = 2"),
            (["--metric", "score-energy", "--path", "ideal", "--t0", "0", "--T", "2", "--schedule", "vp"], "--T"),
            (["--metric", "kl", "--path", "ideal"], "--path: given with --metric kl"),
            (["--metric", "tv"], "score-energy"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        try Fixture().expectBadInput(["divergence"] + arguments + ["--from", "model.json", "--to", "other.json"], mentioning: mention)
    }
}

/// `closedform divergence --metric observability` (`Observability`) and the tail diagnostics of importance-sampled χ².
@Suite("closedform: divergence --metric observability, χ² diagnostics")
struct ObservabilityCommandTests {
    @Test("observability of a mean shift under ou is 1 − e^{−(T−t₀)} in closed form; of mixtures, Monte Carlo with a standard error")
    func observability() throws {
        let fixture = try Fixture()
        try fixture.write("shift.json", #"{"dimension": 1, "components": [{"weight": 1, "mean": [0.7], "covariance": [[1]]}]}"#)
        try fixture.write("unit.json", #"{"dimension": 1, "components": [{"weight": 1, "covariance": [[1]]}]}"#)
        let exact = try ScoreEnergyCommandTests.object(try fixture.run(["divergence", "--metric", "observability", "--schedule", "ou",
                                                                      "--t0", "0.02", "--T", "4", "--from", "shift.json", "--to", "unit.json"]))
        #expect(exact["metric"] as? String == "observability" && exact["method"] as? String == "closed-form")
        // 1e-12: the Gauss–Legendre rule is exact to rounding on this entire integrand.
        #expect(abs((exact["value"] as! NSNumber).doubleValue - (1 - exp(-3.98))) < 1e-12, "\(exact)")
        let arguments = ["divergence", "--metric", "observability", "--t0", "0.02", "--T", "4", "--from", "model.json",
                         "--to", "other.json", "--samples", "300", "--seed", "2"]
        let run = try fixture.run(arguments)
        let mixture = try ScoreEnergyCommandTests.object(run)
        #expect(mixture["method"] as? String == "monte-carlo" && (mixture["samples"] as? NSNumber)?.intValue == 300)
        #expect(((mixture["standardError"] as? NSNumber)?.doubleValue ?? 0) > 0)
        #expect(try fixture.run(arguments).standardOutput == run.standardOutput)
    }

    @Test("observability: --path, a missing --t0 or --T, and P = Q (ε*² = 0) exit 2 with one line",
          arguments: [
            (["--metric", "observability", "--path", "ideal", "--t0", "0", "--T", "1", "--to", "other.json"], "--path: given with --metric observability"),
            (["--metric", "observability", "--T", "1", "--to", "other.json"], "--t0: missing"),
            (["--metric", "observability", "--t0", "0", "--to", "other.json"], "--T: missing"),
            (["--metric", "observability", "--t0", "0.02", "--T", "1", "--to", "model.json"], "ε*² = 0"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        try Fixture().expectBadInput(["divergence"] + arguments + ["--from", "model.json"], mentioning: mention)
    }

    @Test("importance-sampled χ² to a mixture prints paretoK, effectiveSampleSize and reliable (the issue's near-boundary case)")
    func chiSquaredDiagnostics() throws {
        let fixture = try Fixture()
        try fixture.write("p.json", #"{"dimension": 1, "components": [{"weight": 1, "mean": [0.5], "covariance": [[1.98]]}]}"#)
        try fixture.write("q.json", #"{"dimension": 1, "components": [{"weight": 0.5, "mean": [-1], "covariance": [[1]]}, {"weight": 0.5, "mean": [1], "covariance": [[1]]}]}"#)
        let object = try ScoreEnergyCommandTests.object(try fixture.run(["divergence", "--metric", "chi2", "--from", "p.json",
                                                                       "--to", "q.json", "--samples", "5000"]))
        #expect(object["paretoK"] is NSNumber && object["effectiveSampleSize"] is NSNumber && object["reliable"] as? Bool == true, "\(object)")
    }
}

/// Non-finite values and escaping in the JSON the tool prints.
@Suite("closedform: JSON for non-finite values")
struct NonFiniteJSONTests {
    @Test("χ²(N(0, 3I) ‖ N(0, I)) = +∞ (a ≥ 2b, docs/theory.md §4) prints \"value\": \"Infinity\" with a note, and stays valid JSON")
    func infiniteChiSquared() throws {
        let fixture = try Fixture()
        try fixture.write("wide.json", #"{"dimension": 2, "components": [{"weight": 1, "covariance": [[3,0],[0,3]]}]}"#)
        try fixture.write("unit.json", #"{"dimension": 2, "components": [{"weight": 1, "covariance": [[1,0],[0,1]]}]}"#)
        let run = try fixture.run(["divergence", "--metric", "chi2", "--from", "wide.json", "--to", "unit.json"])
        #expect(run.status == 0, "\(run.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["value"] as? String == "Infinity", "\(run.standardOutput)")
        #expect(object["note"] is String, "an infinite value comes with a note")
        #expect(Double("Infinity") == .infinity, "the string reads back as +∞")
    }

    @Test("DivergenceJSON: one line, keys in order, non-finite numbers as strings, notes escaped")
    func rendering() throws {
        let text = DivergenceJSON.object(DivergenceEstimate(metric: .w2, value: 2, method: .monteCarlo, standardError: 0.5,
                                                            samples: 10, note: "x \"y\"", lowerBound: 1, upperBound: .infinity))
            .printed(expandedLevels: 0)
        let object = try JSONValue.parse(Data(text.utf8))
        #expect(object["note"] == .string("x \"y\""))
        #expect(object["upperBound"] == .string("Infinity"))
        #expect(object["samples"] == .number(10))
        #expect(!text.contains("\n"))
        #expect(text.hasPrefix(#"{"metric": "w2", "value": 2, "method": "monte-carlo", "standardError": 0.5"#))
    }
}
