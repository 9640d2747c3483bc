import CNumerics
import Foundation

/// Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix through LAPACK `dpotrf`,
/// with solves through `dpotrs`.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor L (entries above the diagonal are zero).
    public let lower: Matrix

    /// Factorises `matrix` (n×n, symmetric positive definite; only the lower triangle is read).
    /// - Throws: `LinearAlgebraError` naming `dpotrf`; info > 0 means the leading minor of that order is
    ///   not positive, i.e. the matrix is not positive definite.
    public init(_ matrix: Matrix) throws {
        precondition(matrix.rows == matrix.columns, "CholeskyFactorization: matrix is \(matrix.rows)×\(matrix.columns)")
        let n = matrix.rows
        var a = matrix.elements
        if n > 0 {
            let info = BLASThreads.pinned { LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &a, Int32(n)) }
            guard info == 0 else {
                throw LinearAlgebraError(routine: "dpotrf", info: info,
                                         reason: info < 0 ? "argument \(-info) was illegal"
                                             : "leading minor of order \(info) is not positive: matrix is not positive definite")
            }
        }
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { a[i * n + j] = 0 } }
        lower = Matrix(rows: n, columns: n, elements: a)
    }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<lower.rows { sum += log(lower[i, i]) }
        return 2 * sum
    }

    /// Solves A·X = B for X (B is n×m, one right-hand side per column) through `dpotrs`.
    public func solve(_ rightHandSides: Matrix) throws -> Matrix {
        let n = lower.rows
        precondition(rightHandSides.rows == n, "CholeskyFactorization.solve: right-hand side has \(rightHandSides.rows) rows, expected \(n)")
        var b = rightHandSides.elements
        var l = lower.elements
        guard n > 0, rightHandSides.columns > 0 else { return rightHandSides }
        let info = BLASThreads.pinned {
            LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), Int32(rightHandSides.columns), &l, Int32(n), &b,
                           Int32(rightHandSides.columns))
        }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dpotrs", info: info, reason: "argument \(-info) was illegal")
        }
        return Matrix(rows: n, columns: rightHandSides.columns, elements: b)
    }

    /// Solves A·x = b for one vector.
    public func solve(_ vector: [Double]) throws -> [Double] {
        try solve(Matrix(rows: vector.count, columns: 1, elements: vector)).elements
    }
}
