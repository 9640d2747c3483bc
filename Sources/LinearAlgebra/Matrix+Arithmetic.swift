/// Element-wise arithmetic on matrices (O(size) loops; products live in `Matrix+BLAS.swift`).
extension Matrix {
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix +: shape mismatch")
        var result = lhs
        for index in result.elements.indices { result.elements[index] += rhs.elements[index] }
        return result
    }

    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "Matrix -: shape mismatch")
        var result = lhs
        for index in result.elements.indices { result.elements[index] -= rhs.elements[index] }
        return result
    }

    public static func * (scalar: Double, matrix: Matrix) -> Matrix {
        Matrix(rows: matrix.rows, columns: matrix.columns, elements: matrix.elements.map { scalar * $0 })
    }

    /// Adds `value` to every diagonal entry.
    public func addingToDiagonal(_ value: Double) -> Matrix {
        var result = self
        for i in 0..<min(rows, columns) { result[i, i] += value }
        return result
    }

    /// Multiplies column j by `factors[j]` (that is, A·diag(factors)).
    public func scalingColumns(by factors: [Double]) -> Matrix {
        precondition(factors.count == columns, "scalingColumns: \(factors.count) factors for \(columns) columns")
        var result = self
        result.elements.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<rows {
                let base = i * columns
                for j in 0..<columns { buffer[base + j] *= factors[j] }
            }
        }
        return result
    }

    /// Subtracts `vector` from every row.
    public func subtractingFromRows(_ vector: [Double]) -> Matrix {
        precondition(vector.count == columns, "subtractingFromRows: vector of \(vector.count) for \(columns) columns")
        var result = self
        result.elements.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<rows {
                let base = i * columns
                for j in 0..<columns { buffer[base + j] -= vector[j] }
            }
        }
        return result
    }

    /// ‖row i‖² for every row.
    public var rowSquaredNorms: [Double] {
        var norms = [Double](repeating: 0, count: rows)
        elements.withUnsafeBufferPointer { buffer in
            for i in 0..<rows {
                var sum = 0.0
                let base = i * columns
                for j in 0..<columns { sum += buffer[base + j] * buffer[base + j] }
                norms[i] = sum
            }
        }
        return norms
    }
}
