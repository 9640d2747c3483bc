import NumberFormats
import Foundation
import LinearAlgebra
import InputErrors

/// Reads and writes points as CSV: one point per row, comma-separated, no header; numbers printed in
/// their shortest round-trip form (`NumberText.csv`) so that they read back exactly.
public enum PointsFile {
    /// Most rows a points file may have (the limit of `closedform sample --count` too).
    public static let maximumRows = 100_000_000
    /// Peak bytes of memory reading uses per byte of file: the bytes, their NUL-terminated copy, and the
    /// matrix (8 bytes per number of at least 2 bytes of text, `0,`), with room for the per-row work.
    public static let readingExpansion = 8.0

    /// Parses CSV text into an N×n matrix.
    ///
    /// Lines end with LF or CRLF; a UTF-8 byte-order mark at the start is skipped; blank lines and spaces
    /// or tabs around a value are ignored. Every value must be a finite number as `Double(_:)` reads it
    /// (`nan`, `inf`, `1e400` are refused; `1e-400` rounds to 0 as `strtod` does).
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: the file name, for error messages.
    ///   - dimension: the required number of columns, if known.
    /// - Throws: `InputError` naming the row and column of the first bad value, a row of the wrong length,
    ///   more than `maximumRows` rows, or a file with no points.
    public static func parse(_ text: String, source: String, dimension: Int? = nil) throws -> Matrix {
        try parse(bytes: Array(text.utf8), source: source, dimension: dimension)
    }

    /// `parse` on the file's bytes (UTF-8 already checked).
    ///
    /// Numbers are read in place by `DecimalParsing.double(at:)`, which reads exactly what the C library's
    /// `strtod` reads, to the same correctly rounded values (as `Double(_:)` does), mostly without calling
    /// it: no `String` per field. `strtod` reads in the C locale, which a Swift program keeps unless it calls
    /// `setlocale` (nothing here does). The bytes are copied once with a NUL after them, so that reading
    /// stops inside the buffer on the last line. A line that does not parse cleanly (a bad
    /// value, a wrong count, the row limit) is read again by `valuesOfRefusedLine`, which reports it
    /// exactly as a field-by-field reading with `Double(_:)` does.
    static func parse(bytes: some Collection<UInt8>, source: String, dimension: Int?) throws -> Matrix {
        var buffer = [UInt8](unsafeUninitializedCapacity: bytes.count + 1) { target, initialized in
            _ = target.initialize(fromContentsOf: bytes)
            target[bytes.count] = 0
            initialized = bytes.count + 1
        }
        return try buffer.withUnsafeMutableBufferPointer { terminated in
            try parse(terminated: UnsafeBufferPointer(rebasing: terminated[..<bytes.count]), source: source, dimension: dimension)
        }
    }

    /// `bytes` is followed in memory by a NUL byte.
    private static func parse(terminated bytes: UnsafeBufferPointer<UInt8>, source: String, dimension: Int?) throws -> Matrix {
        var elements: [Double] = []
        elements.reserveCapacity(bytes.count / 8)
        var columns = dimension
        var rowCount = 0
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        let base = bytes.baseAddress!
        while lineStart < bytes.count {
            lineNumber += 1
            let lineEnd = memchr(base + lineStart, 0x0A, bytes.count - lineStart)
                .map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            let line = trimmed(bytes, lineStart..<lineEnd)
            if line.isEmpty { continue }
            let rowStart = elements.count
            if rowCount < maximumRows, readLine(base, line, into: &elements),
               columns == nil || elements.count - rowStart == columns {
                columns = elements.count - rowStart
                rowCount += 1
                continue
            }
            elements.removeSubrange(rowStart...)
            let values = try valuesOfRefusedLine(bytes, line, lineNumber: lineNumber, rowCount: rowCount, source: source,
                                                 columns: columns, dimensionGiven: dimension != nil)
            elements.append(contentsOf: values)
            columns = values.count
            rowCount += 1
        }
        guard rowCount > 0, let width = columns else {
            throw InputError(source: source, field: "", reason: "contains no points")
        }
        return Matrix(rows: rowCount, columns: width, elements: elements)
    }

    /// Appends the values of a trimmed, non-empty line; false (with some values perhaps appended) as soon
    /// as a field is not a finite number alone between its commas.
    @inline(__always)
    private static func readLine(_ base: UnsafePointer<UInt8>, _ line: Range<Int>, into elements: inout [Double]) -> Bool {
        var position = line.lowerBound
        while true {
            while position < line.upperBound, isBlank(base[position]) { position += 1 }
            // strtod would skip a line feed or read the next field: the field must start with a number byte.
            guard position < line.upperBound, base[position] != UInt8(ascii: ",") else { return false }
            let (value, consumed) = DecimalParsing.double(at: base + position)
            guard consumed > 0, value.isFinite else { return false }
            elements.append(value)
            position += consumed
            while position < line.upperBound, isBlank(base[position]) { position += 1 }
            if position == line.upperBound { return true }
            guard base[position] == UInt8(ascii: ",") else { return false }
            position += 1
        }
    }

    /// A line the fast reader refused, read field by field with `Double(_:)`: throws the error of a row of
    /// the wrong length, a row beyond `maximumRows`, or the first value that is not a finite number, and
    /// returns the values should the line be acceptable after all.
    private static func valuesOfRefusedLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, lineNumber: Int, rowCount: Int,
                                            source: String, columns: Int?, dimensionGiven: Bool) throws -> [Double] {
        let fields = bytes[line].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        if let expected = columns, fields.count != expected {
            let what = dimensionGiven ? "the model has dimension \(expected)" : "earlier rows have \(expected)"
            throw InputError(source: source, field: "row \(lineNumber)", reason: "has \(fields.count) values, \(what)")
        }
        guard rowCount < maximumRows else {
            throw InputError(source: source, field: "row \(lineNumber)", reason: "is beyond the limit of \(maximumRows) rows")
        }
        return try fields.enumerated().map { columnIndex, field in
            let token = String(decoding: bytes[trimmed(bytes, field.startIndex..<field.endIndex)], as: UTF8.self)
            guard let value = Double(token), value.isFinite else {
                throw InputError(source: source, field: "row \(lineNumber), column \(columnIndex + 1)",
                                 reason: "'\(InputText.printable(token))' is not a finite number")
            }
            return value
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    /// `range` without leading and trailing spaces, tabs, carriage returns, vertical tabs and form feeds.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Reads a CSV file of points (see `parse` for the format).
    /// - Throws: `InputError` for a missing, oversized or non-UTF-8 file or a malformed row.
    public static func read(path: String, dimension: Int? = nil) throws -> Matrix {
        let data = try InputFile.contents(of: path, expansion: readingExpansion)
        if let offset = InputText.firstInvalidUTF8Offset(data) {
            throw InputError(source: path, field: "", reason: "is not UTF-8 text (byte 0x\(String(data[data.startIndex + offset], radix: 16, uppercase: true)) at offset \(offset))")
        }
        return try parse(bytes: data, source: path, dimension: dimension)
    }

    /// CSV text for a matrix (one row per line) or, for `values`, one number per line.
    ///
    /// Each number is `NumberText.csv`'s form (Swift's shortest round-trip `description` without a
    /// trailing `.0`), its digits written straight into one byte buffer (`NumberText.CSVBytes`) that
    /// becomes the `String` once at the end.
    public static func render(_ matrix: Matrix) -> String {
        var text = NumberText.CSVBytes(capacity: matrix.elements.count * 24)
        for i in 0..<matrix.rows {
            for j in 0..<matrix.columns {
                if j > 0 { text.append(byte: UInt8(ascii: ",")) }
                text.append(matrix[i, j])
            }
            text.append(byte: UInt8(ascii: "\n"))
        }
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// CSV text with one value per line.
    public static func render(_ values: [Double]) -> String {
        render(Matrix(rows: values.count, columns: 1, elements: values))
    }
}
