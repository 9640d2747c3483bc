import Foundation
import LinearAlgebra
import RandomStreams

/// One searched coordinate of a `ClaimCheck`: a named integer or real range, drawn uniformly or
/// log-uniformly, perturbed by the local search and simplified by the shrinker.
///
/// Names match the theorem's command-line parameters where they are the same quantity (`alpha`,
/// `epsilon-star-squared`), so that a case can be replayed with `closedform bound <key> --name value`.
public struct CheckParameter: Sendable {
    /// The name, without dashes.
    public let name: String
    /// The closed range searched.
    public let range: ClosedRange<Double>
    /// True for integer parameters (dimensions, component counts, seeds, rounds).
    public let integer: Bool
    /// True when values are drawn and perturbed on a log scale (requires a positive lower end).
    public let logScale: Bool
    /// For a choice among named values (`ou`, `vp`, …): the names, value i standing for `choices[i]`; empty
    /// otherwise. A choice is an integer parameter on 0…count−1 whose simplest value is the first listed.
    public let choices: [String]
    /// For a 0/1 switch (`switch(_:probability:)`): the probability of drawing 1; nil for a uniform draw.
    public let probabilityOfOne: Double?

    public init(_ name: String, _ range: ClosedRange<Double>, integer: Bool = false, logScale: Bool = false) {
        precondition(!logScale || range.lowerBound > 0, "CheckParameter \(name): log scale needs a positive lower end, got \(range)")
        self.name = name
        self.range = range
        self.integer = integer
        self.logScale = logScale
        self.choices = []
        self.probabilityOfOne = nil
    }

    /// A choice among `choices` (at least one), drawn uniformly.
    public init(_ name: String, choices: [String]) {
        precondition(!choices.isEmpty, "CheckParameter \(name): a choice needs at least one value")
        self.name = name
        self.range = 0...Double(choices.count - 1)
        self.integer = true
        self.logScale = false
        self.choices = choices
        self.probabilityOfOne = nil
    }

    /// `value` as printed: the choice's name for a choice parameter, the number otherwise.
    public func label(_ value: Double) -> String {
        if !choices.isEmpty, let index = Int(exactly: value), choices.indices.contains(index) { return choices[index] }
        return ClaimCheckOutcome.format(value)
    }

    /// A 0/1 integer drawn as 1 with probability `probability`: selects a costly family of cases (Monte Carlo
    /// sides) for a fraction of the draws; the local search may flip it, and the shrinker tries 0 first.
    public static func `switch`(_ name: String, probability: Double) -> CheckParameter {
        CheckParameter(name, probability: probability)
    }

    private init(_ name: String, probability: Double) {
        precondition(probability >= 0 && probability <= 1, "CheckParameter \(name): probability \(probability) outside [0, 1]")
        self.name = name
        self.range = 0...1
        self.integer = true
        self.logScale = false
        self.probabilityOfOne = probability
        self.choices = []
    }

    /// An integer parameter in `lower…upper`.
    public static func integer(_ name: String, _ lower: Int, _ upper: Int) -> CheckParameter {
        CheckParameter(name, Double(lower)...Double(upper), integer: true)
    }

    /// A real parameter drawn log-uniformly in `range`.
    public static func logReal(_ name: String, _ range: ClosedRange<Double>) -> CheckParameter {
        CheckParameter(name, range, logScale: true)
    }

    /// A uniform (or log-uniform) draw in the range.
    func draw(_ stream: RandomStream) -> Double {
        if let probabilityOfOne { return stream.uniform() < probabilityOfOne ? 1 : 0 }
        if integer { return range.lowerBound + Double(stream.integer(below: Int(range.upperBound - range.lowerBound) + 1)) }
        let u = stream.uniform()
        if logScale { return exp(log(range.lowerBound) + u * (log(range.upperBound) - log(range.lowerBound))) }
        return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }

    /// A random move of relative size `scale` ∈ (0, 1]: a fresh draw for a choice, ±1 for integers, a Gaussian step otherwise (on the
    /// log scale when `logScale`), clamped to the range.
    func perturb(_ value: Double, scale: Double, _ stream: RandomStream) -> Double {
        if !choices.isEmpty { return draw(stream) }
        if integer { return clamp(value + (stream.uniform() < 0.5 ? -1 : 1)) }
        if logScale { return clamp(value * exp(scale * 2 * stream.gaussian())) }
        return clamp(value + scale * (range.upperBound - range.lowerBound) * stream.gaussian())
    }

    /// Simpler values to try in place of `value`, simplest first: for integers every smaller value (at most
    /// 20, from the lower end); for reals the lower end, then `value` rounded to 1, 2 and 3 significant digits.
    public func simplerValues(than value: Double) -> [Double] {
        if integer {
            let lower = range.lowerBound
            return stride(from: lower, to: min(value, lower + 20), by: 1).map { $0 }
        }
        let rounded = (1...3).map { CheckParameter.round(value, significantDigits: $0) }.filter { range.contains($0) }
        var candidates: [Double] = []
        for candidate in [range.lowerBound] + rounded where candidate != value && !candidates.contains(candidate) {
            candidates.append(candidate)
        }
        return candidates
    }

    /// `value` rounded to `digits` significant digits.
    static func round(_ value: Double, significantDigits digits: Int) -> Double {
        guard value != 0, value.isFinite else { return value }
        let scale = pow(10, Double(digits) - 1 - floor(log10(abs(value))))
        return (value * scale).rounded() / scale
    }

    private func clamp(_ value: Double) -> Double { min(range.upperBound, max(range.lowerBound, value)) }
}
