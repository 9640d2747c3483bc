import Foundation
import Testing
import GaussianMixtures
import Checking
import Theorems

/// The counterexample search of `closedform check` (proofs/core.check.md).
@Suite("core.check: counterexample search over the claims' parameter spaces")
struct ClaimCheckTests {
    @Test("core.check: every registered theorem has a check, and every checkable claim and identity holds on 40 draws (seed 1)")
    func trueClaimsHold() {
        let keys = Set(ClaimCheckRegistry.all.map(\.key))
        for key in TheoremRegistry.keys { #expect(keys.contains(key), "no check for \(key)") }
        let search = CounterexampleSearch(trials: 40, seed: 1, localSteps: 20)
        for check in ClaimCheckRegistry.all {
            let outcome = search.run(check)
            if check.unavailable != nil {
                #expect(outcome.verdict == .notCheckable(check.unavailable!))
                continue
            }
            #expect(outcome.verdict == .holds, "\(check.key): \(outcome.verdict.description), ratio \(outcome.ratio ?? .nan) at \(outcome.pointDescription)")
            #expect(outcome.trials >= 20, "\(check.key): only \(outcome.trials) cases evaluated (\(outcome.skipped) skipped)")
        }
    }

    @Test("core.check: [B, Prop 3.3] with ¼ replaced by 4 FAILS and shrinks to n = 1, C = 0 and a one-digit ε*²")
    func falseVariantFailsAndShrinks() throws {
        let check = try ClaimCheckRegistry.check("B.prop3.3.chi2-lower.false-factor-4")
        #expect(!ClaimCheckRegistry.all.contains { $0.key == check.key }, "the false variant is hidden from all")
        let outcome = CounterexampleSearch(trials: 30, seed: 1).run(check)
        #expect(outcome.verdict == .fails)
        let point = Dictionary(uniqueKeysWithValues: outcome.point.map { ($0.name, $0.value) })
        #expect(point["dimension"] == 1 && point["lower-constant"] == 0 && point["model-seed"] == 0, "\(outcome.pointDescription)")
        let epsilon2 = try #require(point["epsilon-star-squared"])
        #expect(epsilon2 == (try #require(Double(String(format: "%.0e", epsilon2)))), "ε*² = \(epsilon2) has more than one significant digit")
        // Independent check of the shrunk case: χ²(N(δ,1)‖N(0,1)) = e^{δ²} − 1 < 4δ² there.
        #expect(expm1(epsilon2) < 4 * epsilon2)
        #expect(abs(try #require(outcome.ratio) - 4 * epsilon2 / expm1(epsilon2)) < 1e-9)
    }

    @Test("core.check: shrinking takes integers to their smallest failing value and reals to the fewest significant digits")
    func shrinkingOnAToyClaim() throws {
        // ratio = x·k/2.5 fails when x·k > 2.5: the climb pushes x and k up, the shrinker must bring k back
        // to 1 (x > 2.5 still fails) and round x to one significant digit.
        let toy = ClaimCheck(key: "toy", summary: "x·k ≤ 2.5",
                             parameters: [.integer("k", 1, 5), CheckParameter("x", 0...10)]) { $0["x"]! * $0["k"]! / 2.5 }
        let outcome = CounterexampleSearch(trials: 20, seed: 3).run(toy)
        #expect(outcome.verdict == .fails)
        let point = Dictionary(uniqueKeysWithValues: outcome.point.map { ($0.name, $0.value) })
        #expect(point["k"] == 1, "\(outcome.pointDescription)")
        let x = try #require(point["x"])
        #expect(x > 2.5 && x == x.rounded(), "x = \(x) should be a one-digit failing value")
        #expect(CheckParameter("x", 0...10).simplerValues(than: 3.14159) == [0, 3, 3.1, 3.14])
        #expect(CheckParameter.integer("k", 1, 5).simplerValues(than: 4) == [1, 2, 3])
    }

    @Test("core.check: ratio conventions (upper, lower, identity) and their edge cases")
    func ratioConventions() {
        #expect(ClaimRatio.upper(measured: 1, bound: 2) == 0.5)
        #expect(ClaimRatio.upper(measured: 1, bound: 0) == .infinity)
        #expect(ClaimRatio.upper(measured: 1, bound: nil) == nil)
        #expect(ClaimRatio.lower(measured: 2, bound: 1) == 0.5)
        #expect(ClaimRatio.lower(measured: 2, bound: -1) == 0)
        #expect(ClaimRatio.lower(measured: 0, bound: 1) == .infinity)
        #expect(ClaimRatio.identity(3.0001, 3, tolerance: 1e-4) < 0.34)
        #expect(!ClaimRatio.fails(1 + 1e-12) && ClaimRatio.fails(1 + 1e-6) && ClaimRatio.fails(.nan))
    }

    @Test("core.check: the same seed gives the same outcome; each key has its own stream")
    func deterministic() throws {
        let check = try ClaimCheckRegistry.check("B.lemma.mixing")
        let a = CounterexampleSearch(trials: 10, seed: 5).run(check), b = CounterexampleSearch(trials: 10, seed: 5).run(check)
        #expect(a.ratio == b.ratio && a.pointDescription == b.pointDescription && a.keySeed == b.keySeed)
        #expect(CounterexampleSearch.keySeed(seed: 5, key: "B.lemma.mixing") != CounterexampleSearch.keySeed(seed: 5, key: "B.recursion"))
    }

    @Test("B.thm3.4.two-sided: outside ε*² ≤ 1 the upper bound 4ε*² + cε*⁴ fails for the Gaussian mean shift (assumptions ignored)")
    func assumptionsMatter() throws {
        let check = try ClaimCheckRegistry.check("B.thm3.4.two-sided")
        let outcome = CounterexampleSearch(trials: 40, seed: 1, ignoreAssumptions: true).run(check)
        #expect(outcome.verdict == .fails)
        let epsilon2 = try #require(outcome.point.first { $0.name == "epsilon-star-squared" }?.value)
        #expect(epsilon2 > 1, "a counterexample needs ε*² > 1 (e^x − 1 ≤ 4x for x ≤ 1), got \(epsilon2)")
    }
}
