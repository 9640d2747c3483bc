/// What kind of claim a theorem makes about its quantity, and so which fields of a `BoundEvaluation` it fills.
public enum BoundSide: String, CaseIterable, Sendable {
    /// quantity ≤ bound: fills `upper`.
    case upper
    /// quantity ≥ bound: fills `lower`.
    case lower
    /// lower ≤ quantity ≤ upper, or "≍" up to unknown constants: fills `lower` and `upper` when the constants
    /// are given, `value` (the comparison quantity) when they are not.
    case twoSided
    /// An identity between two quantities (left = right): fills `value` with the right side.
    case equality
    /// A closed-form value of a quantity (an exact formula, a conversion, a fixed point): fills `value`.
    case exact
}
