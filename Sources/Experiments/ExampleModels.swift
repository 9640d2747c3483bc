import GaussianMixtures
import LinearAlgebra

/// The built-in models of `closedform demo` and of `ClosedFormsDemo` (no input files needed).
public enum ExampleModels {
    /// Model A, a 3-component mixture on ℝ³ mixing both component forms of the model file:
    /// - weight 0.5: N(0, Σ) with a full, correlated Σ;
    /// - weight 0.3: a plane (basis e₁, e₂, variances 1 and 0.5) around (3, 0, 0), noise floor 0.01;
    /// - weight 0.2: a line (basis e₃, variance 2) around (0, 0, 3), noise floor 0.01.
    public static func mixture() throws -> GaussianMixture {
        let full = try Gaussian(mean: [0, 0, 0],
                                covariance: Matrix(rows: 3, columns: 3, elements: [1, 0.3, 0,
                                                                                   0.3, 0.5, 0,
                                                                                   0, 0, 0.2]))
        let plane = try Gaussian(mean: [3, 0, 0],
                                 basis: Matrix(rows: 3, columns: 2, elements: [1, 0,
                                                                               0, 1,
                                                                               0, 0]),
                                 variances: [1, 0.5], noise: 0.01)
        let line = try Gaussian(mean: [0, 0, 3],
                                basis: Matrix(rows: 3, columns: 1, elements: [0, 0, 1]),
                                variances: [2], noise: 0.01)
        return try GaussianMixture(weights: [0.5, 0.3, 0.2], components: [full, plane, line])
    }

    /// Model B: the single Gaussian with the same mean and covariance as `mixture` (its moment match).
    public static func momentMatch(of mixture: GaussianMixture) throws -> GaussianMixture {
        GaussianMixture(try Gaussian(mean: mixture.mean, covariance: mixture.covariance.symmetrised))
    }
}
