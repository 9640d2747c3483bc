import ClosedForm
import Foundation
import Testing

/// `closedform check`.
@Suite("closedform: check")
struct CheckCommandTests {
    @Test("core.check: check all --trials 5 prints a Markdown table with a row for every key and no false variant")
    func checkAll() throws {
        let run = try Fixture().run(["check", "all", "--trials", "5"])
        #expect(run.status == 0, "\(run.standardError)")
        for check in ClaimCheckRegistry.all {
            #expect(run.standardOutput.contains("| \(check.key) |"), "no row for \(check.key)")
        }
        #expect(!run.standardOutput.contains("false-factor-4") && !run.standardOutput.contains("false-ideal-path"))
        // Only the known findings fail: [C]'s rates hold in probability, not for every draw (proofs/C.thm2.recovery-upper.md).
        let failing = run.standardOutput.split(separator: "\n").filter { $0.contains("| FAILS |") }
        #expect(failing.allSatisfy { $0.hasPrefix("| C.thm2.recovery-") }, "\(failing)")
        #expect(run.standardOutput.contains("not checkable"))
    }

    @Test("core.check: check B.prop3.1.kl-upper.false-ideal-path FAILS at dimension=1; the true claim holds with a complete bound command")
    func idealPathTwin() throws {
        let fixture = try Fixture()
        let twin = try fixture.run(["check", "B.prop3.1.kl-upper.false-ideal-path", "--trials", "50", "--format", "csv"])
        #expect(twin.status == 0, "\(twin.standardError)")
        #expect(twin.standardOutput.contains(",FAILS,") && twin.standardOutput.contains("dimension=1 "), "\(twin.standardOutput)")
        let claim = try fixture.run(["check", "B.prop3.1.kl-upper", "--trials", "50", "--format", "csv"])
        #expect(claim.status == 0 && claim.standardOutput.contains(",holds,"), "\(claim.standardOutput)")
        // ε̂² and the terminal KL are computed, not drawn: the printed bound command carries them.
        #expect(claim.standardOutput.contains("closedform bound B.prop3.1.kl-upper --epsilon-hat-squared ")
                && claim.standardOutput.contains("--terminal-kl ") && claim.standardOutput.contains("--convention 0.5"), "\(claim.standardOutput)")
    }

    @Test("core.check: check of the false variant --format json reports FAILS with the shrunk case and a replay command")
    func falseVariantJSON() throws {
        let fixture = try Fixture()
        let key = "B.prop3.3.chi2-lower.false-factor-4"
        let run = try fixture.run(["check", key, "--trials", "20", "--seed", "2", "--format", "json", "--output", "table.json"])
        #expect(run.status == 0 && run.standardOutput.isEmpty, "\(run.standardError)")
        let data = try Data(contentsOf: fixture.directory.appendingPathComponent("table.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let row = try #require((root["rows"] as? [[String: Any]])?.first)
        #expect(row["verdict"] as? String == "FAILS")
        let ratio = try #require(row["tightest ratio"] as? Double)
        #expect(ratio > 1)
        let point = try #require(row["tightest case"] as? String)
        #expect(point.contains("dimension=1") && point.contains("lower-constant=0"), "\(point)")
        let replay = try #require(row["reproduce"] as? String)
        #expect(replay.hasPrefix("closedform check \(key) --at '\(point)'"), "\(replay)")
        // The printed command evaluates exactly that case: same verdict, same ratio.
        let again = try fixture.run(["check", key, "--at", point, "--format", "csv"])
        #expect(again.status == 0, "\(again.standardError)")
        let fields = again.standardOutput.split(separator: "\n")[1].split(separator: ",")
        #expect(fields[2] == "FAILS", "\(again.standardOutput)")
        // Relative 1e-14: Foundation's JSONSerialization on Linux may read a 17-digit number one ulp off.
        #expect(abs((Double(fields[3]) ?? .nan) / ratio - 1) < 1e-14, "\(again.standardOutput)")
    }

    @Test("core.check: unknown key, --trials 0, --budget -1, --format xml and bad --at cases exit 2 with one line")
    func badInput() throws {
        let fixture = try Fixture()
        try fixture.expectBadInput(["check", "B.no-such-claim"], mentioning: "B.no-such-claim")
        try fixture.expectBadInput(["check", "all", "--trials", "0"], mentioning: "--trials")
        try fixture.expectBadInput(["check", "all", "--budget", "-1"], mentioning: "--budget")
        try fixture.expectBadInput(["check", "all", "--format", "xml"], mentioning: "--format")
        try fixture.expectBadInput(["check", "all", "--at", "alpha=0.5"], mentioning: "--at")
        try fixture.expectBadInput(["check", "B.lemma.mixing", "--at", "alpha=0.5"], mentioning: "missing")
        try fixture.expectBadInput(["check", "E.reconstruction-correlation", "--at", "stochastic=1 schedule=0 time-fraction=0.5 variance=2 mean=0 bogus=3"], mentioning: "bogus")
    }
}
