import CNumerics

/// Thin singular value decomposition A = U·diag(s)·Vᵀ through LAPACK `dgesdd` (divide and conquer).
///
/// For an m×n matrix with p = min(m, n): U is m×p, s has p entries in descending order, Vᵀ is p×n.
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors U (m×p).
    public let leftVectors: Matrix
    /// Singular values s₁ ≥ … ≥ s_p ≥ 0.
    public let singularValues: [Double]
    /// Right singular vectors, transposed: Vᵀ (p×n).
    public let rightVectorsTransposed: Matrix

    /// Decomposes `matrix`.
    /// - Throws: `LinearAlgebraError` naming `dgesdd` if LAPACK reports a failure.
    public init(_ matrix: Matrix) throws {
        let m = matrix.rows, n = matrix.columns, p = min(m, n)
        guard p > 0 else {
            leftVectors = Matrix(rows: m, columns: 0)
            singularValues = []
            rightVectorsTransposed = Matrix(rows: 0, columns: n)
            return
        }
        var a = matrix.elements
        var s = [Double](repeating: 0, count: p)
        var u = [Double](repeating: 0, count: m * p)
        var vt = [Double](repeating: 0, count: p * n)
        let info = BLASThreads.pinned {
            LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n), &a, Int32(n), &s, &u, Int32(p), &vt, Int32(n))
        }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dgesdd", info: info,
                                     reason: info < 0 ? "argument \(-info) was illegal" : "did not converge")
        }
        leftVectors = Matrix(rows: m, columns: p, elements: u)
        singularValues = s
        rightVectorsTransposed = Matrix(rows: p, columns: n, elements: vt)
    }

    /// Singular values only (same routine, no vectors): cheaper when U and V are not needed.
    public static func singularValues(of matrix: Matrix) throws -> [Double] {
        let m = matrix.rows, n = matrix.columns, p = min(m, n)
        guard p > 0 else { return [] }
        var a = matrix.elements
        var s = [Double](repeating: 0, count: p)
        // Not referenced with jobz = N, but LAPACKE's row-major wrapper still checks ldu ≥ 1 and ldvt ≥ n.
        var unusedU = [Double](repeating: 0, count: 1)
        var unusedVt = [Double](repeating: 0, count: n)
        let info = BLASThreads.pinned {
            LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int32(m), Int32(n), &a, Int32(n), &s, &unusedU, 1, &unusedVt, Int32(n))
        }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dgesdd", info: info,
                                     reason: info < 0 ? "argument \(-info) was illegal" : "did not converge")
        }
        return s
    }
}
