/// The exponentials of the log-sum-exp passes over many terms (the kernel density estimate's tiles and a
/// shared-covariance mixture's components), vectorised four lanes at a time.
public enum LaneExponential {
    /// e^x for x ≤ 0, four lanes at a time (the exponentials dominate both kernels' cost; libm's scalar
    /// `exp` took 55–70 % of a KDE score call at N = 10⁵, see Benchmarks/KDEThroughput):
    /// ```
    /// k = round(x/ln 2),  r = (x − k·ln2_hi) − k·ln2_lo  (Cody–Waite, |r| ≤ ln2/2),  e^x = 2^k·Σ_{i≤13} rⁱ/i!
    /// ```
    /// The rounding is the 1.5·2⁵² shifter trick and 2^k is assembled in the exponent bits, so every step
    /// vectorises. Within 1 ulp of libm's `exp` (measured over 2·10⁵ points of [−708, 0] by
    /// `KernelDensityTests.laneExponential`; the Taylor remainder r¹⁴/14! < 2·10⁻¹⁹ at |r| ≤ ln2/2, so the
    /// error is Horner's rounding); x < −708 (and −∞) gives 0 — such a term is below
    /// 10⁻³⁰⁷ of a sum whose largest term is 1. NaN propagates.
    @inline(__always)
    public static func exponential(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let shifter = SIMD4<Double>(repeating: 6_755_399_441_055_744)  // 1.5·2⁵²: adding it rounds to an integer
        let clamped = x.replacing(with: -708, where: x .< -708)
        let shifted = clamped * 1.442_695_040_888_963_4 + shifter
        let k = shifted - shifter
        let r = (clamped - k * 0.693_147_180_369_123_816_490) - k * 1.908_214_929_270_587_700_02e-10
        // Horner from 1/13! down to 1/0! (the reciprocals are folded at compile time).
        var p = SIMD4<Double>(repeating: 1.0 / 6_227_020_800)
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD4<Int64>.self) &- unsafeBitCast(shifter, to: SIMD4<Int64>.self) &+ 1023) &<< 52
        return (p * unsafeBitCast(exponent, to: SIMD4<Double>.self)).replacing(with: 0, where: x .< -708)
    }

    /// Replaces row[j] by e^{row[j] − shift} for j < count, four lanes at a time (`exponential`), and returns
    /// their sum, accumulated in index order. The last count mod 4 lanes are padded with −∞ (giving 0) and
    /// not stored.
    @inline(__always)
    public static func exponentiate(_ row: UnsafeMutablePointer<Double>, count: Int, shift largest: Double) -> Double {
        var sum = 0.0, j = 0
        let shift = SIMD4<Double>(repeating: largest)
        while j + 4 <= count {
            let values = exponential(SIMD4(row[j], row[j + 1], row[j + 2], row[j + 3]) - shift)
            row[j] = values[0]; row[j + 1] = values[1]; row[j + 2] = values[2]; row[j + 3] = values[3]
            sum += values[0] + values[1] + values[2] + values[3]
            j += 4
        }
        if j < count {
            var lanes = SIMD4<Double>(repeating: -.infinity)
            for l in 0..<(count - j) { lanes[l] = row[j + l] - largest }
            let values = exponential(lanes)
            for l in 0..<(count - j) {
                row[j + l] = values[l]
                sum += values[l]
            }
        }
        return sum
    }
}
