import Foundation
import Testing
import NumberFormats
import RandomStreams

/// `DecimalParsing.double(at:)` against glibc's `strtod`. Every comparison is bit equality (no tolerance):
/// the parser claims exactly strtod's correctly rounded value and length. (The points-file round trip is
/// in PointsFileFuzzTests.)
@Suite("Decimal parsing: Clinger and Eisel–Lemire against strtod, bit for bit")
struct DecimalParsingTests {
    /// A fixed seed: the cases are the same on every run.
    static let seed: UInt64 = 0x4445_4349  // "DECI"

    /// 64 random bits.
    static func bits(_ stream: RandomStream) -> UInt64 {
        UInt64(stream.integer(below: 1 << 22)) << 42 ^ UInt64(stream.integer(below: 1 << 22)) << 21
            ^ UInt64(stream.integer(below: 1 << 22))
    }

    /// A finite double from random bits; a quarter of them subnormal (or ±0).
    static func finiteDouble(_ stream: RandomStream) -> Double {
        var pattern = bits(stream)
        if stream.integer(below: 4) == 0 { pattern &= ~(0x7FF << 52) }
        let value = Double(bitPattern: pattern)
        return value.isFinite ? value : Double(bitPattern: pattern & ~(1 << 62))
    }

    /// The first difference between `DecimalParsing` and `strtod` on `text`, or nil.
    static func mismatch(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            let base = buffer.baseAddress!
            let parsed = DecimalParsing.double(at: base)
            var end: UnsafeMutablePointer<CChar>? = nil
            let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            let expected = strtod(start, &end)
            let expectedLength = UnsafeRawPointer(end!) - UnsafeRawPointer(start)
            guard parsed.value.bitPattern != expected.bitPattern || parsed.length != expectedLength else { return nil }
            return "'\(text)': DecimalParsing \(parsed.value) (0x\(String(parsed.value.bitPattern, radix: 16))) length \(parsed.length), "
                + "strtod \(expected) (0x\(String(expected.bitPattern, radix: 16))) length \(expectedLength)"
        }
    }

    /// `printf`-style formatting of one double.
    static func formatted(_ format: String, _ value: Double) -> String {
        withVaList([value]) { arguments in
            var buffer = [CChar](repeating: 0, count: 64)
            _ = vsnprintf(&buffer, buffer.count, format, arguments)
            return String(cString: buffer)
        }
    }

    /// A random decimal string: sign, 1–25 digits (sometimes with leading zeros), maybe a point, maybe an
    /// exponent so that the value's decimal exponent lies in about −360…320.
    static func randomDecimal(_ stream: RandomStream) -> String {
        var text = ["", "-", "+"][stream.integer(below: 3)]
        let count = 1 + stream.integer(below: 25)
        var digits = (0..<count).map { _ in Character(String(stream.integer(below: 10))) }
        if stream.integer(below: 4) == 0 { digits[0] = "0" }
        let point = stream.integer(below: count + 2)
        if point <= count { digits.insert(".", at: point) }
        if digits == ["."] { digits = ["0", "."] }
        text += String(digits)
        if stream.integer(below: 8) != 0 {
            let exponent = stream.integer(below: 681) - 360
            text += ["e", "E"][stream.integer(below: 2)] + (exponent >= 0 && stream.integer(below: 2) == 0 ? "+" : "") + String(exponent)
        }
        return text
    }

    /// Decimal digits of a nonnegative integer held in base-10⁹ limbs, least significant first.
    struct Decimal {
        var limbs: [UInt64]
        init(_ value: UInt64) {
            limbs = [value % 1_000_000_000]
            var rest = value / 1_000_000_000
            while rest > 0 {
                limbs.append(rest % 1_000_000_000)
                rest /= 1_000_000_000
            }
        }
        mutating func multiply(by factor: UInt64) {
            var carry: UInt64 = 0
            for index in limbs.indices {
                let product = limbs[index] * factor + carry
                limbs[index] = product % 1_000_000_000
                carry = product / 1_000_000_000
            }
            while carry > 0 { limbs.append(carry % 1_000_000_000); carry /= 1_000_000_000 }
        }
        var digits: String {
            var text = String(limbs.last!)
            for limb in limbs.dropLast().reversed() { text += String(repeating: "0", count: 9 - String(limb).count) + String(limb) }
            return text
        }
    }

    /// The exact decimal form of odd·2^k as digits·10^e.
    static func exactDecimal(odd: UInt64, twoExponent k: Int) -> (digits: String, exponent: Int) {
        var number = Decimal(odd)
        var remaining = abs(k)
        // k ≥ 0: odd·2^k; k < 0: odd·5^|k| · 10^k.
        let (factor, chunk): (UInt64, Int) = k >= 0 ? (1 << 30, 30) : (1_220_703_125, 13)
        while remaining >= chunk { number.multiply(by: factor); remaining -= chunk }
        for _ in 0..<remaining { number.multiply(by: k >= 0 ? 2 : 5) }
        return (number.digits, min(k, 0))
    }

    /// The points halfway between adjacent finite doubles (and between the largest and 2¹⁰²⁴) written out
    /// exactly, and just above and just below them.
    static func halfwayCases(_ stream: RandomStream, count: Int) -> [String] {
        var cases: [String] = []
        for index in 0..<count {
            // A double s·2^e (subnormal: s < 2⁵², e = −1074; normal: 2⁵² ≤ s < 2⁵³); the midpoint to the next is (2s+1)·2^(e−1).
            let subnormal = index % 4 == 0
            let s = subnormal ? bits(stream) % (1 << 52) : (1 << 52) | bits(stream) % (1 << 52)
            let e = subnormal ? -1074 : (index % 7 == 0 ? 971 : -1074 + stream.integer(below: 2046))
            let (digits, exponent) = exactDecimal(odd: 2 * s + 1, twoExponent: e - 1)
            cases.append("\(digits)e\(exponent)")
            cases.append("\(digits)000001e\(exponent - 6)")
            if let last = digits.last, last != "0" {
                cases.append("\(digits.dropLast())\(Character(String(last.wholeNumberValue! - 1)))999e\(exponent - 3)")
            }
        }
        return cases
    }

    /// Exact midpoints with at most 19 digits, d·10^q for −3 ≤ q ≤ 23: d·10^q = u·2^(a+q) with u odd of 54 bits,
    /// the cases where Eisel–Lemire itself must round half to even.
    static func shortHalfwayCases(_ stream: RandomStream, count: Int) -> [String] {
        var cases: [String] = []
        while cases.count < count {
            let q = stream.integer(below: 27) - 3
            let power = (0..<abs(q)).reduce(UInt64(1)) { product, _ in product * 5 }
            // u = v·5^q (q ≥ 0) odd in [2⁵³, 2⁵⁴); for q < 0, d = u·5^|q|·2^a.
            let divisor = q >= 0 ? power : 1
            let low = ((UInt64(1) << 53) + divisor - 1) / divisor, high = ((UInt64(1) << 54) - 1) / divisor
            let v = low + bits(stream) % (high - low + 1)
            guard v % 2 == 1 else { continue }
            let u = v * divisor
            guard u >= 1 << 53, u < 1 << 54 else { continue }
            let core = q >= 0 ? v : v * power
            let shift = stream.integer(below: 4)
            guard core.leadingZeroBitCount > shift else { continue }
            let d = core << UInt64(shift)
            guard d < 10_000_000_000_000_000_000 else { continue }
            cases.append("\(d)e\(q)")
        }
        return cases
    }

    static let fixedCases = [
        "0", "-0", "+0", "0.0", "-0.0", "-0e10", "0e-999999", "-0e999999", "00000000000000000000000000",
        "5e-324", "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072009e-308",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "-1.7976931348623157e+308",
        "1e-400", "-1e-400", "1e400", "-1e400", "1e-342", "1e-343", "1e308", "1e309", "9007199254740993",
        "9007199254740992", "9007199254740994", "9007199254740995", "1e22", "1e23", "-1e-22", "123456789012345678e-30",
        "7.2057594037927933e16", "8.98846567431158e307", "0.1", "0.2", "0.3", "3", "-2.5", "1e-05", "2.5e+300",
        ".5", "5.", "-.5e1", "1.e5", "1e", "1e+", "1e-", "1e+x", "e5", ".", "-", "+", "", "+.e1", "--1", "+-1",
        "0x1p3", "0X1P-3", "0x", "-0x10", "inf", "-Infinity", "nan", "NAN(123)", " 1", "\t-2", "1.5e-3,4", "2,3",
        "1 2", "12a", "0.0000000000000000000000000000000001234567890123456789",
        "000000000000000000000000012345", "1234567890123456789", "12345678901234567890", "99999999999999999999e-20",
        "1e99999999999999999999", "1e-99999999999999999999", "0.000001e1000000000000", "184467440737095516151e-1",
        "18446744073709551615", "10000000000000000000", "9999999999999999999", "1.00000000000000000000000000001",
    ]

    @Test("core.decimal-parsing: DecimalParsing.double(at:) equals strtod in value bits and length on over 10⁶ strings (shortest forms, %.17g, %.20e, random digit strings, exact halfway cases, extremes)")
    func equalsStrtod() {
        let stream = RandomStream(seed: Self.seed)
        var failures: [String] = []
        var checked = 0
        func check(_ text: String) {
            checked += 1
            if failures.count < 10, let failure = Self.mismatch(text) { failures.append(failure) }
        }
        Self.fixedCases.forEach(check)
        for _ in 0..<170_000 {
            let value = Self.finiteDouble(stream)
            check(NumberText.csv(value))
            check(Self.formatted("%.17g", value))
            check(Self.formatted("%.20e", value))
        }
        for _ in 0..<400_000 { check(Self.randomDecimal(stream)) }
        Self.shortHalfwayCases(stream, count: 100_000).forEach(check)
        Self.halfwayCases(stream, count: 400).forEach(check)
        #expect(checked >= 1_000_000)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

@Suite("Number text: the CSV writer without a String per number")
struct CSVBytesTests {
    @Test("NumberText.CSVBytes appends exactly NumberText.csv's text for random bit patterns, subnormals, ±0, ±∞ and NaN")
    func sameTextAsCSV() {
        let stream = RandomStream(seed: DecimalParsingTests.seed &+ 2)
        var values = (0..<100_000).map { index in
            index % 2 == 0 ? Double(bitPattern: DecimalParsingTests.bits(stream)) : DecimalParsingTests.finiteDouble(stream)
        }
        values += [0, -0.0, 1, -1, 100, 1e16, 1e-5, 0.1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var written = NumberText.CSVBytes(capacity: 0)
        var expected: [UInt8] = []
        for value in values {
            written.append(value)
            written.append(byte: UInt8(ascii: ","))
            expected += Array(NumberText.csv(value).utf8) + [UInt8(ascii: ",")]
        }
        #expect(written.bytes == expected)
    }
}
