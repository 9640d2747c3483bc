import Foundation

/// Streaming mean and standard error of wᵢ = exp(rᵢ) given the logs rᵢ, without overflow.
///
/// ```
/// s = max_{i ≤ N} rᵢ (running),   wᵢ′ = exp(rᵢ − s) ∈ (0, 1]
/// mean(w) = eˢ · mean(w′),        SE(w) = eˢ · SE(w′)
/// ```
/// When a new rᵢ exceeds s, the moments of the w′ seen so far are rescaled by exp(s_old − s_new) ≤ 1
/// (`RunningMoments.rescale`), so no exp ever overflows and the Welford update stays stable.
struct ShiftedExponentialMoments {
    private(set) var shift = -Double.infinity
    private var shifted = RunningMoments()

    mutating func add(logValue r: Double) {
        if r > shift {
            if shifted.count > 0 {
                let factor = exp(shift - r)
                shifted.rescale(by: factor)
            }
            shift = r
        }
        let w = exp(r - shift)
        shifted.add(w)
    }

    var count: Int { shifted.count }
    /// log mean(w) = s + log mean(w′).
    var logMean: Double { shift + log(shifted.mean) }
    /// SE(w) = eˢ·SE(w′), formed as exp(s + log SE(w′)); +∞ only if SE(w) itself overflows.
    var standardError: Double { exp(shift + log(shifted.standardError)) }
}
