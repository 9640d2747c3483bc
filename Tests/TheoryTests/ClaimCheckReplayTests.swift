import Testing
import Checking
import InputErrors

/// `closedform check <key> --at 'name=value …'`: one case, no search.
@Suite("core.check: replaying one case")
struct ClaimCheckReplayTests {
    @Test("core.check: --at parses every parameter, evaluates exactly that case, and rejects unknown, missing, repeated or non-integer names")
    func replay() throws {
        let check = try ClaimCheckRegistry.check("B.prop3.3.chi2-lower.false-factor-4")
        let search = CounterexampleSearch(trials: 30, seed: 1)
        let found = search.run(check)
        let replayed = try search.evaluate(check, at: try check.point(parsing: found.pointDescription))
        #expect(replayed.verdict == .fails && replayed.ratio == found.ratio, "\(found.pointDescription): \(replayed.ratio ?? .nan) vs \(found.ratio ?? .nan)")
        let names = check.parameters.map(\.name)
        let valid = found.pointDescription
        #expect(throws: InputError.self) { try check.point(parsing: valid + " bogus=1") }
        #expect(throws: InputError.self) { try check.point(parsing: valid.split(separator: " ").dropLast().joined(separator: " ")) }
        #expect(throws: InputError.self) { try check.point(parsing: valid + " \(names[0])=1") }
        #expect(throws: InputError.self) { try check.point(parsing: valid.replacingOccurrences(of: "dimension=1", with: "dimension=1.5")) }
        #expect(throws: InputError.self) { try check.point(parsing: valid.replacingOccurrences(of: "dimension=1", with: "dimension=nan")) }
    }
}
