import Foundation
import LinearAlgebra

extension GaussianMixture {
    /// The posterior mean E[x₀ | y] of x₀ ~ this mixture observed as y = s·x₀ + γ·ε, ε ~ N(0, I), for each
    /// row y of `points`: the optimal denoiser of the diffusion at a time with scale s and noise variance γ².
    /// ```
    /// E[x₀ | y] = Σ_k w_k(y) m_k(y),   w_k = responsibilities of Σ_k π_k N(sμ_k, s²Σ_k + γ²I) at y
    /// m_k(y)    = μ_k + s Σ_k (s²Σ_k + γ²I)⁻¹ (y − sμ_k)
    ///           = μ_k + V diag(sλ/(s²λ + γ²)) Vᵀ r + (sδ²/(s²δ² + γ²))(r − VVᵀr),   r = y − sμ_k
    /// ```
    /// in each component's spectral form (V, λ, δ²) (`CovarianceSpectrum`; the last term only when V does
    /// not span ℝⁿ). Unlike Tweedie's (y + γ²∇log p(y))/s it never divides by s nor subtracts two nearly
    /// equal terms: as s → 0 it tends to the prior mean Σ_k π_k μ_k, and as γ → ∞ with s = 1 to the same,
    /// without cancellation. At γ = 0, s = 1 it returns y (for components with a density).
    /// Cost: one `dgemm` pair per component (2·N·n·r_k flops each) after the responsibilities; one pair in
    /// all when the components share their covariance (`sharedSpectrum`).
    /// - Parameters: s > 0 is not required (s = 0 gives the prior mean); γ² ≥ 0.
    /// - Throws: `InputError` if the noised mixture has no density (γ = 0 with a rank-deficient component).
    public func posteriorMean(_ points: Matrix, scale s: Double, noiseVariance gamma2: Double) throws -> Matrix {
        try requireColumns(points)
        let weights = try noised(scale: s, noiseVariance: gamma2).responsibilities(points)
        let n = dimension, rows = points.rows
        var means = Matrix(rows: count, columns: n)
        for (k, component) in components.enumerated() {
            for j in 0..<n { means[k, j] = component.mean[j] }
        }
        if let spectrum = sharedSpectrum {
            // m_k(y) = μ_k + G(y − sμ_k) is affine in μ_k with one G = sΣ(s²Σ + γ²I)⁻¹, so
            // Σ_k w_k m_k(y) = a + G(y − s·a) with a = Σ_k w_k μ_k: one dgemm for a, one pair for G.
            return conditionalMeans(priorMeans: Matrix.product(weights, means), points, spectrum: spectrum,
                                    scale: s, noiseVariance: gamma2)
        }
        var result = Matrix(rows: rows, columns: n)
        for (k, component) in components.enumerated() {
            let conditional = conditionalMeans(priorMeans: repeatedRow(means.row(k), count: rows), points,
                                               spectrum: component.spectrum, scale: s, noiseVariance: gamma2)
            for i in 0..<rows {
                let w = weights[i, k]
                for j in 0..<n { result[i, j] += w * conditional[i, j] }
            }
        }
        return result
    }
}

/// Row i: μᵢ + V diag(sλ/(s²λ + γ²)) Vᵀ rᵢ + (sδ²/(s²δ² + γ²))(rᵢ − VVᵀrᵢ) with rᵢ = yᵢ − sμᵢ, for the prior
/// means μᵢ (rows of `priorMeans`) and observations yᵢ (rows of `points`) under the spectrum (V, λ, δ²).
private func conditionalMeans(priorMeans: Matrix, _ points: Matrix, spectrum: CovarianceSpectrum,
                              scale s: Double, noiseVariance gamma2: Double) -> Matrix {
    let rows = points.rows, n = points.columns
    var residual = points
    for index in residual.elements.indices { residual.elements[index] -= s * priorMeans.elements[index] }
    let complementGain = spectrum.spansSpace ? 0 : shrinkage(spectrum.complementVariance, scale: s, noiseVariance: gamma2)
    var projected = Matrix.product(residual, spectrum.basis)
    let gains = spectrum.eigenvalues.map { shrinkage($0, scale: s, noiseVariance: gamma2) - complementGain }
    projected = projected.scalingColumns(by: gains)
    var conditional = Matrix(rows: rows, columns: n)
    for i in 0..<rows {
        for j in 0..<n { conditional[i, j] = priorMeans[i, j] + complementGain * residual[i, j] }
    }
    Matrix.gemm(projected, spectrum.basis, transposeB: true, alpha: 1, beta: 1, into: &conditional)
    return conditional
}

/// The count×row.count matrix whose every row is `row`.
private func repeatedRow(_ row: [Double], count: Int) -> Matrix {
    Matrix(rows: count, columns: row.count, elements: (0..<count).flatMap { _ in row })
}

/// sλ/(s²λ + γ²): the gain of a direction with variance λ (0 when λ = 0; 1/s when γ = 0).
private func shrinkage(_ variance: Double, scale s: Double, noiseVariance gamma2: Double) -> Double {
    let denominator = s * s * variance + gamma2
    return denominator > 0 ? s * variance / denominator : 0
}
