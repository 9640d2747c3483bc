/// The printed forms of a number at full precision, wherever a number is written without rounding for
/// display (JSON, CSV, points files, model files, checkpoints).
///
/// A finite number is written in its shortest round-trip form: Swift's `Double.description` (the fewest
/// significant digits that read back as the same `Double`) without a trailing `.0`, so whole numbers look
/// like integers: `0.1`, `3`, `-0`, `1e-05`, `2.5e+300`, `1.2345678901234568e+17` (the form `JSONEncoder`
/// writes). `Double(_:)`, Python's `float()`, NumPy, pandas and JavaScript's `Number()` read it back bit
/// for bit.
/// A non-finite number has three spellings, one per kind of reader:
/// - CSV (tables and points files): `inf`, `-inf`, `nan`, the spelling that Python's `float()`,
///   `numpy.loadtxt`, `pandas.read_csv`, R's `read.csv` and Swift's `Double(_:)` all read;
/// - JSON, inside a string (JSON has no such numbers): `Infinity`, `-Infinity`, `NaN`, which
///   `JSONDecoder`'s `.convertFromString`, Python's `float()` and JavaScript's `Number()` read;
/// - human-read text (Markdown, HTML, the terminal, error messages): `∞`, `−∞` (U+2212), `NaN`.
public enum NumberText {
    /// The CSV form: the shortest round-trip form; `inf`, `-inf` or `nan` when not finite.
    public static func csv(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return shortest(value)
    }

    /// The JSON form (a non-finite one goes inside a string): the shortest round-trip form; `Infinity`,
    /// `-Infinity` or `NaN` when not finite.
    public static func machine(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return shortest(value)
    }

    /// The shortest round-trip form; `∞`, `−∞` or `NaN` when not finite.
    public static func human(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        return shortest(value)
    }

    /// Bytes of CSV text, numbers appended in `csv`'s form without a `String` each: a finite number is
    /// printed by `Double.write(to:)` (the digits of `description`, handed over as ASCII bytes) and its
    /// trailing `.0` removed.
    public struct CSVBytes: TextOutputStream {
        /// The text so far.
        public var bytes: [UInt8] = []

        /// An empty buffer with room for `capacity` bytes.
        public init(capacity: Int) { bytes.reserveCapacity(capacity) }

        /// Appends `NumberText.csv(value)`.
        public mutating func append(_ value: Double) {
            guard value.isFinite else { return bytes.append(contentsOf: NumberText.csv(value).utf8) }
            value.write(to: &self)
            if bytes.count >= 2, bytes[bytes.count - 2] == UInt8(ascii: "."), bytes[bytes.count - 1] == UInt8(ascii: "0") {
                bytes.removeLast(2)
            }
        }

        /// Appends one byte (a separator).
        public mutating func append(byte: UInt8) { bytes.append(byte) }

        public mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

        /// The standard library's entry for ASCII text (the digits of a number): no `String` is made.
        public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
    }

    /// A finite number's `description` without a trailing `.0`.
    private static func shortest(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
