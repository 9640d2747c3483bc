import ClosedForm
import Foundation

/// The benchmark mixture and points: K full-covariance components in dimension n, seeded.
///
/// Σ_k = G·Gᵀ/(2n) + 0.2·I with G an n×2n standard normal matrix (Wishart-like, eigenvalues roughly in
/// [0.2, 3.1]); μ_k ~ N(0, 2²·I); weights uniform in [0.2, 1]. Points are draws from the mixture itself.
struct BenchmarkProblem {
    let mixture: GaussianMixture
    let points: Matrix

    init(dimension n: Int, components count: Int, points pointCount: Int, seed: UInt64) throws {
        let stream = RandomStream(seed: seed)
        var weights: [Double] = []
        var gaussians: [Gaussian] = []
        for _ in 0..<count {
            weights.append(0.2 + 0.8 * stream.uniform())
            let mean = stream.gaussians(n).map { 2 * $0 }
            let g = Matrix(rows: n, columns: 2 * n, elements: stream.gaussians(2 * n * n))
            var covariance = Matrix.product(g, g, transposeB: true)
            for index in covariance.elements.indices { covariance.elements[index] /= Double(2 * n) }
            covariance = covariance.addingToDiagonal(0.2).symmetrised
            gaussians.append(try Gaussian(mean: mean, covariance: covariance))
        }
        mixture = try GaussianMixture(weights: weights, components: gaussians)
        points = mixture.sample(count: pointCount, stream: stream.substream(1))
    }

    /// Flops of the algorithm's matrix products, counted per component k of rank r_k:
    /// one N×n×r_k `dgemm` (2·N·n·r_k flops) for the log-density, and for the score a second one back to ℝⁿ,
    /// plus for a low-rank component (r_k < n) the residual product (another 2·N·n·r_k). Element-wise work
    /// (centring, squares, exp, log-sum-exp, O(N·n·K)) is not counted.
    func flops(score: Bool) -> Double {
        let n = Double(mixture.dimension), rows = Double(points.rows)
        var total = 0.0
        for component in mixture.components {
            let r = Double(component.spectrum.rank)
            let lowRank = !component.spectrum.spansSpace
            total += 2 * rows * n * r * (lowRank ? 2 : 1)
            if score { total += 2 * rows * n * r }
        }
        return total
    }
}

/// Raw little-endian float64 files, readable with `numpy.fromfile(path, dtype='<f8')`.
enum BinaryFile {
    static func write(_ values: [Double], to path: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        let url = URL(fileURLWithPath: path)
        try Data(bytes).write(to: url, options: .atomic)
    }
}
