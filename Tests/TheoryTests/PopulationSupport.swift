import Foundation
import GaussianMixtures
import LinearAlgebra

/// Fixtures of the retraining and population tests.
enum PopulationSupport {
    /// N(μ, v·I) as a rank-0 low-rank Gaussian (isotropic, no factorisation).
    static func isotropic(_ mean: [Double], variance: Double) throws -> Gaussian {
        try Gaussian(mean: mean, basis: Matrix(rows: mean.count, columns: 0), variances: [], noise: variance)
    }

    /// [B]'s GMM target as reproduced: n = 10, means 0 and (±4, ±4, 0, …, 0), per-coordinate std σ.
    static func paperTarget(dimension n: Int = 10, sigma: Double = 0.6) throws -> GaussianMixture {
        var means = [[Double](repeating: 0, count: n)]
        for (a, b) in [(4.0, 4.0), (4, -4), (-4, 4), (-4, -4)] {
            var mean = [Double](repeating: 0, count: n)
            mean[0] = a
            mean[1] = b
            means.append(mean)
        }
        return try GaussianMixture(weights: [Double](repeating: 1, count: 5),
                                   components: means.map { try isotropic($0, variance: sigma * sigma) })
    }

    /// The α-fraction of a mixture (weights scaled), for building mixtures by hand.
    static func combine(_ a: GaussianMixture, _ wa: Double, _ b: GaussianMixture, _ wb: Double) throws -> GaussianMixture {
        try GaussianMixture(weights: a.weights.map { wa * $0 } + b.weights.map { wb * $0 }, components: a.components + b.components)
    }

    /// Least-squares slope of y against x.
    static func slope(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return sxy / sxx
    }
}
