import Foundation
import Retraining

/// Multi-round claims of [B] (docs/theory.md §4): mixing lemma, recursion, persistence, discounted sum,
/// plateau, and the exact KDE population closure.
extension TheoremRegistry {
    static let paperBSection4: [Theorem] = [mixing, recursion, persistence, discountedSum, plateau, kdeClosure]

    private static let epsilonSquared = TheoremParameter(
        name: "epsilon-squared", symbol: "ε²", description: "per-round error added to D (constant over rounds)",
        domain: .nonNegative)

    static let mixing = Theorem(
        key: "B.lemma.mixing", title: "χ² of a mixture with the reference",
        statement: "χ²(αp + (1−α)r ‖ p) = (1−α)² χ²(r ‖ p).",
        latex: #"\chi^2\bigl(\alpha p+(1-\alpha)r\,\big\|\,p\bigr)=(1-\alpha)^2\,\chi^2(r\,\|\,p)"#,
        assumptions: ["p has a density and χ²(r ‖ p) < ∞", "α ∈ [0, 1]"],
        provenance: [.der], citation: "[B, §4]",
        parameters: [
            .alpha,
            TheoremParameter(name: "chi2-r", symbol: "χ²(r ‖ p)", description: "χ² divergence of r from p",
                             domain: .nonNegative),
        ],
        side: .equality
    ) { e in
        let keep = 1 - e.parameter("alpha")
        e.value = keep * keep * e.parameter("chi2-r")
    }

    static let recursion = Theorem(
        key: "B.recursion", title: "Recursion for the accumulated χ² divergence",
        statement: "D_{i+1} + (1−α)² D_i ≥ α η ε*_i²/16, with D_i = χ²(p̂^i ‖ p_data).",
        latex: #"D_{i+1}+(1-\alpha)^2D_i\ge\frac{\alpha\,\eta\,\varepsilon_i^{*2}}{16}"#,
        assumptions: TheoremAssumption.oneRound + [TheoremAssumption.cleanRegime, .a5],
        provenance: [.sec, .der], provenanceDetail: "statement: sec; combination of Prop 3.3 with the mixing lemma: der",
        citation: "[B, §4]",
        parameters: [
            .alpha, .eta, .epsilonStarSquared,
            TheoremParameter(name: "previous-divergence", symbol: "D_i", defaultValue: 0,
                             description: "accumulated divergence χ²(p̂^i ‖ p_data) before the round", domain: .nonNegative),
        ],
        side: .lower
    ) { e in
        let alpha = e.parameter("alpha")
        e.record(TheoremAssumption.smallErrorViolation(epsilonStarSquared: e.parameter("epsilon-star-squared")))
        let lower = alpha * e.parameter("eta") * e.parameter("epsilon-star-squared") / 16
        e.lower = lower
        let carried = (1 - alpha) * (1 - alpha) * e.parameter("previous-divergence")
        e.record("next-lower", "max(0, αηε*²/16 − (1−α)²D_i)", max(0, lower - carried))
    }

    static let persistence = Theorem(
        key: "B.prop4.1.persistence", title: "Persistent error keeps the divergence away from zero",
        statement: "If eventually ε*_i² ≥ ε_floor > 0 (and η_i ≥ η_floor), then limsup D_i ≥ α η_floor ε_floor / (16 (1 + (1−α)²)).",
        latex: #"\limsup_{i\to\infty}D_i\ge\frac{\alpha\,\eta_{\mathrm{floor}}\,\varepsilon_{\mathrm{floor}}}{16\,\bigl(1+(1-\alpha)^2\bigr)}"#,
        assumptions: [TheoremAssumption.etaFloor, "eventually ε*_i² ≥ ε_floor > 0", "the recursion B.recursion holds at every round"],
        provenance: [.sec], citation: "[B, Prop 4.1]",
        parameters: [
            .alpha,
            TheoremParameter(name: "eta-floor", symbol: "η_floor", description: "eventual lower bound on η_i",
                             domain: .unitInterval),
            TheoremParameter(name: "epsilon-floor", symbol: "ε_floor", description: "eventual lower bound on ε*_i²",
                             domain: .positive),
        ],
        side: .lower
    ) { e in
        let alpha = e.parameter("alpha")
        e.lower = alpha * e.parameter("eta-floor") * e.parameter("epsilon-floor") / (16 * (1 + (1 - alpha) * (1 - alpha)))
    }

    static let discountedSum = Theorem(
        key: "B.thm4.2.discounted-sum", title: "Discounted sum of per-round errors",
        statement: "D_{N+1} ≍ Σ_{k≤N} (1−α)^{2(N−k)} ε*_k² + (1−α)^{2(N+1)} D_0, up to constants and a bias term.",
        latex: #"D_{N+1}\asymp\sum_{k=0}^{N}(1-\alpha)^{2(N-k)}\varepsilon_k^{*2}+(1-\alpha)^{2(N+1)}D_0"#,
        assumptions: [TheoremAssumption.summableErrors, .etaFloor, .a1, .a2, .a3, .a4, .a5,
                      "per-round errors ε*_0², …, ε*_N² in the clean regime", "constants and a bias term unspecified"],
        provenance: [.sec], citation: "[B, Thm 4.2]",
        parameters: [
            .alpha,
            TheoremParameter(name: "initial-divergence", symbol: "D_0", defaultValue: 0,
                             description: "χ²(p̂^0 ‖ p_data)", domain: .nonNegative),
            TheoremParameter(name: "round-errors", symbol: "ε*_k²",
                             description: "per-round errors ε*_0², …, ε*_N² (comma-separated on the command line)",
                             domain: .nonNegative, isVector: true),
        ],
        side: .twoSided
    ) { e in
        let decay = (1 - e.parameter("alpha")) * (1 - e.parameter("alpha"))
        var sum = e.parameter("initial-divergence")
        for error in e.vector("round-errors") { sum = decay * sum + error }  // Horner: Σ decay^{N−k} ε_k² + decay^{N+1} D_0
        if let large = e.vector("round-errors").first(where: { $0 > 1 }) {
            e.record(TheoremAssumption.smallErrorViolation(epsilonStarSquared: large))
        }
        e.value = sum
        e.record("rounds", "N + 1", Double(e.vector("round-errors").count))
        e.note("value is the discounted sum S_N, the comparison quantity; the constants are unknown, so no numeric bound on D_{N+1} is given")
        e.note("a third-party reproduction argues the display is false as written (the left side has a positive bias) and that only additive bounds are proved")
    }

    static let plateau = Theorem(
        key: "B.plateau", title: "Plateau of the divergence under persistent error",
        statement: "The linear recursion D_{i+1} = (1−α)² D_i + ε² has the fixed point ε²/(1 − (1−α)²), approached geometrically at rate (1−α)².",
        latex: #"D_\infty=\frac{\varepsilon^2}{1-(1-\alpha)^2}"#,
        assumptions: ["a constant per-round error ε² enters additively", "α ∈ (0, 1]"],
        provenance: [.der], citation: "[B, §4]",
        parameters: [.alpha, epsilonSquared], side: .exact
    ) { e in
        let keep = 1 - e.parameter("alpha")
        e.value = e.parameter("epsilon-squared") / (1 - keep * keep)
        e.note("as α → 0 there is no plateau: D_N grows like N ε²")
    }

    static let kdeClosure = Theorem(
        key: "B.kde.closure", title: "Exact population closure of KDE retraining",
        statement: "Sampling a Gaussian KDE of bandwidth h convolves with N(0, h²I), so p̂^n is a Gaussian mixture whose within-mode per-coordinate variance is v_n = σ² + h²(1 − (1−α)^n)/α → σ² + h²/α.",
        latex: #"v_n=\sigma^2+\frac{h^2\bigl(1-(1-\alpha)^n\bigr)}{\alpha}\xrightarrow[n\to\infty]{}\sigma^2+\frac{h^2}{\alpha}"#,
        assumptions: [
            TheoremAssumption.startsAtData,
            "population limit: each round's law is (α p_data + (1−α) p̂^n) ∗ N(0, h²I) exactly",
            "modes of p_data isotropic with per-coordinate variance σ²",
        ],
        provenance: [.der], citation: "[B, §4]",
        parameters: [
            .alpha,
            TheoremParameter(name: "sigma", symbol: "σ", defaultValue: 0.6, description: "per-coordinate std of each data mode",
                             domain: .positive),
            TheoremParameter(name: "bandwidth", symbol: "h", defaultValue: 0.6, description: "KDE bandwidth", domain: .positive),
            TheoremParameter(name: "generations", symbol: "n", defaultValue: 20, description: "number of generations", domain: .count),
        ],
        side: .exact
    ) { e in
        let alpha = e.parameter("alpha"), sigma = e.parameter("sigma"), h = e.parameter("bandwidth")
        e.value = KernelDensityPopulation.withinModeVariance(
            componentVariance: sigma * sigma, bandwidth: h, mixing: try MixingConvention(freshFraction: alpha),
            generation: Int(e.parameter("generations")))
        e.record("limit", "σ² + h²/α", sigma * sigma + h * h / alpha)
    }
}
