import Foundation
import LinearAlgebra
import InputErrors

/// A Gaussian N(μ, Σ) on ℝⁿ, with Σ kept both as given (`form`) and in spectral form (`spectrum`).
///
/// The spectral form is computed once, at construction (one `dsyevr` for a full covariance, none for a
/// low-rank one); every later operation, including noising to any time t, reuses it.
public struct Gaussian: Sendable {
    /// Tolerance on max |UᵀU − I| for a low-rank basis. Loose enough for a basis typed with 7 significant
    /// digits, tight enough that the density's normalisation is off by less than about 1e-5 relative.
    public static let orthonormalityTolerance = 1e-6
    /// Relative tolerance on |Σ − Σᵀ| (entries compared to the largest |Σᵢⱼ|).
    public static let symmetryTolerance = 1e-10

    /// μ.
    public let mean: [Double]
    /// Σ as given.
    public let form: CovarianceForm
    /// Σ in spectral form.
    public let spectrum: CovarianceSpectrum

    /// The dimension n.
    public var dimension: Int { mean.count }

    /// Internal: a Gaussian whose spectrum is already known (used by noising; no validation).
    init(mean: [Double], form: CovarianceForm, spectrum: CovarianceSpectrum) {
        self.mean = mean
        self.form = form
        self.spectrum = spectrum
    }

    /// N(μ, Σ) with a dense covariance.
    /// - Throws: `InputError` (field `covariance` or `mean`) if shapes differ, a value is not finite, Σ is not
    ///   symmetric, or Σ is not positive definite (smallest eigenvalue ≤ n·ε·largest).
    public init(mean: [Double], covariance: Matrix) throws {
        let n = mean.count
        try Gaussian.requireFinite(mean, field: "mean")
        guard covariance.rows == n, covariance.columns == n else {
            throw InputError(source: "", field: "covariance",
                             reason: "is \(covariance.rows)×\(covariance.columns), expected \(n)×\(n)")
        }
        try Gaussian.requireFinite(covariance.elements, field: "covariance")
        let largest = covariance.elements.reduce(0) { max($0, abs($1)) }
        for i in 0..<n {
            for j in 0..<i where abs(covariance[i, j] - covariance[j, i]) > Gaussian.symmetryTolerance * largest {
                throw InputError(source: "", field: "covariance",
                                 reason: "is not symmetric: entry [\(i)][\(j)] = \(covariance[i, j]) but [\(j)][\(i)] = \(covariance[j, i])")
            }
        }
        let eigen = try SymmetricEigendecomposition(covariance.symmetrised)
        let smallest = eigen.eigenvalues.first ?? 0
        let top = eigen.eigenvalues.last ?? 0
        guard smallest > Double(max(n, 1)) * Double.ulpOfOne * top, smallest > 0 else {
            throw InputError(source: "", field: "covariance",
                             reason: "is not positive definite (smallest eigenvalue \(smallest))")
        }
        self.init(mean: mean, form: .full(covariance),
                  spectrum: CovarianceSpectrum(basis: eigen.eigenvectors, eigenvalues: eigen.eigenvalues, complementVariance: 0))
    }

    /// N(μ, U·diag(v)·Uᵀ + δ²I), a low-rank Gaussian with noise floor δ² [C].
    /// - Parameters:
    ///   - basis: U, n×d with orthonormal columns (d ≤ n), within `orthonormalityTolerance`.
    ///   - variances: v, d positive numbers.
    ///   - noise: δ² ≥ 0. With δ² = 0 and d < n the law is degenerate: fine for sampling and for t > 0,
    ///     but it has no density at t = 0.
    /// - Throws: `InputError` naming `basis`, `variances` or `noise`.
    public init(mean: [Double], basis: Matrix, variances: [Double], noise: Double) throws {
        let n = mean.count
        try Gaussian.requireFinite(mean, field: "mean")
        guard basis.rows == n else {
            throw InputError(source: "", field: "basis", reason: "has \(basis.rows) rows, expected the dimension \(n)")
        }
        guard basis.columns <= n else {
            throw InputError(source: "", field: "basis", reason: "has \(basis.columns) columns, more than the dimension \(n)")
        }
        try Gaussian.requireFinite(basis.elements, field: "basis")
        guard variances.count == basis.columns else {
            throw InputError(source: "", field: "variances",
                             reason: "has \(variances.count) entries, the basis has \(basis.columns) columns")
        }
        for (index, value) in variances.enumerated() where !(value > 0 && value.isFinite) {
            throw InputError(source: "", field: "variances[\(index)]", reason: "\(describeNumber(value)) must be positive and finite")
        }
        guard noise >= 0, noise.isFinite else {
            throw InputError(source: "", field: "noise", reason: "\(describeNumber(noise)) must be non-negative and finite")
        }
        let defect = basis.gram.maxAbsoluteDifference(Matrix.identity(basis.columns))
        guard defect <= Gaussian.orthonormalityTolerance else {
            throw InputError(source: "", field: "basis",
                             reason: "columns are not orthonormal (max |UᵀU − I| = \(defect), tolerance \(Gaussian.orthonormalityTolerance))")
        }
        self.init(mean: mean, form: .lowRank(basis: basis, variances: variances, noise: noise),
                  spectrum: CovarianceSpectrum(basis: basis, eigenvalues: variances.map { $0 + noise }, complementVariance: noise))
    }

    /// Σ as a dense matrix.
    public var covariance: Matrix {
        if case .full(let matrix) = form { return matrix }
        return spectrum.denseCovariance()
    }

    /// The law of s·(x + σ·ε), ε ~ N(0, I), for x ~ N(μ, Σ): N(sμ, s²(Σ + σ²I)) [docs/theory.md §0].
    /// Costs O(r) for the spectrum (plus O(n²) to keep a dense form dense); nothing is refactorised.
    public func noised(scale s: Double, sigma: Double) -> Gaussian {
        noised(scale: s, noiseVariance: (s * sigma) * (s * sigma))
    }

    /// The law of s·x + γ·ε: N(sμ, s²Σ + γ²I). The same as `noised(scale: s, sigma: γ/s)`, but finite
    /// as s → 0 with γ fixed (the end of the `ou` and `vp` schedules).
    public func noised(scale s: Double, noiseVariance gamma2: Double) -> Gaussian {
        let form: CovarianceForm
        switch self.form {
        case .full(let matrix):
            form = .full(((s * s) * matrix).addingToDiagonal(gamma2))
        case .lowRank(let basis, let variances, let noise):
            form = .lowRank(basis: basis, variances: variances.map { s * s * $0 }, noise: s * s * noise + gamma2)
        }
        return Gaussian(mean: mean.map { s * $0 }, form: form, spectrum: spectrum.noised(scale: s, noiseVariance: gamma2))
    }

    static func requireFinite(_ values: [Double], field: String) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw InputError(source: "", field: field, reason: "entry \(index) is \(describeNumber(values[index])); values must be finite")
        }
    }
}
