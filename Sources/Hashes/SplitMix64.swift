/// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit generator whose output is a bijective mixer (`mix`) of a
/// state advanced by the golden-ratio increment γ.
/// ```
/// γ = 0x9E3779B97F4A7C15
/// mix(v):  z = v + γ,  z = (z ⊕ z≫30)·0xBF58476D1CE4E5B9,  z = (z ⊕ z≫27)·0x94D049BB133111EB,  z ⊕ z≫31
/// next():  returns mix(state), then state ← state + γ              (all mod 2⁶⁴)
/// ```
/// `mix` alone turns nearby seeds into unrelated ones; `next()` expands one seed into a sequence.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// γ = ⌊2⁶⁴/φ⌋, the increment of the state (odd, so the state runs through all 2⁶⁴ values).
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The state; `next()` returns `mix(state)` and adds `increment`.
    public private(set) var state: UInt64

    /// A generator whose first output is `mix(state)`.
    public init(state: UInt64) { self.state = state }

    /// The next output.
    public mutating func next() -> UInt64 {
        defer { state &+= Self.increment }
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser of `value + γ`: a bijection of 64-bit values.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ increment
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
