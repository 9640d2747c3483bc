import Foundation
import LinearAlgebra
import RandomStreams

/// Seeded random Gaussian mixtures, for property tests, `check` and benchmarks.
///
/// Each component is full (Haar-random eigenvectors, eigenvalues log-uniform in `eigenvalueRange`) or,
/// with probability `lowRankProbability`, low-rank (Haar-random n×d basis with d uniform in 1…n,
/// variances log-uniform in `eigenvalueRange`, noise floor log-uniform in `noiseRange` or exactly 0 with
/// probability `zeroNoiseProbability`). Means are N(0, meanSpread²·I); weights uniform in [0.2, 1].
public struct RandomMixture: Sendable {
    public var eigenvalueRange: ClosedRange<Double> = 0.1...2
    public var noiseRange: ClosedRange<Double> = 0.01...0.5
    public var meanSpread = 2.0
    public var lowRankProbability = 0.5
    public var zeroNoiseProbability = 0.0

    public init() {}

    /// A mixture of `components` components in dimension `dimension`.
    public func make(dimension n: Int, components count: Int, stream: RandomStream) throws -> GaussianMixture {
        var weights: [Double] = []
        var gaussians: [Gaussian] = []
        for _ in 0..<count {
            weights.append(0.2 + 0.8 * stream.uniform())
            let mean = stream.gaussians(n).map { meanSpread * $0 }
            if stream.uniform() < lowRankProbability {
                let d = 1 + stream.integer(below: n)
                let basis = try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream)
                let variances = (0..<d).map { _ in logUniform(eigenvalueRange, stream) }
                let noise = stream.uniform() < zeroNoiseProbability ? 0 : logUniform(noiseRange, stream)
                gaussians.append(try Gaussian(mean: mean, basis: basis, variances: variances, noise: noise))
            } else {
                let vectors = try Matrix.randomOrthonormal(rows: n, columns: n, stream: stream)
                let values = (0..<n).map { _ in logUniform(eigenvalueRange, stream) }
                let covariance = Matrix.product(vectors.scalingColumns(by: values), vectors, transposeB: true).symmetrised
                gaussians.append(try Gaussian(mean: mean, covariance: covariance))
            }
        }
        return try GaussianMixture(weights: weights, components: gaussians)
    }

    private func logUniform(_ range: ClosedRange<Double>, _ stream: RandomStream) -> Double {
        exp(log(range.lowerBound) + stream.uniform() * (log(range.upperBound) - log(range.lowerBound)))
    }
}
