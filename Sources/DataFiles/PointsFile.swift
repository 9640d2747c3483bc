import NumberFormats
import Foundation
import LinearAlgebra
import InputErrors

/// Reads and writes points as CSV: one point per row, comma-separated, no header; numbers printed in
/// their shortest round-trip form (`NumberText.csv`) so that they read back exactly.
public enum PointsFile {
    /// Most rows a points file may have (the limit of `closedform sample --count` too).
    public static let maximumRows = 100_000_000
    /// Peak bytes of memory reading uses per byte of file: the bytes, their `String`, and the matrix
    /// (8 bytes per number of at least 2 bytes of text, `0,`), with room for the per-row work.
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
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, source: source, dimension: dimension) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, source: String, dimension: Int?) throws -> Matrix {
        var elements: [Double] = []
        var columns = dimension
        var rowCount = 0
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            let line = trimmed(bytes, lineStart..<lineEnd)
            if line.isEmpty { continue }
            let fields = bytes[line].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            if let expected = columns, fields.count != expected {
                let what = dimension != nil ? "the model has dimension \(expected)" : "earlier rows have \(expected)"
                throw InputError(source: source, field: "row \(lineNumber)", reason: "has \(fields.count) values, \(what)")
            }
            guard rowCount < maximumRows else {
                throw InputError(source: source, field: "row \(lineNumber)", reason: "is beyond the limit of \(maximumRows) rows")
            }
            columns = fields.count
            for (columnIndex, field) in fields.enumerated() {
                let token = String(decoding: bytes[trimmed(bytes, field.startIndex..<field.endIndex)], as: UTF8.self)
                guard let value = Double(token), value.isFinite else {
                    throw InputError(source: source, field: "row \(lineNumber), column \(columnIndex + 1)",
                                     reason: "'\(InputText.printable(token))' is not a finite number")
                }
                elements.append(value)
            }
            rowCount += 1
        }
        guard rowCount > 0, let width = columns else {
            throw InputError(source: source, field: "", reason: "contains no points")
        }
        return Matrix(rows: rowCount, columns: width, elements: elements)
    }

    /// `range` without leading and trailing spaces, tabs, carriage returns, vertical tabs and form feeds.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C }
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
        return try parse(String(decoding: data, as: UTF8.self), source: path, dimension: dimension)
    }

    /// CSV text for a matrix (one row per line) or, for `values`, one number per line.
    public static func render(_ matrix: Matrix) -> String {
        var text = ""
        text.reserveCapacity(matrix.elements.count * 24)
        for i in 0..<matrix.rows {
            for j in 0..<matrix.columns {
                if j > 0 { text += "," }
                text += NumberText.csv(matrix[i, j])
            }
            text += "\n"
        }
        return text
    }

    /// CSV text with one value per line.
    public static func render(_ values: [Double]) -> String {
        render(Matrix(rows: values.count, columns: 1, elements: values))
    }
}
