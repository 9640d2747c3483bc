import LinearAlgebra

/// Seeded random matrices.
extension Matrix {
    /// An m×n matrix of independent standard normals.
    public static func gaussian(rows: Int, columns: Int, stream: RandomStream) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: stream.gaussians(rows * columns))
    }

    /// An n×d matrix with orthonormal columns (d ≤ n), uniformly distributed (Haar): the left singular
    /// vectors of an n×d standard Gaussian matrix (`dgesdd`).
    public static func randomOrthonormal(rows n: Int, columns d: Int, stream: RandomStream) throws -> Matrix {
        precondition(d <= n, "randomOrthonormal: \(d) columns exceed \(n) rows")
        return try SingularValueDecomposition(gaussian(rows: n, columns: d, stream: stream)).leftVectors
    }
}
