import Foundation

/// The drawn range of one axis and its ticks.
///
/// Linear axes: ticks are multiples of a "nice" step s = m·10^k, m ∈ {1, 2, 5}, the smallest with at
/// most `maximumTicks` ticks on the range; a fitted range is widened outwards to the neighbouring
/// multiples of s. Log axes: the range is the data's with a margin of 3 % of its logarithmic span (widened
/// to whole decades when fewer than two decades fall inside), and the ticks are the decades 10^k with k a
/// multiple of a stride r ∈ {1, 2, 5, 10, 20, …} keeping at most `maximumTicks` of them.
public struct AxisTicks: Sendable, Equatable {
    public let scale: AxisScale
    /// The drawn range, in data units (positive on a log axis).
    public let low: Double
    public let high: Double
    /// Tick values, ascending, inside [low, high].
    public let values: [Double]
    /// The labels, one per tick.
    public let labels: [TickLabel]

    /// Upper limit on the number of ticks.
    public static let maximumTicks = 8

    /// Fits the axis to `data` (non-finite values and, on a log axis, values ≤ 0 ignored), or takes the
    /// axis's fixed range. With no usable data the range is 0…1 (linear) or 1…10 (log).
    public init(axis: FigureAxis, data: [Double]) {
        let usable = data.filter { $0.isFinite && (axis.scale == .linear || $0 > 0) }
        scale = axis.scale
        switch axis.scale {
        case .linear:
            let (low, high) = axis.range.map { ($0.lowerBound, $0.upperBound) } ?? Self.span(usable)
            let step = Self.niceStep(low: low, high: high)
            // 10⁻⁹ of a step absorbs the rounding of low/s and high/s at exact multiples.
            let fitted = axis.range == nil
            let first = fitted ? (low / step.value + 1e-9).rounded(.down) : (low / step.value - 1e-9).rounded(.up)
            let last = fitted ? (high / step.value - 1e-9).rounded(.up) : (high / step.value + 1e-9).rounded(.down)
            values = stride(from: first, through: last, by: 1).map { step.multiple($0) }
            self.low = axis.range == nil ? values.first ?? low : low
            self.high = axis.range == nil ? values.last ?? high : high
            labels = Self.linearLabels(values, step: step)
        case .log10:
            let dataLow = Foundation.log10(usable.min() ?? 1), dataHigh = Foundation.log10(usable.max() ?? 10)
            var lower: Double, upper: Double
            if let range = axis.range {
                (lower, upper) = (Foundation.log10(range.lowerBound), Foundation.log10(range.upperBound))
            } else {
                // 3 % of the logarithmic span on each side, as a margin; a single value gets half a decade.
                let margin = dataHigh > dataLow ? 0.03 * (dataHigh - dataLow) : 0.5
                (lower, upper) = (dataLow - margin, dataHigh + margin)
                if (upper + 1e-9).rounded(.down) - (lower - 1e-9).rounded(.up) < 1 {
                    // Fewer than two decades inside: widen to whole decades.
                    (lower, upper) = ((dataLow + 1e-9).rounded(.down), (dataHigh - 1e-9).rounded(.up))
                    if upper <= lower { upper = lower + 1 }
                }
            }
            let exponents = Self.decadeTicks(from: Int((lower - 1e-9).rounded(.up)), through: Int((upper + 1e-9).rounded(.down)))
            values = exponents.map { Self.decade($0) }
            labels = exponents.map { TickLabel("10", exponent: Self.minusSign(String($0))) }
            self.low = axis.range?.lowerBound ?? Self.power(lower)
            self.high = axis.range?.upperBound ?? Self.power(upper)
        }
    }

    /// Where `value` falls along the axis as a fraction of its length (0 at `low`, 1 at `high`), clamped to
    /// [−10, 11] so that far-off values stay finite (the plot clips them); nil for a value that cannot be
    /// drawn (non-finite, or ≤ 0 on a log axis).
    public func fraction(_ value: Double) -> Double? {
        guard value.isFinite, scale == .linear || value > 0 else { return nil }
        let t: Double
        switch scale {
        case .linear: t = (value - low) / (high - low)
        case .log10: t = (Foundation.log10(value) - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low))
        }
        return min(11, max(-10, t))
    }

    /// A band end as drawn: the value itself, or the axis's lower end for a finite value ≤ 0 on a log axis
    /// (an interval reaching 0 reaches −∞ in log scale); nil when non-finite.
    public func bandValue(_ value: Double) -> Double? {
        if accepts(value) { return value }
        return value.isFinite && scale == .log10 ? low : nil
    }

    /// Whether `value` can be drawn on this axis.
    public func accepts(_ value: Double) -> Bool { fraction(value) != nil }

    /// The exponents of the decade ticks in [first, last]: the multiples of the smallest stride r of 1, 2, 5,
    /// 10, 20, 50, … that leaves at most `maximumTicks` of them.
    static func decadeTicks(from first: Int, through last: Int) -> [Int] {
        guard first <= last else { return [] }
        var magnitude = 1
        while true {
            for m in [1, 2, 5] {
                let r = m * magnitude
                let start = Int((Double(first) / Double(r)).rounded(.up)) * r
                let ticks = Array(stride(from: start, through: last, by: r))
                if ticks.count <= maximumTicks { return ticks }
            }
            magnitude *= 10
        }
    }

    /// 10^k, computed exactly for the decades a double holds (division by an exact power for k < 0).
    static func decade(_ k: Int) -> Double {
        k >= 0 ? pow(10, Double(k)) : 1 / pow(10, Double(-k))
    }

    /// 10^x: `decade` for an integer x, `pow` otherwise.
    static func power(_ x: Double) -> Double {
        x == x.rounded() && abs(x) < 400 ? decade(Int(x)) : pow(10, x)
    }

    /// The range of the data, widened when it is a single value: v ± |v|/2 (±1 at 0).
    static func span(_ values: [Double]) -> (Double, Double) {
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        if low < high { return (low, high) }
        let pad = low == 0 ? 1 : abs(low) / 2
        return (low - pad, high + pad)
    }

    /// A nice step m·10^k: the smallest with at most `maximumTicks` multiples in [low, high].
    static func niceStep(low: Double, high: Double) -> NiceStep {
        let span = max(high - low, Double.leastNormalMagnitude)
        var k = Int(Foundation.log10(span / Double(maximumTicks - 1)).rounded(.down)) - 1
        while true {
            for m in [1, 2, 5] {
                let step = NiceStep(mantissa: m, exponent: k)
                let count = (high / step.value - 1e-9).rounded(.up) - (low / step.value + 1e-9).rounded(.down) + 1
                if count <= Double(maximumTicks) { return step }
            }
            k += 1
        }
    }

    /// Labels with as many decimals as the step needs; m×10^e with a superscript when the values are
    /// large (≥ 10⁶) or the step is small (< 10⁻⁴).
    static func linearLabels(_ values: [Double], step: NiceStep) -> [TickLabel] {
        let largest = values.map(abs).max() ?? 0
        if largest < 1e6 && step.exponent >= -4 {
            let decimals = max(0, -step.exponent)
            return values.map { TickLabel(minusSign(String(format: "%.\(decimals)f", $0 + 0))) }
        }
        let e = Int(Foundation.log10(max(largest, step.value)).rounded(.down))
        let decimals = max(0, e - step.exponent)
        return values.map { value in
            value == 0 ? TickLabel("0")
                : TickLabel(minusSign(String(format: "%.\(decimals)f", value / decade(e))) + "×10", exponent: minusSign(String(e)))
        }
    }

    /// `text` with ASCII hyphen-minus replaced by the minus sign U+2212.
    static func minusSign(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: "−")
    }
}
