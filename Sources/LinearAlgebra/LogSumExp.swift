import Foundation

/// Numerically stable log-sum-exp.
///
/// ```
/// log Σ_k exp(a_k) = m + log Σ_k exp(a_k − m),   m = max_k a_k
/// ```
/// Returns −∞ for an empty input or when every term is −∞, and +∞ if any term is +∞.
public func logSumExp(_ values: [Double]) -> Double {
    let largest = values.max() ?? -Double.infinity
    guard largest.isFinite else { return largest }
    var sum = 0.0
    for value in values { sum += exp(value - largest) }
    return largest + log(sum)
}
