import DataFiles
import LinearAlgebra
import InputErrors

/// Typed access to the values of a parsed model file, each failure an `InputError` naming the field and
/// the value found. Field names are built only when a value is refused (a 10 000-component model has
/// millions of numbers, and naming each one up front took most of the time to read it).
extension ModelFile {
    /// A finite number (JSON `true`, strings such as `"NaN"` and `null` are not numbers).
    static func number(_ value: JSONValue?, field: @autoclosure () -> String) throws -> Double {
        guard let value else { throw InputError(source: "", field: field(), reason: "missing") }
        guard case .number(let number) = value else {
            throw InputError(source: "", field: field(), reason: "\(describe(value)) is not a number")
        }
        guard number.isFinite else {
            throw InputError(source: "", field: field(), reason: "\(describeNumber(number)) is not finite")
        }
        return number
    }

    /// A whole number within `range`.
    static func integer(_ value: JSONValue?, field: String, range: ClosedRange<Int>) throws -> Int {
        let number = try number(value, field: field)
        guard number == number.rounded() else {
            throw InputError(source: "", field: field, reason: "\(number) is not a whole number")
        }
        guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw InputError(source: "", field: field, reason: "\(abs(number) < 1e15 ? String(Int(number)) : "\(number)") is outside the allowed range \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }

    /// An array of `count` finite numbers (any length when `count` is nil).
    static func vector(_ value: JSONValue, field: @autoclosure () -> String, count: Int?) throws -> [Double] {
        guard case .array(let array) = value else {
            throw InputError(source: "", field: field(), reason: "\(describe(value)) is not an array of numbers")
        }
        if let count, array.count != count {
            throw InputError(source: "", field: field(), reason: "has \(array.count) entries, expected \(count)")
        }
        return try array.enumerated().map { try number($1, field: "\(field())[\($0)]") }
    }

    /// An array of `rows` rows of equal length (`columns` when given).
    static func matrix(_ value: JSONValue, field: String, rows: Int, columns: Int?) throws -> Matrix {
        guard case .array(let array) = value else {
            throw InputError(source: "", field: field, reason: "\(describe(value)) is not an array of rows")
        }
        guard array.count == rows else {
            throw InputError(source: "", field: field, reason: "has \(array.count) rows, expected \(rows)")
        }
        var width = columns
        var elements: [Double] = []
        elements.reserveCapacity(rows * (columns ?? 1))
        for (index, rowValue) in array.enumerated() {
            let row = try vector(rowValue, field: "\(field)[\(index)]", count: width)
            width = row.count
            elements += row
        }
        return Matrix(rows: rows, columns: width ?? 0, elements: elements)
    }

    /// A short description of a value for a message: `a string "NaN"`, `an array`, `true`.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return "\(flag)"
        case .number(let number): return describeNumber(number)
        case .integer(let number): return String(number)
        case .unsigned(let number): return String(number)
        case .string(let text): return "a string \"\(InputText.printable(text))\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Bytes the validated model will hold or briefly need, estimated from the parse tree before any
    /// matrix is built: per dense component 4n² doubles (the covariance, its symmetrised copy for
    /// `dsyevr`, the eigenvectors, and a noised copy per evaluated time); per low-rank component with d
    /// basis columns 4nd doubles (basis, whitening and scaled bases, noised copy) and d² for UᵀU.
    static func requiredBytes(_ components: [JSONValue], dimension n: Int) -> Double {
        let n = Double(n)
        var doubles = 0.0
        for component in components {
            guard case .object(let fields) = component else { continue }
            if case .array(let rows)? = fields["basis"], case .array(let first)? = rows.first {
                let d = Double(first.count)
                doubles += 4 * n * d + d * d + 2 * n
            } else {
                doubles += 4 * n * n + 2 * n
            }
        }
        return 8 * doubles
    }
}
