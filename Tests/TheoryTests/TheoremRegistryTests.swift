import Foundation
import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra
import InputErrors
import RandomStreams
import Retraining
import Theorems

/// Bound calculators against hand computations and independent recomputations.
@Suite("Theorem registry: bound calculators")
struct TheoremRegistryTests {
    static func evaluate(_ key: String, _ parameters: [String: Double], vectors: [String: [Double]] = [:]) throws -> BoundEvaluation {
        try TheoremRegistry.theorem(key).evaluate(parameters, vectors: vectors)
    }

    @Test("B.prop4.1.persistence reproduces the check values 1.72652e-5, 1.25000e-4, 2.78465e-4 to 6 significant digits",
          arguments: [(0.1, "1.72652e-05"), (0.5, "1.25000e-04"), (0.9, "2.78465e-04")])
    func persistenceCheckValues(alpha: Double, expected: String) throws {
        let bound = try #require(try Self.evaluate("B.prop4.1.persistence", ["alpha": alpha, "eta-floor": 0.5, "epsilon-floor": 0.01]).lower)
        // The check values are given to 6 significant digits: rounding to 6 digits must give them exactly.
        #expect(String(format: "%.5e", bound) == expected, "α = \(alpha): \(bound)")
    }

    @Test("B.kde.closure: v₂₀ = 3.522 at α = 0.1, σ = h = 0.6, and v_n agrees with iterating the one-round variance map")
    func kdeClosure() throws {
        let evaluation = try Self.evaluate("B.kde.closure", ["alpha": 0.1])  // σ = h = 0.6, n = 20 are the defaults
        let v20 = try #require(evaluation.value)
        #expect(String(format: "%.3f", v20) == "3.522", "\(v20)")  // docs/theory.md gives 4 significant digits
        // Independent route: a mode of p̂^{n+1} = (α p + (1−α) p̂^n) ∗ N(0, h²) has variance
        // α(σ² + h²) + (1−α)(v_n + h²), from v₀ = σ². 20 steps of a contraction: a few ulps, hence 1e-13.
        for alpha in [0.05, 0.3, 1.0] {
            var v = 0.36
            for n in 0...25 {
                let closed = try #require(try Self.evaluate("B.kde.closure", ["alpha": alpha, "generations": Double(n)]).value)
                #expect(abs(closed - v) <= 1e-13 * v, "α = \(alpha), n = \(n): \(closed) vs \(v)")
                v = alpha * (0.36 + 0.36) + (1 - alpha) * (v + 0.36)
            }
        }
    }

    @Test("A.prop.collapse: E Σ_t = ((n−1)/n)^t Σ₀ matches a Monte-Carlo refit of a Gaussian on its own samples")
    func collapse() throws {
        let (n, t, initial) = (5, 4, 2.0)
        let formula = try #require(try Self.evaluate("A.prop.collapse", ["samples": Double(n), "rounds": Double(t), "initial-variance": initial]).value)
        #expect(abs(formula - pow(0.8, 4) * 2) <= 1e-15 * formula)
        // Simulate: each round draws n points from N(μ_t, σ_t²) and refits by maximum likelihood.
        let stream = RandomStream(seed: 17)
        let replications = 40_000
        var values: [Double] = []
        for _ in 0..<replications {
            var mean = 0.0, variance = initial
            for _ in 0..<t {
                let draws = (0..<n).map { _ in mean + variance.squareRoot() * stream.gaussian() }
                mean = draws.reduce(0, +) / Double(n)
                variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
            }
            values.append(variance)
        }
        let average = values.reduce(0, +) / Double(replications)
        let spread = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(replications - 1)
        let standardError = (spread / Double(replications)).squareRoot()
        // 5 standard errors: a false failure has probability below 1e-6 (the mean of 40 000 draws is near normal).
        #expect(abs(average - formula) <= 5 * standardError, "MC \(average) ± \(standardError) vs \(formula)")
    }

    @Test("A.thm1.stability: condition and rate on hand-computed cases")
    func stabilityHandCases() throws {
        // λ = 0.2, L = 1, α = 1, ε = 0.1: λ(1 + Lε/α) = 0.22 < 1/2; ρ = 0.22/(1 − 0.22) = 11/39.
        let holds = try Self.evaluate("A.thm1.stability", ["lambda": 0.2, "lipschitz": 1, "concavity": 1, "epsilon": 0.1, "rounds": 3, "initial-distance": 2])
        #expect(holds.conditionHolds == true)
        let rho = try #require(holds.quantity("rho"))
        #expect(abs(rho - 11.0 / 39) <= 4 * Double.ulpOfOne)  // a few roundings in λ(α + εL) and one division
        #expect(abs(try #require(holds.upper) - 2 * pow(11.0 / 39, 3)) <= 1e-14)
        #expect(holds.parameters.first { $0.parameter.name == "kappa" }?.isDefault == true)
        // λ = 0.5, L = 0: λ(1 + 0) = 0.5 is not < 1/2, so there is no bound …
        let fails = try Self.evaluate("A.thm1.stability", ["lambda": 0.5, "lipschitz": 0, "concavity": 1, "epsilon": 0])
        #expect(fails.conditionHolds == false)
        #expect(fails.upper == nil)
        #expect(fails.notes.contains { $0.contains("not satisfied") })
        // … but with κ = 1 (the other reading) it holds with ρ = 0.5/(1 − 0.5) = 1: no contraction.
        let loose = try Self.evaluate("A.thm1.stability", ["lambda": 0.5, "lipschitz": 0, "concavity": 1, "epsilon": 0, "kappa": 1])
        #expect(loose.conditionHolds == true)
        #expect(loose.quantity("rho") == 1)
        // The exact Gaussian contraction λ/(1+λ) = 1/3 < 1 for the same λ: the condition is sufficient, not necessary.
        let exact = try Self.evaluate("A.exact.gaussian-contraction", ["lambda": 0.5])
        #expect(abs(try #require(exact.value) - 1.0 / 3) <= Double.ulpOfOne)
    }

    @Test("A.thm2.finite-sample: (ε_opt + a(δ)/√n)/(1 − ρ) + ρ^t‖θ₀ − θ*‖ on a hand-computed case")
    func finiteSample() throws {
        // λ = 0.2, L = 1, α = 1, ε = 0.1 → ρ = 11/39; n = 100, a = 2, ε_opt = 0.01: (0.01 + 0.2)/(28/39) + ρ².
        let evaluation = try Self.evaluate("A.thm2.finite-sample", ["lambda": 0.2, "lipschitz": 1, "concavity": 1, "epsilon": 0.1,
                                                                    "rounds": 2, "samples": 100, "a-delta": 2, "optimisation-error": 0.01])
        let expected = 0.21 * 39 / 28 + pow(11.0 / 39, 2)
        #expect(abs(try #require(evaluation.upper) - expected) <= 1e-14)
        #expect(abs(try #require(evaluation.quantity("probability")) - 0.95 * 0.95) <= 1e-15)
        #expect(evaluation.uncertainConstants.map(\.parameter.name).sorted() == ["a-delta", "kappa"])
    }

    @Test("A.link.alpha-lambda: α = 1/(1+λ) and λ = (1−α)/α are inverse (round trip)")
    func alphaLambdaRoundTrip() async throws {
        await seededPropertyCheck(count: 200, input: Gen.double(in: 1e-6...1)) { alpha in
            let lambda = try MixingConvention(freshFraction: alpha).syntheticRatio
            let back = try #require(try Self.evaluate("A.link.alpha-lambda", ["lambda": lambda]).value)
            // (1−α)/α then 1/(1+λ): four roundings, each ≤ ½ulp relative, and 1+λ loses nothing for λ ≥ 0.
            #expect(abs(back - alpha) <= 4 * Double.ulpOfOne * alpha, "α = \(alpha) → λ = \(lambda) → \(back)")
        }
        #expect(try Self.evaluate("A.link.alpha-lambda", ["lambda": 9]).value == 0.1)
    }

    @Test("B.lemma.mixing: the calculator gives (1−α)²χ²(r‖p); B.plateau is the fixed point of D ↦ (1−α)²D + ε²")
    func mixingAndPlateau() throws {
        let mixing = try Self.evaluate("B.lemma.mixing", ["alpha": 0.3, "chi2-r": 2])
        #expect(mixing.side == .equality)
        #expect(abs(try #require(mixing.value) - 0.98) <= 1e-15)
        let plateau = try #require(try Self.evaluate("B.plateau", ["alpha": 0.2, "epsilon-squared": 0.01]).value)
        var d = 0.0
        for _ in 0..<400 { d = 0.64 * d + 0.01 }  // contraction 0.64: 0.64⁴⁰⁰ ≈ 1e-78, so d is the fixed point to rounding
        #expect(abs(plateau - d) <= 1e-15)
    }

    @Test("B.prop3.3.chi2-lower and B.thm3.4.two-sided: ηε*²/4 − Cε*⁴, clean form and regime, 4ε*² + cε*⁴")
    func chiSquaredBounds() throws {
        // ε*² = 0.1, η = 0.8, C = 0.5: 0.02 − 0.005 = 0.015; clean threshold min(1, 0.8/4) = 0.2 ≥ 0.1 → 0.01.
        let clean = try Self.evaluate("B.thm3.4.two-sided", ["epsilon-star-squared": 0.1, "eta": 0.8, "lower-constant": 0.5, "upper-constant": 3])
        #expect(abs(try #require(clean.lower) - 0.015) <= 1e-16)
        #expect(abs(try #require(clean.upper) - 0.43) <= 1e-15)
        #expect(abs(try #require(clean.quantity("clean-lower")) - 0.01) <= 1e-17)
        // ε*² = 0.3 > 0.2: outside the clean regime; the note says so.
        let outside = try Self.evaluate("B.prop3.3.chi2-lower", ["epsilon-star-squared": 0.3, "eta": 0.8, "lower-constant": 0.5])
        #expect(outside.quantity("clean-lower") == nil)
        #expect(outside.notes.contains { $0.contains("clean regime requires ε*² ≤ min(1, η/(8C)) = 0.2; not satisfied") })
        #expect(outside.uncertainConstants.map(\.parameter.name) == ["lower-constant"])
    }

    @Test("B.thm4.2.discounted-sum: Σ(1−α)^{2(N−k)}ε*_k² + (1−α)^{2(N+1)}D₀ term by term; the note flags the contested display")
    func discountedSum() throws {
        let errors = [0.03, 0.01, 0.02, 0.05]
        let evaluation = try Self.evaluate("B.thm4.2.discounted-sum", ["alpha": 0.25, "initial-divergence": 0.4], vectors: ["round-errors": errors])
        let q = 0.75 * 0.75, n = errors.count - 1
        let direct = errors.enumerated().reduce(0) { $0 + pow(q, Double(n - $1.offset)) * $1.element } + pow(q, Double(n + 1)) * 0.4
        #expect(abs(try #require(evaluation.value) - direct) <= 1e-15)
        #expect(evaluation.notes.contains { $0.contains("false as written") })
    }

    @Test("B.recursion and B.prop3.1.kl-upper: αηε*²/16 and ½ε̂²; the ½ is a flagged convention")
    func recursionAndKL() throws {
        let recursion = try Self.evaluate("B.recursion", ["alpha": 0.5, "eta": 1, "epsilon-star-squared": 0.32, "previous-divergence": 0.01])
        #expect(abs(try #require(recursion.lower) - 0.01) <= 1e-17)
        #expect(abs(try #require(recursion.quantity("next-lower")) - 0.0075) <= 1e-17)
        let kl = try Self.evaluate("B.prop3.1.kl-upper", ["epsilon-hat-squared": 0.3])
        #expect(kl.upper == 0.15)
        #expect(kl.uncertainConstants.first?.parameter.uncertainty == .sec)
    }

    @Test("B.lemma.mixing is found by key; an unknown key throws an InputError listing every valid key")
    func lookup() throws {
        #expect(try TheoremRegistry.theorem("B.lemma.mixing").key == "B.lemma.mixing")
        #expect(Set(TheoremRegistry.keys).count == TheoremRegistry.all.count)
        let error = try #require(throws: InputError.self) { try TheoremRegistry.theorem("B.lemma.nope") }
        #expect(error.description.contains("'B.lemma.nope'"))
        for key in TheoremRegistry.keys { #expect(error.description.contains(key)) }
    }

    @Test("B.prop4.1.persistence rejects α ∉ (0, 1], unknown and missing parameters, naming the option and value")
    func badParameters() throws {
        let theorem = try TheoremRegistry.theorem("B.prop4.1.persistence")
        for alpha in [0, 1.5, -0.1, .nan, .infinity] {
            let error = try #require(throws: InputError.self) { try theorem.evaluate(["alpha": alpha, "eta-floor": 0.5, "epsilon-floor": 0.01]) }
            #expect(error.source == "--alpha" && error.reason.contains(describeNumber(alpha)), "\(error)")
        }
        let unknown = try #require(throws: InputError.self) { try theorem.evaluate(["alpha": 0.5, "eta-floor": 0.5, "epsilon-floor": 0.01, "beta": 1]) }
        #expect(unknown.source == "--beta")
        let missing = try #require(throws: InputError.self) { try theorem.evaluate(["alpha": 0.5]) }
        #expect(missing.source == "--eta-floor")
    }

    @Test("labelled assumptions: Prop 3.3 and Thm 3.4 carry eps*2<=1 and A1–A4, Thm 4.2 sum-eps*2<inf, eta-floor and A1–A5, B.kde.closure p0=pdata; ε*² = 1.7 is not applicable by label")
    func labelledAssumptions() throws {
        for key in ["B.prop3.3.chi2-lower", "B.thm3.4.two-sided"] {
            #expect(try TheoremRegistry.theorem(key).assumptionLabels == ["eps*2<=1", "A1", "A2", "A3", "A4"], "\(key)")
        }
        let discounted = try TheoremRegistry.theorem("B.thm4.2.discounted-sum").assumptionLabels
        #expect(Set(discounted) == ["sum-eps*2<inf", "eta-floor", "A1", "A2", "A3", "A4", "A5"])
        #expect(try TheoremRegistry.theorem("B.kde.closure").assumptionLabels == ["p0=pdata"])
        // Labels are unique in the catalogue, and every label a theorem uses is in it.
        let catalogue = TheoremAssumption.labelled.compactMap(\.label)
        #expect(Set(catalogue).count == catalogue.count)
        for theorem in TheoremRegistry.all { #expect(Set(theorem.assumptionLabels).isSubset(of: Set(catalogue)), "\(theorem.key)") }

        let outside = try Self.evaluate("B.thm3.4.two-sided", ["epsilon-star-squared": 1.7, "eta": 0.5, "lower-constant": 1, "upper-constant": 1])
        #expect(outside.violations.map(\.description) == ["eps*2<=1: ε*² = 1.7 > 1"])
        #expect(outside.upper == 4 * 1.7 + 1.7 * 1.7)  // still reported, flagged not applicable
        let inside = try Self.evaluate("B.thm3.4.two-sided", ["epsilon-star-squared": 1, "eta": 0.5, "lower-constant": 1, "upper-constant": 1])
        #expect(inside.isApplicable)
        #expect(TheoremAssumption.momentConditionViolation(infiniteRuns: 2, runs: 2)?.description
                == "A3: χ²(p̂^{i+1}‖q_i) = ∞, so the moment condition fails")
    }

    @Test("C.thm2.recovery-upper: the registered rates (upper and lower) evaluate c₁‖E‖_F/(√N − √(d−1)) and β − c₁′‖E‖_F/(√d − √N − 1), and are not applicable outside N ≥ d, resp. N < d with √d − √N > 1")
    func recoveryRates() throws {
        // Hand values: N = 4, d = 1: √4 − √0 = 2, so c₁ = 2, ‖E‖_F = 0.5 give 2·0.5/2 = 0.5.
        let upper = try Self.evaluate("C.thm2.recovery-upper", ["points": 4, "rank": 1, "noise-norm": 0.5, "c1": 2])
        #expect(upper.upper == 0.5 && upper.isApplicable)
        // N = 1, d = 9: β = √(2·8) = 4, √9 − √1 − 1 = 1, so c₁′ = 1, ‖E‖_F = 0.1 give 4 − 0.1 = 3.9.
        let lower = try Self.evaluate("C.thm2.recovery-lower", ["points": 1, "rank": 9, "noise-norm": 0.1, "c1-prime": 1])
        #expect(abs(try #require(lower.lower) - 3.9) < 1e-15 && lower.isApplicable)
        // b scales β: b = 0.5 gives 2 − 0.1.
        let scaled = try Self.evaluate("C.thm2.recovery-lower", ["points": 1, "rank": 9, "noise-norm": 0.1, "c1-prime": 1, "beta-scale": 0.5])
        #expect(abs(try #require(scaled.lower) - 1.9) < 1e-15)
        // The default constants are the documented ones (√2), flagged uncertain.
        let defaults = try Self.evaluate("C.thm2.recovery-upper", ["points": 4, "rank": 1, "noise-norm": 1])
        #expect(defaults.upper == 2.0.squareRoot() / 2 && defaults.uncertainConstants.map(\.parameter.name) == ["c1"])
        // Outside the hypotheses: by label, and no bound.
        let few = try Self.evaluate("C.thm2.recovery-upper", ["points": 2, "rank": 3, "noise-norm": 0.1])
        #expect(few.violations.map(\.label) == ["N_k>=d"] && few.upper == nil)
        let many = try Self.evaluate("C.thm2.recovery-lower", ["points": 4, "rank": 4, "noise-norm": 0.1])
        #expect(many.violations.map(\.label) == ["N_k<d"] && many.lower == nil)
        let close = try Self.evaluate("C.thm2.recovery-lower", ["points": 3, "rank": 4, "noise-norm": 0.1])
        #expect(close.violations.map(\.label) == ["sqrt(d)-sqrt(N_k)>1"] && close.lower == nil)
        #expect(try TheoremRegistry.theorem("C.thm2.recovery-lower").assumptionLabels == ["N_k<d", "sqrt(d)-sqrt(N_k)>1"])
    }
}
