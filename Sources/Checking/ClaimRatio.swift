/// The ratio conventions of `closedform check`: every claim is reduced to one number that is ≤ 1 exactly
/// when the claim holds on that case (proofs/core.check.md).
///
/// ```
/// upper bound   measured ≤ bound      ratio = measured / bound
/// lower bound   measured ≥ bound      ratio = bound / measured
/// identity      lhs = rhs             ratio = |lhs − rhs| / (tolerance · scale)
/// ```
/// Edge cases: a bound the theorem does not give (its condition fails) is no claim (nil); a non-positive
/// lower bound is vacuous (ratio 0); a positive lower bound against a zero measurement, or a positive
/// measurement against a zero upper bound, is +∞.
public enum ClaimRatio {
    /// Rounding slack: a ratio ≤ 1 + 10⁻⁹ counts as holding (the equality cases of [B, Prop 3.1] and of the
    /// identities reach 1 up to the last bits).
    public static let slack = 1e-9

    /// True when `ratio` is a counterexample (beyond the rounding slack).
    public static func fails(_ ratio: Double) -> Bool { !(ratio <= 1 + slack) }

    /// Standard errors a Monte Carlo ratio must exceed 1 by to count as a counterexample: a case whose sides
    /// are equal in exact arithmetic (the equality cases of [B, Prop 3.1]) then fails by chance with
    /// probability about 3·10⁻⁵ per case under the normal approximation (proofs/core.check.md).
    public static let standardErrors = 4.0

    /// True when a ratio with standard error `se` is a counterexample: beyond the rounding slack, and for
    /// se > 0 also ratio − 1 > 4·se.
    public static func fails(_ ratio: Double, standardError se: Double) -> Bool {
        fails(ratio) && !(ratio - 1 <= standardErrors * se)
    }

    /// The delta-method standard error of r = a/b from independent estimates a ± se_a, b ± se_b:
    /// se_r = |r|·√((se_a/a)² + (se_b/b)²); 0 when both are exact; +∞ when a side with an error is 0.
    public static func standardError(ratio r: Double, numerator a: Double, _ seA: Double, denominator b: Double, _ seB: Double) -> Double {
        guard seA > 0 || seB > 0 else { return 0 }
        guard a != 0, b != 0 else { return .infinity }
        return abs(r) * ((seA / a) * (seA / a) + (seB / b) * (seB / b)).squareRoot()
    }

    /// measured / bound for "measured ≤ bound"; nil when no bound is given.
    public static func upper(measured: Double, bound: Double?) -> Double? {
        guard let bound else { return nil }
        if bound > 0 { return max(0, measured) / bound }
        return measured > 0 ? .infinity : 0
    }

    /// bound / measured for "measured ≥ bound"; nil when no bound is given.
    public static func lower(measured: Double, bound: Double?) -> Double? {
        guard let bound else { return nil }
        if bound <= 0 { return 0 }
        return measured > 0 ? bound / measured : .infinity
    }

    /// |lhs − rhs| / (tolerance · max(1, |rhs|)): a relative error above 1 for |rhs| > 1, absolute below.
    public static func identity(_ lhs: Double, _ rhs: Double, tolerance: Double) -> Double {
        abs(lhs - rhs) / (tolerance * max(1, abs(rhs)))
    }
}
