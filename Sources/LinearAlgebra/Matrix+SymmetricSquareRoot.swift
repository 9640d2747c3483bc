import Foundation

extension Matrix {
    /// The principal square root of a symmetric positive-semidefinite matrix, through `dsyevr`:
    ///
    /// ```
    /// A = V·diag(λ)·Vᵀ   ⇒   A^{½} = V·diag(√λ)·Vᵀ     (the unique PSD root; A^{½}·A^{½} = A)
    /// ```
    /// Only the lower triangle is read. Eigenvalues in [−tol, 0) with tol = 64·n·ε·max|λ| are
    /// rounding of a PSD matrix (e.g. a covariance assembled from sums) and are set to 0.
    /// - Precondition: A is square and PSD within that tolerance (an indefinite matrix is a programmer error).
    /// - Throws: `LinearAlgebraError` naming `dsyevr` if LAPACK fails.
    public func symmetricSquareRoot() throws -> Matrix {
        precondition(rows == columns, "symmetricSquareRoot: matrix is \(rows)×\(columns)")
        guard rows > 0 else { return self }
        let eigen = try SymmetricEigendecomposition(self)
        let largest = eigen.eigenvalues.reduce(0) { Swift.max($0, abs($1)) }
        let tolerance = 64 * Double(rows) * Double.ulpOfOne * largest
        let smallest = eigen.eigenvalues.first ?? 0
        precondition(smallest >= -tolerance,
                     "symmetricSquareRoot: matrix is not positive semidefinite (smallest eigenvalue \(smallest), tolerance \(tolerance))")
        let roots = eigen.eigenvalues.map { Swift.max($0, 0).squareRoot() }
        return Matrix.product(eigen.eigenvectors.scalingColumns(by: roots), eigen.eigenvectors, transposeB: true).symmetrised
    }
}
