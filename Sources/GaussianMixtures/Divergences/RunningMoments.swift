import Foundation

/// Streaming mean and variance (Welford's update), for Monte-Carlo estimates with a standard error.
///
/// ```
/// N ← N + 1,   δ = x − m,   m ← m + δ/N,   M₂ ← M₂ + δ·(x − m)
/// mean = m,    sample variance s² = M₂/(N − 1),    standard error = s/√N
/// ```
/// Stable where the two-pass-free formula Σx²/N − m² cancels (small variance, large mean). `rescale`
/// multiplies every value seen so far by a factor, which `ShiftedExponentialMoments` uses when its
/// log-shift moves.
struct RunningMoments {
    private(set) var count = 0
    private(set) var mean = 0.0
    private var sumOfSquaredDeviations = 0.0

    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// As if every value added so far had been multiplied by `factor`.
    mutating func rescale(by factor: Double) {
        mean *= factor
        sumOfSquaredDeviations *= factor * factor
    }

    /// s² (0 with fewer than two values).
    var variance: Double { count > 1 ? max(0, sumOfSquaredDeviations) / Double(count - 1) : 0 }

    /// s/√N (0 with fewer than two values).
    var standardError: Double { count > 1 ? (variance / Double(count)).squareRoot() : 0 }
}
