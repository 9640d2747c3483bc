import Checking
@testable import ClaimFiles
import Foundation
import Scenarios
import Testing
import Theorems

/// Every claim file of claims/ against its compiled twin: the same bound as the theorem registry at random
/// points, and the same verdict from the search.
@Suite("ClaimFiles: claims/ and their compiled twins")
struct ClaimTwinTests {
    /// A file's twin: the theorem whose bound it restates, which side of the evaluation, and the theorem's
    /// parameters as expressions of the file's names.
    struct Twin: Sendable {
        enum Side: Sendable { case upper, lower, value }
        let theorem: String
        let side: Side
        let parameters: [String: String]

        func bound(_ evaluation: BoundEvaluation) -> Double? {
            switch side {
            case .upper: return evaluation.upper
            case .lower: return evaluation.lower
            case .value: return evaluation.value
            }
        }
    }

    static let twins: [String: Twin] = [
        "file.B.prop3.1.kl-upper": Twin(theorem: "B.prop3.1.kl-upper", side: .upper,
                                        parameters: ["epsilon-hat-squared": "eps_hat2", "terminal-kl": "kl_terminal", "convention": "0.5"]),
        "file.B.prop3.3.chi2-lower": Twin(theorem: "B.prop3.3.chi2-lower", side: .lower,
                                          parameters: ["eta": "eta", "epsilon-star-squared": "eps_star2", "lower-constant": "C"]),
        "file.B.thm3.4.chi2-upper": Twin(theorem: "B.thm3.4.two-sided", side: .upper,
                                         parameters: ["eta": "1", "epsilon-star-squared": "eps_star2", "lower-constant": "0", "upper-constant": "c_upper"]),
        "file.B.lemma.mixing": Twin(theorem: "B.lemma.mixing", side: .value, parameters: ["alpha": "alpha", "chi2-r": "D_prev"]),
        "file.B.recursion": Twin(theorem: "B.recursion", side: .lower,
                                 parameters: ["alpha": "alpha", "eta": "eta", "epsilon-star-squared": "eps_star2", "previous-divergence": "D_prev"]),
        "file.B.prop4.1.persistence": Twin(theorem: "B.prop4.1.persistence", side: .lower,
                                           parameters: ["alpha": "alpha", "eta-floor": "eta_floor", "epsilon-floor": "eps_star2[G]"]),
        "file.B.plateau": Twin(theorem: "B.plateau", side: .value, parameters: ["alpha": "alpha", "epsilon-squared": "eps2"]),
        "file.C.thm2.recovery-upper": Twin(theorem: "C.thm2.recovery-upper", side: .upper,
                                           parameters: ["points": "points", "rank": "rank", "noise-norm": "sqrt(noise_energy)", "c1": "c1"]),
    ]

    static var claims: [FileClaim] {
        get throws { try ClaimLibrary.load([ClaimSearchTests.root.appendingPathComponent("claims").path]).filter { $0.file.key.hasPrefix("file.") } }
    }

    @Test("core.claim-files: every claim of claims/ has a twin, and both give the same bound at 20 random points (1e-12)")
    func sameBound() throws {
        let claims = try Self.claims
        #expect(Set(claims.map(\.file.key)) == Set(Self.twins.keys))
        var generator = SystemRandomNumberGenerator()
        for claim in claims {
            guard let twin = Self.twins[claim.file.key] else { continue }
            let theorem = try TheoremRegistry.theorem(twin.theorem)
            for _ in 0..<20 {
                // Parameters inside their search domains; quantities anywhere in [0, 1] (η is a fraction), arrays of G entries.
                var parameters: [String: Double] = [:]
                for parameter in claim.parameters {
                    let range = parameter.search.range
                    let value = Double.random(in: range, using: &generator)
                    parameters[parameter.name] = parameter.choices.isEmpty ? (parameter.search.integer ? value.rounded() : value)
                        : parameter.argument(value.rounded()).real
                }
                let g = Int(parameters["G"] ?? 1)
                var quantities: [String: ScenarioQuantityValue] = [:]
                for quantity in claim.scenario.quantities where claim.requested.contains(quantity.name) {
                    quantities[quantity.name] = quantity.isArray
                        ? .array((0..<g).map { _ in MeasuredValue(Double.random(in: 0...1, using: &generator)) })
                        : .scalar(MeasuredValue(Double.random(in: 0...1, using: &generator)))
                }
                let environment = ClaimEnvironment(parameters: parameters.compactMapValues { $0 }, quantities: quantities)
                let fileBound = try claim.bound.evaluate(environment).value
                var arguments: [String: Double] = [:]
                for (name, expression) in twin.parameters { arguments[name] = try ClaimExpressionParser.parse(expression).evaluate(environment).value }
                guard let registered = twin.bound(try theorem.evaluate(arguments)) else { Issue.record("\(twin.theorem): no bound"); continue }
                #expect(abs(fileBound - registered) <= 1e-12 * max(1, abs(registered)),
                        "\(claim.file.key) at \(parameters), \(quantities): \(fileBound) vs \(registered)")  // same formula, rounding only
            }
        }
    }

    @Test("core.claim-files: every claim file reaches its built-in twin's verdict (holds), or (Thm 3.4's upper side) fails; [C]'s upper rate fails in both")
    func sameVerdict() throws {
        let search = CounterexampleSearch(trials: 15, seed: 1)  // the default 5000 runs in `check --claim claims/`; a debug-build sample here
        for claim in try Self.claims {
            let twin = try ClaimCheckRegistry.check(try #require(Self.twins[claim.file.key], "\(claim.file.key) has no twin").theorem)
            let builtIn = CounterexampleSearch(trials: 200, seed: 1).run(twin)
            if claim.file.key == "file.C.thm2.recovery-upper" {
                // A finding, not a bug: the rate holds in probability only (proofs/C.thm2.recovery-upper.md). The file's
                // search (clustering scenario, n ≤ 5) and the built-in one (n ≥ 9) both find a violating draw.
                #expect(builtIn.verdict == .fails, "\(twin.key)")
                #expect(CounterexampleSearch(trials: 200, seed: 1).run(claim.check).verdict == .fails, "\(claim.file.key)")
                continue
            }
            #expect(builtIn.verdict == .holds, "\(twin.key)")
            let outcome = search.run(claim.check)
            if claim.file.key == "file.B.thm3.4.chi2-upper" {
                // The one-round families refute Thm 3.4's upper side (χ² ≤ 4ε*² + cε*⁴ with ε*² on [t₀, T]): the
                // search finds and shrinks a counterexample beyond 4 standard errors, as the built-in check on the
                // same families does (scenarios branch, proofs/core.scenarios.md); the mean-shift built-in here holds.
                #expect(outcome.verdict == .fails && outcome.rule.hasPrefix("Monte Carlo"), "\(claim.file.key): \(outcome)")
            } else {
                #expect(outcome.verdict == builtIn.verdict, "\(claim.file.key): \(outcome)")
            }
        }
    }

    @Test("core.claim-files: Prop 3.1's file with ε*² in place of ε̂² fails and shrinks to one dimension and one component")
    func mutation() throws {
        let url = ClaimSearchTests.root.appendingPathComponent("claims/B.prop3.1.kl-upper.toml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("bound = \"0.5 * eps_hat2 + kl_terminal\""))
        let mutated = text.replacingOccurrences(of: "bound = \"0.5 * eps_hat2", with: "bound = \"0.5 * eps_star2")
        let claim = try FileClaim(try ClaimFile.parse(mutated, path: url.path))
        let outcome = CounterexampleSearch(trials: 40, seed: 1).run(claim.check)
        #expect(outcome.verdict == .fails, "\(outcome)")
        let point = Dictionary(uniqueKeysWithValues: outcome.point.map { ($0.name, $0.value) })
        #expect(point["dimension"] == 1 && point["components"] == 1, "\(outcome.pointDescription)")
    }
}
