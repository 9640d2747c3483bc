import ClosedForm
import Foundation
import Testing

@Suite("closedform: reconstruct and reproducibility")
struct ReconstructAndReproducibilityTests {
    @Test("reconstruct prints the concentration table (one row per model, dynamics and t, plus the real data) with the claim keys in the caption")
    func reconstruct() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["reconstruct", "--training-size", "100", "--test-size", "100", "--times", "0.3,0.6",
                                   "--dynamics", "ode", "--steps", "10", "--seed", "2", "--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        let table = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect((table["rows"] as! [[String: Any]]).count == 1 + 4 * 2)
        #expect((table["caption"] as! String).contains("E.mode-concentration"))
    }

    @Test("reconstruct --table correlation prints measured correlations beside the closed forms")
    func correlation() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["reconstruct", "--table", "correlation", "--correlation-samples", "300", "--format", "csv"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.split(separator: "\n").count >= 8)
    }

    @Test("reproducibility prints RP and GL per training-set size and writes --output atomically")
    func reproducibility() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["reproducibility", "--dimension", "10", "--rank", "2", "--sizes", "2,30", "--samples", "40",
                                   "--format", "json", "--output", "rp.json"])
        #expect(run.status == 0, "\(run.standardError)")
        let table = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture.path("rp.json")))) as! [String: Any]
        let rows = table["rows"] as! [[String: Any]]
        #expect(rows.map { ($0["N"] as! NSNumber).intValue } == [2, 30])
        #expect((table["caption"] as! String).contains("D.metrics"))
    }

    @Test("reconstruct and reproducibility: bad input exits 2 with one line naming the option and value",
          arguments: [
            (["reconstruct", "--times", "0.2,abc"], "abc"),
            (["reconstruct", "--times", "1.5"], "--times"),
            (["reconstruct", "--dynamics", "ode,rk4"], "rk4"),
            (["reconstruct", "--bandwidth", "-1"], "--bandwidth"),
            (["reconstruct", "--format", "html"], "html"),
            (["reconstruct", "--table", "nope"], "nope"),
            (["reproducibility", "--threshold", "1.5"], "--threshold"),
            (["reproducibility", "--rank", "30"], "--rank"),
            (["reproducibility", "--sizes", "2,0"], "--sizes"),
            (["reproducibility", "--steps", "1"], "--steps"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        try Fixture().expectBadInput(arguments, mentioning: mention)
    }

    @Test("reconstruct and reproducibility --help show examples")
    func help() throws {
        let fixture = try Fixture()
        for command in ["reconstruct", "reproducibility"] {
            let run = try fixture.run([command, "--help"])
            #expect(run.status == 0 && run.standardOutput.contains("Examples:") && run.standardOutput.contains("closedform \(command)"))
        }
    }
}
