import CNumerics

/// Eigendecomposition of a real symmetric matrix, A = V·diag(λ)·Vᵀ, through LAPACK `dsyevr`.
///
/// Eigenvalues are in ascending order; column j of `eigenvectors` belongs to `eigenvalues[j]`, and the
/// columns are orthonormal, each with its largest-magnitude entry positive. Only the lower triangle of A is
/// read. OpenBLAS runs on one thread during the call, so the result is the same whatever its thread count.
public struct SymmetricEigendecomposition: Sendable {
    /// λ₁ ≤ … ≤ λₙ.
    public let eigenvalues: [Double]
    /// V, n×n with orthonormal columns.
    public let eigenvectors: Matrix

    /// Decomposes `matrix` (n×n, symmetric).
    /// - Throws: `LinearAlgebraError` naming `dsyevr` if LAPACK reports a failure.
    public init(_ matrix: Matrix) throws {
        precondition(matrix.rows == matrix.columns, "SymmetricEigendecomposition: matrix is \(matrix.rows)×\(matrix.columns)")
        let n = matrix.rows
        var a = matrix.elements
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)
        var support = [Int32](repeating: 0, count: 2 * max(n, 1))
        var found: Int32 = 0
        guard n > 0 else {
            eigenvalues = []
            eigenvectors = Matrix(rows: 0, columns: 0)
            return
        }
        let info = BLASThreads.pinned { LAPACKE_dsyevr(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "A")),
                                  Int8(UInt8(ascii: "L")), Int32(n), &a, Int32(n), 0, 0, 0, 0, 0,
                                  &found, &values, &vectors, Int32(n), &support) }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dsyevr", info: info,
                                     reason: info < 0 ? "argument \(-info) was illegal" : "internal error (did not converge)")
        }
        // Fix each eigenvector's sign (its largest-magnitude entry, the first on ties, is positive), so
        // that the result does not depend on LAPACK's internal choices.
        for j in 0..<n {
            var largest = 0
            for i in 1..<n where abs(vectors[i * n + j]) > abs(vectors[largest * n + j]) { largest = i }
            if vectors[largest * n + j] < 0 { for i in 0..<n { vectors[i * n + j] = -vectors[i * n + j] } }
        }
        eigenvalues = values
        eigenvectors = Matrix(rows: n, columns: n, elements: vectors)
    }
}

extension SymmetricEigendecomposition {
    /// The eigenvalues λ₁ ≤ … ≤ λₙ alone of the symmetric n×n matrix with row-major `elements` (only the
    /// lower triangle is read), through `dsyevr` without eigenvectors: `init`'s values up to rounding (LAPACK takes another
    /// tridiagonal solver without vectors), at a fraction of the cost for the small matrices of a branch and bound.
    /// - Throws: `LinearAlgebraError` naming `dsyevr` if LAPACK reports a failure.
    public static func eigenvalues(ofSymmetric elements: [Double], size n: Int) throws -> [Double] {
        precondition(elements.count == n * n, "SymmetricEigendecomposition.eigenvalues: \(elements.count) elements for size \(n)")
        guard n > 0 else { return [] }
        var a = elements
        var values = [Double](repeating: 0, count: n)
        var unused = [Double](repeating: 0, count: 1)
        var support = [Int32](repeating: 0, count: 2 * n)
        var found: Int32 = 0
        let info = BLASThreads.pinned { LAPACKE_dsyevr(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "A")),
                                                       Int8(UInt8(ascii: "L")), Int32(n), &a, Int32(n), 0, 0, 0, 0, 0,
                                                       &found, &values, &unused, 1, &support) }
        guard info == 0 else {
            throw LinearAlgebraError(routine: "dsyevr", info: info,
                                     reason: info < 0 ? "argument \(-info) was illegal" : "internal error (did not converge)")
        }
        return values
    }
}
