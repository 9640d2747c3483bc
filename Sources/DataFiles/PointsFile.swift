import Foundation
import LinearAlgebra

/// Reads and writes points as CSV: one point per row, comma-separated, no header; numbers printed with
/// 17 significant digits so that they round-trip exactly (the command-line contract of DESIGN.md).
public enum PointsFile {
    /// Parses CSV text into an N×n matrix.
    /// - Parameters:
    ///   - text: the file's content; blank lines are skipped.
    ///   - source: the file name, for error messages.
    ///   - dimension: the required number of columns, if known.
    /// - Throws: `InputError` naming the row and column of the first bad value.
    public static func parse(_ text: String, source: String, dimension: Int? = nil) throws -> Matrix {
        var elements: [Double] = []
        var columns = dimension
        var rowCount = 0
        for (lineIndex, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if let expected = columns, fields.count != expected {
                let what = dimension != nil ? "the model has dimension \(expected)" : "earlier rows have \(expected)"
                throw InputError(source: source, field: "row \(lineIndex + 1)", reason: "has \(fields.count) values, \(what)")
            }
            columns = fields.count
            for (columnIndex, field) in fields.enumerated() {
                let token = field.trimmingCharacters(in: .whitespaces)
                guard let value = Double(token), value.isFinite else {
                    throw InputError(source: source, field: "row \(lineIndex + 1), column \(columnIndex + 1)",
                                     reason: "'\(token.prefix(40))' is not a finite number")
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

    /// Reads a CSV file of points.
    /// - Throws: `InputError` for a missing file or a malformed row.
    public static func read(path: String, dimension: Int? = nil) throws -> Matrix {
        let data = try InputFile.contents(of: path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(source: path, field: "", reason: "is not UTF-8 text")
        }
        return try parse(text, source: path, dimension: dimension)
    }

    /// Formats one number with 17 significant digits.
    public static func format(_ value: Double) -> String { String(format: "%.17g", value) }

    /// CSV text for a matrix (one row per line) or, for `values`, one number per line.
    public static func render(_ matrix: Matrix) -> String {
        var text = ""
        text.reserveCapacity(matrix.elements.count * 24)
        for i in 0..<matrix.rows {
            for j in 0..<matrix.columns {
                if j > 0 { text += "," }
                text += format(matrix[i, j])
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
