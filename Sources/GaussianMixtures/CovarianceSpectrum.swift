import Foundation
import LinearAlgebra

/// A covariance in spectral form, the representation every closed form works in:
///
/// ```
/// Σ = V·diag(λ)·Vᵀ + δ²·(I − V·Vᵀ)
/// ```
/// with V ∈ ℝ^{n×r} orthonormal (r ≤ n), λ ∈ ℝʳ the variances inside span(V), and δ² the variance on its
/// orthogonal complement (unused when r = n). A full covariance is its eigendecomposition (r = n); a
/// low-rank component U·diag(v)·Uᵀ + δ²I has V = U, λ = v + δ².
///
/// The form is closed under the forward noising of docs/theory.md §0: s²(Σ + σ²I) has the same V, with
/// λ ↦ s²(λ + σ²) and δ² ↦ s²(δ² + σ²). So a component is factorised once, and every time t costs O(r).
public struct CovarianceSpectrum: Sendable {
    /// V, n×r with orthonormal columns.
    public let basis: Matrix
    /// λ, the variances along the columns of V.
    public let eigenvalues: [Double]
    /// δ², the variance on the orthogonal complement of span(V); ignored when r = n.
    public let complementVariance: Double

    /// The ambient dimension n.
    public var dimension: Int { basis.rows }
    /// The number r of explicit directions.
    public var rank: Int { basis.columns }
    /// Whether V spans the whole space (r = n), so that δ² plays no role.
    public var spansSpace: Bool { rank == dimension }

    public init(basis: Matrix, eigenvalues: [Double], complementVariance: Double) {
        precondition(basis.columns == eigenvalues.count,
                     "CovarianceSpectrum: \(basis.columns) basis vectors but \(eigenvalues.count) eigenvalues")
        self.basis = basis
        self.eigenvalues = eigenvalues
        self.complementVariance = complementVariance
    }

    /// Whether Σ is positive definite: every λ > 0, and δ² > 0 unless r = n.
    public var isPositiveDefinite: Bool {
        eigenvalues.allSatisfy { $0 > 0 } && (spansSpace || complementVariance > 0)
    }

    /// log det Σ = Σⱼ log λⱼ + (n − r)·log δ².
    public var logDeterminant: Double {
        var sum = eigenvalues.reduce(0) { $0 + log($1) }
        if !spansSpace { sum += Double(dimension - rank) * log(complementVariance) }
        return sum
    }

    /// The spectrum of s²(Σ + σ²I): λ ↦ s²(λ + σ²), δ² ↦ s²(δ² + σ²); V unchanged (no factorisation).
    public func noised(scale s: Double, sigma: Double) -> CovarianceSpectrum {
        noised(scale: s, noiseVariance: (s * sigma) * (s * sigma))
    }

    /// The spectrum of s²Σ + γ²I: λ ↦ s²λ + γ², δ² ↦ s²δ² + γ², V unchanged. The same law as
    /// `noised(scale: s, sigma: γ/s)`, written with γ² so that it stays finite as s → 0 (where σ → ∞).
    public func noised(scale s: Double, noiseVariance gamma2: Double) -> CovarianceSpectrum {
        let s2 = s * s
        return CovarianceSpectrum(basis: basis, eigenvalues: eigenvalues.map { s2 * $0 + gamma2 },
                                  complementVariance: s2 * complementVariance + gamma2)
    }

    /// The condition number λ_max/λ_min of Σ (δ² counted when r < n); ∞ when Σ is singular.
    public var conditionNumber: Double {
        var values = eigenvalues
        if !spansSpace { values.append(complementVariance) }
        guard let smallest = values.min(), let largest = values.max(), smallest > 0 else { return .infinity }
        return largest / smallest
    }

    /// Σ as a dense n×n matrix (O(n²r) through `dgemm`).
    public func denseCovariance() -> Matrix { dense(eigenvalueMap: { $0 }, complement: complementVariance) }

    /// Σ⁻¹ as a dense n×n matrix: V·diag(1/λ)·Vᵀ + δ⁻²(I − VVᵀ).
    public func densePrecision() -> Matrix { dense(eigenvalueMap: { 1 / $0 }, complement: 1 / complementVariance) }

    /// Σ^{1/2} as a dense n×n matrix.
    public func denseSquareRoot() -> Matrix { dense(eigenvalueMap: { $0.squareRoot() }, complement: complementVariance.squareRoot()) }

    /// Σ^{−1/2} as a dense n×n matrix: V·diag(λ^{−½})·Vᵀ + δ⁻¹(I − VVᵀ).
    public func denseInverseSquareRoot() -> Matrix {
        dense(eigenvalueMap: { 1 / $0.squareRoot() }, complement: 1 / complementVariance.squareRoot())
    }

    /// V·diag(f(λ))·Vᵀ + c·(I − VVᵀ).
    private func dense(eigenvalueMap: (Double) -> Double, complement: Double) -> Matrix {
        let mapped = eigenvalues.map(eigenvalueMap)
        if spansSpace {
            return Matrix.product(basis.scalingColumns(by: mapped), basis, transposeB: true)
        }
        var result = Matrix.identity(dimension)
        for i in 0..<dimension { result[i, i] = complement }
        Matrix.gemm(basis.scalingColumns(by: mapped.map { $0 - complement }), basis, transposeB: true,
                    alpha: 1, beta: 1, into: &result)
        return result
    }

    /// Whether `other` has the same basis, eigenvalues and complement variance bit for bit (so that −0 and
    /// 0 differ, and a NaN equals the same NaN).
    public func isBitwiseEqual(to other: CovarianceSpectrum) -> Bool {
        func same(_ a: [Double], _ b: [Double]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
        }
        return basis.rows == other.basis.rows && basis.columns == other.basis.columns
            && complementVariance.bitPattern == other.complementVariance.bitPattern
            && same(eigenvalues, other.eigenvalues) && same(basis.elements, other.basis.elements)
    }
}
