/// The 64-bit FNV-1a hash: a fixed, platform-independent fingerprint of bytes (Swift's `Hasher` is seeded
/// per process, so it cannot name a file or a random stream).
/// ```
/// h₀ = 0xcbf29ce484222325,   hᵢ = (hᵢ₋₁ ⊕ byteᵢ) · 0x100000001b3 (mod 2⁶⁴)
/// ```
public enum FNV1a {
    /// The hash of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
