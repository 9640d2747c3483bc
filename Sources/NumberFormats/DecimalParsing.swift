#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal text to `Double`, correctly rounded (round half to even), reading bytes in place: the C
/// library's `strtod` in the C locale, made faster for the common decimal form.
///
/// A number `[+-]?digits[.digits]([eE][+-]?digits)?` (or `.digits`) with at most 19 significant digits,
/// written w·10^q with w < 10¹⁹, is converted by
/// 1. Clinger's fast path [C90]: w ≤ 2⁵³ and |q| ≤ 22, so w and 10^|q| are exact doubles and one IEEE
///    multiplication or division rounds the exact product or quotient once;
/// 2. otherwise, for −342 ≤ q ≤ 308, the Eisel–Lemire algorithm [L21, §5]: w normalised to 64 bits times a
///    128-bit truncation of 5^q (`powersOfFive`), whose top 55 bits give the 53-bit significand and its
///    rounding; a product whose low word is all ones outside −27 ≤ q ≤ 55 (where the truncation could hide
///    a carry) is left undecided ([ML23] proves it never happens; the check stays as a guard).
/// Everything else goes to `strtod` itself: more than 19 significant digits, q outside −342…308, an
/// undecided product, leading white space, hexadecimal numbers, `inf`, `nan`, an `e` without exponent
/// digits, no digits at all. So the accepted text, the number of bytes read and every value are exactly
/// `strtod`'s (an overflow reads as ±∞, an underflow as ±0). Derivation and bounds:
/// proofs/core.decimal-parsing.md.
public enum DecimalParsing {
    /// The number at the start of NUL-terminated text, as `strtod(start, &end)` reads it in the C locale.
    /// - Parameter start: the first byte of the text; a NUL byte follows the number somewhere after it.
    /// - Returns: the value and the number of bytes read; (0, 0) when no number starts at `start`.
    public static func double(at start: UnsafePointer<UInt8>) -> (value: Double, length: Int) {
        var cursor = start
        let negative = cursor.pointee == UInt8(ascii: "-")
        if negative || cursor.pointee == UInt8(ascii: "+") { cursor += 1 }
        // "0x…" is a hexadecimal number for strtod.
        if cursor[0] == UInt8(ascii: "0"), cursor[1] | 0x20 == UInt8(ascii: "x") { return libraryDouble(at: start) }
        let digitsStart = cursor
        var significand: UInt64 = 0
        while let digit = digitValue(cursor.pointee) {
            significand = significand &* 10 &+ digit
            cursor += 1
        }
        var digitCount = cursor - digitsStart
        var exponent = 0
        if cursor.pointee == UInt8(ascii: ".") {
            cursor += 1
            let fractionStart = cursor
            while let digit = digitValue(cursor.pointee) {
                significand = significand &* 10 &+ digit
                cursor += 1
            }
            exponent = fractionStart - cursor
            digitCount += cursor - fractionStart
        }
        guard digitCount > 0 else { return libraryDouble(at: start) }
        if cursor.pointee | 0x20 == UInt8(ascii: "e") {
            var exponentCursor = cursor + 1
            let exponentNegative = exponentCursor.pointee == UInt8(ascii: "-")
            if exponentNegative || exponentCursor.pointee == UInt8(ascii: "+") { exponentCursor += 1 }
            guard digitValue(exponentCursor.pointee) != nil else { return libraryDouble(at: start) }
            var written = 0
            while let digit = digitValue(exponentCursor.pointee) {
                written = written * 10 + Int(digit)
                // An exponent this long is strtod's to read (Int must not overflow).
                if written >= 1 << 40 { return libraryDouble(at: start) }
                exponentCursor += 1
            }
            exponent += exponentNegative ? -written : written
            cursor = exponentCursor
        }
        if digitCount > 19 {
            // Leading zeros (and the point among them) are not significant.
            var leading = digitsStart
            while leading.pointee == UInt8(ascii: "0") || leading.pointee == UInt8(ascii: ".") {
                if leading.pointee == UInt8(ascii: "0") { digitCount -= 1 }
                leading += 1
            }
            if digitCount > 19 { return libraryDouble(at: start) }
        }
        let length = cursor - start
        let sign: UInt64 = negative ? 1 << 63 : 0
        if significand == 0 { return (Double(bitPattern: sign), length) }
        if significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            let magnitude = exponent < 0 ? Double(significand) / exactPowersOfTen[-exponent]
                                         : Double(significand) * exactPowersOfTen[exponent]
            return (negative ? -magnitude : magnitude, length)
        }
        guard exponent >= smallestPowerOfFive, exponent <= largestPowerOfFive,
              let bits = eiselLemireBits(significand: significand, exponent: exponent) else {
            return libraryDouble(at: start)
        }
        return (Double(bitPattern: bits | sign), length)
    }

    /// 10⁰ … 10²², every one an exact `Double` (5²² < 2⁵³).
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The bit pattern (sign clear) of w·10^q correctly rounded, 0 < w < 10¹⁹, −342 ≤ q ≤ 308; nil when
    /// the truncated product cannot decide it. ±∞ above the largest double, 0 below half the smallest.
    static func eiselLemireBits(significand: UInt64, exponent q: Int) -> UInt64? {
        let leadingZeros = significand.leadingZeroBitCount
        let w = significand << UInt64(leadingZeros)
        let index = 2 * (q - smallestPowerOfFive)
        var (high, low) = w.multipliedFullWidth(by: powersOfFive[index])
        // The top 55 bits (53 + a rounding bit + the bit the product may start at) are final unless the
        // bits below them are all ones, where the low word of 5^q may still carry into them.
        let belowPrecision: UInt64 = .max >> 55
        if high & belowPrecision == belowPrecision {
            let second = w.multipliedFullWidth(by: powersOfFive[index + 1]).high
            let (sum, carry) = low.addingReportingOverflow(second)
            low = sum
            if carry { high &+= 1 }
        }
        if low == .max, q < -27 || q > 55 { return nil }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 9)
        var mantissa = high >> shift
        // ⌊q·log₂10⌋ = (217706·q) >> 16 for |q| ≤ 1500; 1023 is the exponent bias.
        var biasedExponent = ((217_706 * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if biasedExponent <= 0 {
            // Subnormal (or zero): shift to the fixed exponent, round half up on the dropped bit.
            if -biasedExponent + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-biasedExponent + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            // Rounding up to 2⁵² makes it the smallest normal number.
            return mantissa | (mantissa < 1 << 52 ? 0 : 1 << 52)
        }
        // An exact halfway product (possible only for −4 ≤ q ≤ 23) rounds to even, not up.
        if low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << shift == high {
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            biasedExponent += 1
        }
        mantissa &= ~(1 << 52)
        if biasedExponent >= 0x7FF { return 0x7FF << 52 }
        return mantissa | UInt64(biasedExponent) << 52
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> UInt64? {
        let digit = byte &- UInt8(ascii: "0")
        return digit < 10 ? UInt64(digit) : nil
    }

    /// `strtod` on the same bytes: its value and the bytes it read.
    static func libraryDouble(at start: UnsafePointer<UInt8>) -> (value: Double, length: Int) {
        let text = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
        var end: UnsafeMutablePointer<CChar>? = nil
        let value = strtod(text, &end)
        return (value, UnsafeRawPointer(end!) - UnsafeRawPointer(text))
    }
}
