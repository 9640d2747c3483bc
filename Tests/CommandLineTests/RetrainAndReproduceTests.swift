import ClosedForm
import Foundation
import Testing

@Suite("closedform: retrain and reproduce")
struct RetrainAndReproduceTests {
    @Test("retrain prints the bound-versus-drift table: one row per generation, the setting in the caption, keys, constants and statuses in the notes")
    func retrainTable() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["retrain", "--target", "other.json", "--estimator", "gaussian-mle", "--lambda", "1",
                                   "--generations", "3", "--runs", "2", "--training-size", "100", "--seed", "4", "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let table = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        let rows = table["rows"] as! [[String: Any]]
        #expect(rows.count == 3)
        #expect(rows.map { ($0["i"] as! NSNumber).intValue } == [1, 2, 3])
        #expect(rows.allSatisfy { ($0["α"] as! NSNumber).doubleValue == 0.5 }, "λ = 1 is α = 1/2")
        let caption = table["caption"] as! String, notes = (table["notes"] as! [String]).joined(separator: " ")
        #expect(caption.contains("gaussian-mle") && caption.contains("seed 4"), "the caption says what, the setting and the seed")
        for key in ["B.recursion", "B.thm4.2.discounted-sum", "B.thm3.4.two-sided", "B.prop3.1.kl-upper", "η = 0.5", "C = 1.0"] {
            #expect(notes.contains(key), "notes lack \(key)")
        }
        // The uncertain constants and each bound's statuses are in the notes.
        for key in ["c = 1.0", "[B, Thm 3.4] upper: holds in"] {
            #expect(notes.contains(key), "notes lack \(key)")
        }
    }

    @Test("retrain and reproduce: bad input exits 2 with one line naming the option and value, and writes nothing",
          arguments: [
            (["retrain", "--target", "other.json", "--alpha", "0.5", "--lambda", "1", "--seed", "1"], "--alpha"),
            (["retrain", "--target", "other.json", "--alpha", "1.5", "--seed", "1"], "1.5"),
            (["retrain", "--target", "missing.json", "--alpha", "0.5", "--seed", "1"], "missing.json"),
            (["retrain", "--target", "other.json", "--alpha", "0.5", "--estimator", "mlp", "--seed", "1"], "mlp"),
            (["retrain", "--target", "other.json", "--alpha", "0.5", "--bandwidth", "-1", "--seed", "1"], "-1"),
            (["reproduce", "nope", "--out", "results"], "nope"),
            (["reproduce", "all", "--out", "results", "--scale", "huge"], "huge"),
            (["reproduce", "all", "--out", "results", "--format", "latex,docx"], "docx"),
            (["reproduce", "all", "--out", "results", "--format", "md,,csv"], "--format"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        try Fixture().expectBadInput(arguments, mentioning: mention)
    }

    @Test("reproduce retraining-regimes writes its table in four formats and an index naming the claims")
    func reproduceRegimes() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["reproduce", "retraining-regimes", "--out", "results"])
        #expect(run.status == 0, "\(run.standardError)")
        for suffix in ["md", "tex", "csv", "json"] {
            #expect(FileManager.default.fileExists(atPath: fixture.path("results/retraining-regimes/regimes.\(suffix)")))
        }
        let index = try String(contentsOfFile: fixture.path("results/index-retraining-regimes.md"), encoding: .utf8)
        #expect(index.contains("`B.plateau`") && index.contains("closedform reproduce retraining-regimes"))
    }
}
