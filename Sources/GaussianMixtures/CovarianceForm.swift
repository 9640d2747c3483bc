import LinearAlgebra

/// How a component's covariance was given (kept so that a model file round-trips as written).
public enum CovarianceForm: Sendable {
    /// A dense, symmetric positive-definite n×n matrix Σ.
    case full(Matrix)
    /// Σ = U·diag(variances)·Uᵀ + noise·I with U (n×d) orthonormal: a low-rank Gaussian with an
    /// isotropic noise floor δ² = `noise` [C].
    case lowRank(basis: Matrix, variances: [Double], noise: Double)
}
