import Checking
import ClaimFiles
import Foundation
import InputErrors
import Scenarios
import Testing

/// Every bad input of issue 17's list: one `InputError` naming file:line:column, the field and the
/// offending text.
@Suite("ClaimFiles: bad input")
struct ClaimFileErrorTests {
    /// The error of compiling `text`, or nil.
    private func error(_ text: String) -> InputError? {
        do { _ = try compile(text) } catch let error as InputError { return error } catch { Issue.record("\(error)") }
        return nil
    }

    private func expectError(_ text: String, at location: String, field: String, containing snippet: String,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let error = error(text) else { Issue.record("no error for:\n\(text)", sourceLocation: sourceLocation); return }
        #expect(error.source == "t.toml:\(location)", "\(error)", sourceLocation: sourceLocation)
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        #expect(error.reason.contains(snippet), "\(error)", sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    }

    @Test("core.claim-files: unknown scenario, quantity, function, parameter")
    func unknownNames() {
        expectError(claimText(scenario: "pear"), at: "3:13", field: "scenario", containing: "unknown scenario 'pear'")
        expectError(claimText(bound: "log1p(chi3)"), at: "5:16", field: "bound", containing: "unknown name 'chi3' in \"log1p(chi3)\"")
        expectError(claimText(bound: "logp(chi2)"), at: "5:10", field: "bound", containing: "unknown function 'logp' in \"logp(chi2)\"")
        expectError(claimText(measured: "kl * c"), at: "4:18", field: "measured", containing: "unknown name 'c'")
        expectError(claimText(extra: "[parameters]\nschedule = { values = [\"ou\", \"xx\"] }"), at: "7:1", field: "parameters.schedule",
                    containing: "'xx' is not a value of schedule")
        expectError(claimText(extra: "[parameters]\nkl = { range = [0, 1] }"), at: "7:1", field: "parameters.kl", containing: "is a quantity of pair")
        expectError(claimText(extra: "[parameters]\nc = { rang = [0, 1] }"), at: "7:7", field: "parameters.c.rang", containing: "unknown attribute")
        expectError(claimText(extra: "colour = \"red\""), at: "6:1", field: "colour", containing: "unknown field")
    }

    @Test("core.claim-files: expression syntax errors, conditions in the wrong place")
    func syntax() {
        expectError(claimText(bound: "2 * * chi2"), at: "5:14", field: "bound", containing: "expected a number, a name or '(', found '*' in \"2 * * chi2\"")
        expectError(claimText(bound: "log1p(chi2))"), at: "5:21", field: "bound", containing: "unexpected ')'")
        expectError(claimText(bound: "chi2 <= 1"), at: "5:10", field: "bound", containing: "belong in assumptions")
        expectError(claimText(extra: "assumptions = [\"kl\"]"), at: "6:17", field: "assumptions[1]", containing: "is a number, not a condition")
        expectError(claimText(extra: "assumptions = [\"kl <= 1\",\n  \"chi2 =< 2\"]"), at: "7:9", field: "assumptions[2]", containing: "unexpected character '='; compare with ==")
    }

    @Test("core.claim-files: an inverted range, a parameter declared twice, a wrong type for a scenario parameter")
    func declarations() {
        expectError(claimText(extra: "[parameters]\nseparation = { range = [3.0, 1.0] }"), at: "7:24", field: "parameters.separation.range", containing: "inverted range [3, 1]")
        expectError(claimText(extra: "[parameters]\nn = { integers = [5, 2] }"), at: "7:18", field: "parameters.n.integers", containing: "inverted range [5, 2]")
        expectError(claimText(extra: "[parameters]\nc = { range = [0, 1] }\nc = { range = [0, 2] }"), at: "8:1", field: "parameters.c", containing: "parameter declared twice")
        expectError(claimText(extra: "[parameters]\ndimension = { range = [1.0, 2.0] }"), at: "7:1", field: "parameters.dimension", containing: "integer parameter")
        expectError(claimText(extra: "[parameters]\nh = { range = [0.0, 1.0], log = true }"), at: "7:15", field: "parameters.h.range", containing: "positive lower end")
        expectError(claimText(extra: "[parameters]\nc = { range = [0, 1], value = 2 }"), at: "7:1", field: "parameters.c", containing: "give exactly one")
    }

    @Test("core.claim-files: a key used by a built-in claim or by another file")
    func duplicateKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claim-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try claimText().write(to: folder.appendingPathComponent("a.toml"), atomically: true, encoding: .utf8)
        try claimText().write(to: folder.appendingPathComponent("b.toml"), atomically: true, encoding: .utf8)
        try claimText().replacingOccurrences(of: "test.claim", with: "B.lemma.mixing").write(to: folder.appendingPathComponent("c.toml"), atomically: true, encoding: .utf8)
        #expect(throws: InputError(source: "\(folder.path)/b.toml:1:8", field: "key", reason: "'test.claim' is already the key of \(folder.path)/a.toml")) {
            try ClaimLibrary.load([folder.path + "/a.toml", folder.path + "/b.toml"])
        }
        #expect(throws: InputError(source: "\(folder.path)/c.toml:1:8", field: "key", reason: "'B.lemma.mixing' is the key of a built-in claim; choose another")) {
            try ClaimLibrary.load([folder.path + "/c.toml"])
        }
    }

    @Test("core.claim-files: a constant array index outside 1…G (G's smallest value), a scalar indexed, an array unindexed")
    func indices() {
        expectError(claimText(scenario: "test-array", measured: "D[3]", bound: "1"), at: "4:13", field: "measured", containing: "index 3 of D is outside 1…G (G can be 2)")
        expectError(claimText(scenario: "test-array", measured: "D[0]", bound: "1"), at: "4:13", field: "measured", containing: "index 0 of D is outside")
        expectError(claimText(scenario: "test-array", measured: "D", bound: "1"), at: "4:13", field: "measured", containing: "array indexed 1…G")
        expectError(claimText(scenario: "test-array", measured: "noisy[1]", bound: "1"), at: "4:13", field: "measured", containing: "is a scalar")
        // Narrowing G to [3, 5] makes D[3] valid.
        #expect(error(claimText(scenario: "test-array", measured: "D[3]", bound: "1", extra: "[parameters]\nG = { integers = [3, 5] }")) == nil)
    }

    @Test("core.claim-files: a TOML syntax error names its line and column")
    func tomlSyntax() {
        guard let error = error(claimText(extra: "[parameters\nc = 1")) else { Issue.record("no error"); return }
        #expect(error.source.hasPrefix("t.toml:6:"), "\(error)")
        #expect(error.field == "TOML" && error.reason.contains("syntax error"), "\(error)")
    }
}
