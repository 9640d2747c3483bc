import Checking
import ClaimFiles
import InputErrors
import Scenarios
import Testing

/// Claims defined in Swift (`SwiftClaim`, `ClaimSet`): the README's package example, checked without
/// building a package.
@Suite("ClaimFiles: claims in Swift")
struct SwiftClaimTests {
    /// KL ≤ χ² on two random Gaussians, as in README's "Using ClosedForm from another Swift package".
    static func klBelowChiSquared() throws -> SwiftClaim {
        try SwiftClaim(
            key: "mine.kl-below-chi2", title: "KL is at most χ²", citation: "my notes, Lemma 1", side: .upper,
            scenario: PairScenario(), domains: ["components_p": .integer(1...1), "components_q": .integer(1...1)],
            quantities: ["kl", "chi2"],
            measured: { try $0.quantity("kl") }, bound: { try $0.quantity("chi2") })
    }

    @Test("core.claim-files: a Swift claim registers and runs through the same search; its line is the README's")
    func readmeClaim() throws {
        var claims = ClaimSet()
        try claims.register(try Self.klBelowChiSquared())
        let outcomes = claims.check(CounterexampleSearch(trials: 500, seed: 1))
        #expect(outcomes.count == 1 && outcomes[0].verdict == .holds && outcomes[0].rule.hasPrefix("exact"))
        #expect(outcomes[0].citation == "my notes, Lemma 1")
        print("README-LINE", outcomes[0].key, outcomes[0].verdict.description, outcomes[0].ratio!, "±", outcomes[0].standardError, outcomes[0].pointDescription)
    }

    @Test("core.claim-files: a Swift claim with a built-in key, an unknown quantity or a false bound is refused or caught")
    func refusals() throws {
        var claims = ClaimSet()
        let builtIn = try SwiftClaim(key: "B.plateau", title: "", side: .upper, scenario: PairScenario(), quantities: ["kl"],
                                     measured: { try $0.quantity("kl") }, bound: { try $0.quantity("kl") })
        #expect(throws: InputError.self) { try claims.register(builtIn) }
        #expect(throws: InputError.self) {
            try SwiftClaim(key: "mine.x", title: "", side: .upper, scenario: PairScenario(), quantities: ["kl3"],
                           measured: { _ in MeasuredValue(0) }, bound: { _ in MeasuredValue(1) })
        }
        let wrong = try SwiftClaim(key: "mine.chi2-below-kl", title: "false", side: .upper, scenario: PairScenario(),
                                   domains: ["components_p": .integer(1...1), "components_q": .integer(1...1)], quantities: ["kl", "chi2"],
                                   measured: { try $0.quantity("chi2") }, bound: { try $0.quantity("kl") })
        try claims.register(wrong)
        #expect(claims.check(CounterexampleSearch(trials: 100, seed: 1))[0].verdict == .fails)
    }
}
