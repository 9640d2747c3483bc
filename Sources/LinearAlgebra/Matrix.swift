/// A dense matrix of `Double`, stored row-major.
///
/// Row-major storage matches the toolkit's convention that a batch of points is an N×n matrix with one
/// point per row. Products go through BLAS (`Matrix+BLAS.swift`), factorisations through LAPACKE
/// (one wrapper type per routine).
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, row after row: entry (i, j) is `elements[i * columns + j]`.
    public var elements: [Double]

    /// A matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major storage.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns,
                     "Matrix: \(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows; every row must have the same length.
    public init(rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        for (index, row) in rowArrays.enumerated() {
            precondition(row.count == columns, "Matrix: row \(index) has \(row.count) entries, expected \(columns)")
        }
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<n { matrix.elements[i * n + i] = 1 }
        return matrix
    }

    /// A diagonal matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        let n = diagonal.count
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<n { matrix.elements[i * n + i] = diagonal[i] }
        return matrix
    }

    /// Entry (row, column).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Row `index` as an array.
    public func row(_ index: Int) -> [Double] {
        Array(elements[(index * columns)..<((index + 1) * columns)])
    }

    /// Column `index` as an array.
    public func column(_ index: Int) -> [Double] {
        (0..<rows).map { elements[$0 * columns + index] }
    }

    /// The rows as nested arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.elements[j * rows + i] = elements[i * columns + j] }
        }
        return result
    }

    /// The diagonal entries.
    public var diagonalEntries: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    /// Sum of the diagonal entries.
    public var trace: Double { diagonalEntries.reduce(0, +) }

    /// Whether every entry is finite.
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

    /// Largest absolute entry of `self − other`.
    public func maxAbsoluteDifference(_ other: Matrix) -> Double {
        precondition(rows == other.rows && columns == other.columns,
                     "maxAbsoluteDifference: \(rows)×\(columns) vs \(other.rows)×\(other.columns)")
        var largest = 0.0
        for index in elements.indices { largest = max(largest, abs(elements[index] - other.elements[index])) }
        return largest
    }

    /// Frobenius norm ‖A‖_F.
    public var frobeniusNorm: Double { elements.euclideanNorm }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns,
               elements: Array(elements[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// The symmetric part ½(A + Aᵀ).
    public var symmetrised: Matrix {
        precondition(rows == columns, "symmetrised: matrix is \(rows)×\(columns)")
        var result = self
        for i in 0..<rows {
            for j in 0..<i {
                let mean = 0.5 * (self[i, j] + self[j, i])
                result[i, j] = mean
                result[j, i] = mean
            }
        }
        return result
    }
}
