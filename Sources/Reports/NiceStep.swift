import Foundation

/// A tick step m·10^k with m ∈ {1, 2, 5}: its multiples are the "nice" tick values of a linear axis.
public struct NiceStep: Sendable, Equatable {
    public let mantissa: Int
    public let exponent: Int

    /// m·10^k as a double.
    public var value: Double { multiple(1) }

    /// i·m·10^k, rounded once (for k < 0 as i·m / 10^−k, so that 3 × 0.1 prints as 0.3).
    public func multiple(_ i: Double) -> Double {
        let scaled = i * Double(mantissa)
        return exponent >= 0 ? scaled * pow(10, Double(exponent)) : scaled / pow(10, Double(-exponent))
    }
}
