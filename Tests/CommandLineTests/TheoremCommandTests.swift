import ClosedForm
import Foundation
import Testing

/// `closedform theorems` and `closedform bound`.
@Suite("closedform: theorems and bound")
struct TheoremCommandTests {
    @Test("theorems --format json parses and lists every registered key (with statement, assumptions, provenance)")
    func theoremsJSON() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["theorems", "--format", "json"])
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let theorems = try #require(root["theorems"] as? [[String: Any]])
        #expect(theorems.compactMap { $0["key"] as? String } == TheoremRegistry.keys)
        for theorem in theorems {
            for field in ["statement", "latex", "assumptions", "provenance", "parameters", "citation", "side"] {
                #expect(theorem[field] != nil, "\(theorem["key"] ?? "?") lacks \(field)")
            }
        }
        for format in ["text", "markdown", "latex"] {
            let listing = try fixture.run(["theorems", "--format", format])
            #expect(listing.status == 0)
            for key in TheoremRegistry.keys { #expect(listing.standardOutput.contains(key), "\(format) lacks \(key)") }
        }
    }

    @Test("bound B.prop4.1.persistence --alpha 0.5 --eta-floor 0.5 --epsilon-floor 0.01 prints lower = 1.25e-4 as JSON")
    func persistence() throws {
        let fixture = try Fixture()
        for arguments in [["--alpha", "0.5", "--eta-floor", "0.5", "--epsilon-floor", "0.01"],
                          ["--alpha=0.5", "--eta-floor=0.5", "--epsilon-floor=0.01"]] {
            let run = try fixture.run(["bound", "B.prop4.1.persistence"] + arguments)
            #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
            let lower = try #require(object["lower"] as? Double)
            // 0.5·0.5·0.01/(16·1.25) = 1.25e-4; a handful of roundings.
            #expect(abs(lower - 1.25e-4) <= 1e-18)
            #expect(object["key"] as? String == "B.prop4.1.persistence")
            #expect(object["side"] as? String == "lower")
            let parameters = try #require(object["parameters"] as? [[String: Any]])
            #expect(parameters.map { $0["name"] as? String } == ["alpha", "eta-floor", "epsilon-floor"])
            #expect(parameters.allSatisfy { $0["default"] as? Bool == false })
        }
    }

    @Test("bound A.thm1.stability flags the uncertain constant κ with its provenance and marks defaults")
    func uncertainConstant() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["bound", "A.thm1.stability", "--lambda", "0.2", "--lipschitz", "1", "--concavity", "1", "--epsilon", "0.1"])
        #expect(run.status == 0, "\(run.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["conditionHolds"] as? Bool == true)
        let constants = try #require(object["uncertainConstants"] as? [[String: Any]])
        #expect(constants.count == 1)
        #expect(constants.first?["name"] as? String == "kappa")
        #expect(constants.first?["provenance"] as? String == "sec")
        #expect(constants.first?["default"] as? Bool == true)
        let text = try fixture.run(["bound", "A.thm1.stability", "--lambda", "0.2", "--lipschitz", "1", "--concavity", "1", "--epsilon", "0.1", "--format", "text"])
        #expect(text.status == 0 && text.standardOutput.contains("uncertain constant"))
    }

    @Test("bound: unknown key, unknown parameter, non-numeric or out-of-range value exit 2 with one line naming it",
          arguments: [
              (["bound", "B.nope"], ["B.nope", "B.prop4.1.persistence"]),
              (["bound", "B.plateau", "--alpha", "0.5", "--epsilon-squared", "0.1", "--beta", "1"], ["--beta", "unknown"]),
              (["bound", "B.prop4.1.persistence", "--alpha", "1.5", "--eta-floor", "0.5", "--epsilon-floor", "0.01"], ["--alpha", "1.5", "(0, 1]"]),
              (["bound", "B.prop4.1.persistence", "--alpha", "0", "--eta-floor", "0.5", "--epsilon-floor", "0.01"], ["--alpha", "0", "(0, 1]"]),
              (["bound", "B.prop4.1.persistence", "--alpha=abc", "--eta-floor", "0.5", "--epsilon-floor", "0.01"], ["--alpha", "'abc'"]),
              (["bound", "B.prop4.1.persistence", "--alpha", "0.5"], ["--eta-floor", "missing"]),
              (["theorems", "--format", "pdf"], ["--format", "'pdf'"]),
          ])
    func badInput(arguments: [String], mentions: [String]) throws {
        let fixture = try Fixture()
        let run = try fixture.run(arguments)
        #expect(run.status == 2)
        #expect(run.standardOutput.isEmpty)
        #expect(run.errorLines.count == 1, "\(run.standardError)")
        #expect(run.standardError.hasPrefix("error: "))
        for mention in mentions { #expect(run.standardError.contains(mention), "\(run.standardError)") }
    }

    @Test("theorems and bound --help exit 0 and show an example invocation", arguments: ["theorems", "bound"])
    func help(command: String) throws {
        let run = try Fixture().run([command, "--help"])
        #expect(run.status == 0 && run.standardError.isEmpty)
        #expect(run.standardOutput.contains("Example"))
        #expect(run.standardOutput.contains("closedform \(command) "))
    }
}
