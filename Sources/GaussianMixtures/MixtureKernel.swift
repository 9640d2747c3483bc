import Foundation
import LinearAlgebra

/// The batched evaluation engine behind `GaussianMixture`'s density, responsibilities and score.
///
/// For a block X of points (b×n) and component k with spectrum (V, λ, δ²), let R = X − 1μ_kᵀ,
/// A = R·V (b×r, one `dgemm`) and, when r < n, E = R − A·Vᵀ (a second `dgemm`). Then
/// ```
/// (x − μ)ᵀ Σ⁻¹ (x − μ) = Σⱼ Aⱼ² / λⱼ + ‖E‖² / δ²
/// log N_k(x)            = −½ (n log 2π + log det Σ_k + that quadratic form)
/// ∇ log N_k(x)          = −Σ_k⁻¹ (x − μ) = −(A·diag(1/λ))·Vᵀ − E / δ²
/// ```
/// and the mixture works in log space: log p = LSE_k(log π_k + log N_k), w_k = exp(log π_k + log N_k − log p),
/// ∇ log p = Σ_k w_k ∇ log N_k. Cost per point: O(n·r) for each component, O(n·d) for a low-rank one.
struct MixtureKernel {
    struct Component {
        let mean: [Double]
        let basis: Matrix
        let inverseEigenvalues: [Double]
        let inverseComplement: Double
        let spansSpace: Bool
        /// log π_k − ½(n log 2π + log det Σ_k).
        let logNormaliser: Double
    }

    let components: [Component]
    let dimension: Int

    init(_ mixture: GaussianMixture) throws {
        try mixture.requireDensity()
        let n = mixture.dimension
        dimension = n
        components = zip(mixture.weights, mixture.components).map { weight, gaussian in
            let spectrum = gaussian.spectrum
            return Component(mean: gaussian.mean, basis: spectrum.basis,
                             inverseEigenvalues: spectrum.eigenvalues.map { 1 / $0 },
                             inverseComplement: spectrum.spansSpace ? 0 : 1 / spectrum.complementVariance,
                             spansSpace: spectrum.spansSpace,
                             logNormaliser: log(weight) - 0.5 * (Double(n) * log(2 * Double.pi) + spectrum.logDeterminant))
        }
    }

    /// Rows per block: keeps a block's per-component work arrays near 16 MB.
    var blockSize: Int {
        let perRow = max(1, dimension * components.count * 2)
        return max(32, min(4096, (1 << 21) / perRow))
    }

    /// What one block evaluation returns.
    struct BlockResult {
        /// log p(xᵢ).
        var logDensity: [Double]
        /// b×K: log π_k + log N_k(xᵢ).
        var logTerms: Matrix
        /// b×n: ∇ log p(xᵢ), when asked for.
        var score: Matrix?
    }

    /// Evaluates one block of points.
    func evaluate(_ points: Matrix, wantScore: Bool) -> BlockResult {
        let b = points.rows, n = dimension, count = components.count
        var logTerms = Matrix(rows: b, columns: count)
        var projections: [Matrix] = []
        var residuals: [Matrix?] = []
        if wantScore { projections.reserveCapacity(count); residuals.reserveCapacity(count) }
        for (k, component) in components.enumerated() {
            let centred = points.subtractingFromRows(component.mean)
            let projected = Matrix.product(centred, component.basis)
            var quadratic = projected.scalingColumns(by: component.inverseEigenvalues.map { $0.squareRoot() }).rowSquaredNorms
            var residual: Matrix? = nil
            if !component.spansSpace {
                var e = centred
                Matrix.gemm(projected, component.basis, transposeB: true, alpha: -1, beta: 1, into: &e)
                let norms = e.rowSquaredNorms
                for i in 0..<b { quadratic[i] += norms[i] * component.inverseComplement }
                residual = e
            }
            for i in 0..<b { logTerms[i, k] = component.logNormaliser - 0.5 * quadratic[i] }
            if wantScore { projections.append(projected); residuals.append(residual) }
        }
        var logDensity = [Double](repeating: 0, count: b)
        for i in 0..<b {
            var largest = -Double.infinity
            for k in 0..<count { largest = max(largest, logTerms[i, k]) }
            var sum = 0.0
            for k in 0..<count { sum += exp(logTerms[i, k] - largest) }
            logDensity[i] = largest + log(sum)
        }
        guard wantScore else { return BlockResult(logDensity: logDensity, logTerms: logTerms, score: nil) }
        var score = Matrix(rows: b, columns: n)
        for (k, component) in components.enumerated() {
            var weighted = projections[k]
            var responsibility = [Double](repeating: 0, count: b)
            for i in 0..<b { responsibility[i] = exp(logTerms[i, k] - logDensity[i]) }
            let r = component.basis.columns
            for i in 0..<b {
                for j in 0..<r { weighted[i, j] *= responsibility[i] * component.inverseEigenvalues[j] }
            }
            Matrix.gemm(weighted, component.basis, transposeB: true, alpha: -1, beta: 1, into: &score)
            if let e = residuals[k] {
                for i in 0..<b {
                    let factor = responsibility[i] * component.inverseComplement
                    for j in 0..<n { score[i, j] -= factor * e[i, j] }
                }
            }
        }
        return BlockResult(logDensity: logDensity, logTerms: logTerms, score: score)
    }
}
