import Foundation
import LinearAlgebra
import RandomStreams

extension GaussianMixture {
    /// `count` independent draws, as rows of a count×n matrix.
    ///
    /// All component labels are drawn first (one uniform each), then each component's points in label
    /// order: x = μ + (Z·diag(√(λ − δ²)))·Vᵀ + δ·W, with Z, W standard normal (δ = 0 when r = n). The
    /// covariance is V diag(λ − δ²) Vᵀ + δ²I = Σ. Same stream state, same bits.
    public func sample(count: Int, stream: RandomStream) -> Matrix {
        precondition(count >= 0, "sample: count \(count) must be non-negative")
        let n = dimension
        var cumulative: [Double] = []
        var running = 0.0
        for weight in weights { running += weight; cumulative.append(running) }
        let labels = (0..<count).map { _ in stream.categorical(cumulativeWeights: cumulative) }
        // The draws of each component in ascending order (one counting pass, not a scan of every label per
        // component, which cost count·K for a KDE law of 10⁵ components).
        var starts = [Int](repeating: 0, count: components.count + 1)
        for label in labels { starts[label + 1] += 1 }
        for k in components.indices { starts[k + 1] += starts[k] }
        var ordered = [Int](repeating: 0, count: count)
        var next = starts
        for (index, label) in labels.enumerated() {
            ordered[next[label]] = index
            next[label] += 1
        }
        var result = Matrix(rows: count, columns: n)
        for (k, component) in components.enumerated() {
            let members = ordered[starts[k]..<starts[k + 1]]
            guard !members.isEmpty else { continue }
            let spectrum = component.spectrum
            let floor = spectrum.spansSpace ? 0 : spectrum.complementVariance
            let scales = spectrum.eigenvalues.map { max($0 - floor, 0).squareRoot() }
            let z = Matrix(rows: members.count, columns: spectrum.rank,
                           elements: stream.gaussians(members.count * spectrum.rank)).scalingColumns(by: scales)
            var draws = Matrix(rows: members.count, columns: n)
            if floor > 0 {
                draws = Matrix(rows: members.count, columns: n, elements: stream.gaussians(members.count * n).map { $0 * floor.squareRoot() })
            }
            Matrix.gemm(z, spectrum.basis, transposeB: true, alpha: 1, beta: 1, into: &draws)
            for (row, index) in members.enumerated() {
                for j in 0..<n { result[index, j] = draws[row, j] + component.mean[j] }
            }
        }
        return result
    }
}
