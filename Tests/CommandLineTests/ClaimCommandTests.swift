import ClosedForm
import Foundation
import Testing

/// `closedform check --claim`, `bound --claim`, `theorems --claims` and `scenarios`.
@Suite("closedform: claim files")
struct ClaimCommandTests {
    static let root = RepositoryDocumentationTests.root

    private static let claim = """
        key = "mine.kl-below-chi2"
        title = "KL is at most χ²"
        citation = "my notes, Lemma 1"
        side = "upper"
        scenario = "pair"
        measured = "kl"
        bound = "chi2"
        [parameters]
        components_p = { value = 1 }
        components_q = { value = 1 }
        """

    @Test("core.claim-files: check --claim prints a row per file with its citation, rule and replay commands that reproduce it")
    func checkClaim() throws {
        let fixture = try Fixture()
        let path = try fixture.write("mine.toml", Self.claim)
        let run = try fixture.run(["check", "--claim", path, "--trials", "30", "--format", "csv"])
        #expect(run.status == 0, "\(run.standardError)")
        let row = run.standardOutput.split(separator: "\n").map(String.init).first { $0.hasPrefix("mine.kl-below-chi2,") } ?? ""
        #expect(row.contains("my notes, Lemma 1") && row.contains(",holds,"), "\(run.standardOutput)")
        // The printed --at replays the tightest case, and the bound command evaluates its bound.
        guard let at = row.range(of: "--at '"), let end = row[at.upperBound...].firstIndex(of: "'") else { Issue.record("no --at in \(row)"); return }
        let point = String(row[at.upperBound..<end])
        let replay = try fixture.run(["check", "--claim", path, "--at", point, "--format", "csv"])
        #expect(replay.status == 0 && replay.standardOutput.contains(",1,holds,"), "\(replay.standardOutput)\(replay.standardError)")
        let bound = try fixture.run(["bound", "--claim", path] + point.split(separator: " ").flatMap { ["--param", String($0)] })
        #expect(bound.status == 0 && bound.standardOutput.contains("\"bound\": "), "\(bound.standardError)")
    }

    @Test("core.claim-files: bad claim files and options exit 2 with one line naming FILE:LINE:COLUMN and write no output")
    func badInput() throws {
        let fixture = try Fixture()
        let cases: [(String, String)] = [
            (Self.claim.replacingOccurrences(of: "\"pair\"", with: "\"pear\""), "bad.toml:5:13: scenario: unknown scenario 'pear'"),
            (Self.claim.replacingOccurrences(of: "bound = \"chi2\"", with: "bound = \"chi3\""), "bad.toml:7:10: bound: unknown name 'chi3'"),
            (Self.claim.replacingOccurrences(of: "bound = \"chi2\"", with: "bound = \"chi2 +\""), "bad.toml:7:16: bound: expected a number"),
            (Self.claim + "\nseparation = { range = [2.0, 1.0] }", "bad.toml:11:24: parameters.separation.range: inverted range"),
            (Self.claim + "\ncomponents_q = { value = 2 }", "bad.toml:11:1: parameters.components_q: parameter declared twice"),
            (Self.claim.replacingOccurrences(of: "mine.kl-below-chi2", with: "B.plateau"), "bad.toml:1:8: key: 'B.plateau' is the key of a built-in claim"),
            (Self.claim.replacingOccurrences(of: "[parameters]", with: "[parameters"), "bad.toml:8:12: TOML: syntax error"),
        ]
        for (text, message) in cases {
            let path = try fixture.write("bad.toml", text)
            try fixture.expectBadInput(["check", "--claim", path, "--trials", "5", "--output", fixture.path("out.md")], mentioning: message)
            try FileManager.default.removeItem(atPath: path)
        }
        let path = try fixture.write("mine.toml", Self.claim)
        try fixture.expectBadInput(["bound", "--claim", path, "--param", "colour=red"], mentioning: "--param: colour: mine.kl-below-chi2 has no parameter 'colour'")
        try fixture.expectBadInput(["bound", "--claim", path, "--param", "dimension=1"], mentioning: "missing: mine.kl-below-chi2's bound needs")
        try fixture.expectBadInput(["check", "--claim", path, "--at", "dimension=1"], mentioning: "--at: ")
        try fixture.expectBadInput(["scenarios", "pear"], mentioning: "unknown scenario 'pear'")
        try fixture.expectBadInput(["check"], mentioning: "give a claim key, all, or --claim")
    }

    @Test("core.claim-files: theorems --claims lists the files of claims/ after the built-in claims")
    func theorems() throws {
        let run = try Fixture().run(["theorems", "--claims", Self.root.appendingPathComponent("claims").path])
        #expect(run.status == 0, "\(run.standardError)")
        let files = try ClaimLibrary.load([Self.root.appendingPathComponent("claims").path])
        for file in files { #expect(run.standardOutput.contains("\(file.file.key) — \(file.file.title)"), "\(file.file.key)") }
        let json = try Fixture().run(["theorems", "--format", "json", "--claims", Self.root.appendingPathComponent("claims").path])
        #expect(json.status == 0 && json.standardOutput.contains("\"claimFiles\""))
    }

    @Test("core.claim-files: every scenario and quantity of `closedform scenarios` is documented in the README section and proofs/core.claim-files.md")
    func scenariosDocumented() throws {
        let run = try Fixture().run(["scenarios"])
        #expect(run.status == 0, "\(run.standardError)")
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "### Checking your own claim"), let end = readme[start.upperBound...].range(of: "\n### ") else {
            Issue.record("README has no section \"Checking your own claim\""); return
        }
        let section = String(readme[start.lowerBound..<end.lowerBound])
        let proof = try String(contentsOf: Self.root.appendingPathComponent("proofs/core.claim-files.md"), encoding: .utf8)
        for scenario in ScenarioCatalog.all {
            #expect(run.standardOutput.contains("\(scenario.name) — \(scenario.summary)"))
            for document in [("README", section), ("proofs/core.claim-files.md", proof)] {
                #expect(document.1.contains("`\(scenario.name)`") || document.1.contains("\(scenario.name) — "), "\(document.0) lacks scenario \(scenario.name)")
                for quantity in scenario.quantities {
                    #expect(run.standardOutput.contains("    \(quantity.name)"), "scenarios lacks \(quantity.name)")
                    #expect(document.1.contains("`\(quantity.name)`") || document.1.contains("    \(quantity.name)"),
                            "\(document.0) lacks \(scenario.name)'s quantity \(quantity.name)")
                }
            }
        }
    }
}
