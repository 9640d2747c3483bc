import Foundation
import LinearAlgebra

/// How points sit relative to the component means of a mixture with isotropic components of standard
/// deviation σ, the coverage measures of the reconstruction experiment [E] (docs/theory.md §5):
/// ```
/// r_i = min_k ‖x_i − μ_k‖          mean distance = (1/N) Σ_i r_i
/// shell mass = (1/N) Σ_i 1[r_i > c·σ]   (c = 2: the mass beyond the 2σ shell)
/// ```
/// Points that concentrate in the modes have a smaller mean distance and less mass beyond the shell than
/// the data. For one isotropic Gaussian in ℝⁿ, r²/σ² ~ χ²_n, so the shell mass is P(χ²_n > c²) (e^{−2} =
/// 0.1353 for n = 2, c = 2); a second mode nearby lowers it slightly.
public struct ModeCoverage: Sendable {
    /// μ_k.
    public let means: [[Double]]
    /// σ, the per-coordinate standard deviation of each component.
    public let sigma: Double
    /// c, the shell radius in units of σ.
    public let shellRadius: Double

    public init(means: [[Double]], sigma: Double, shellRadius: Double = 2) {
        precondition(!means.isEmpty && sigma > 0 && shellRadius > 0,
                     "ModeCoverage: \(means.count) means, σ = \(sigma), c = \(shellRadius)")
        self.means = means
        self.sigma = sigma
        self.shellRadius = shellRadius
    }

    /// r_i for each row.
    public func nearestMeanDistances(_ points: Matrix) -> [Double] {
        (0..<points.rows).map { i in
            let row = points.row(i)
            return means.map { (row - $0).euclideanNorm }.min()!
        }
    }

    /// (1/N) Σ_i r_i.
    public func meanDistance(_ points: Matrix) -> Double {
        let distances = nearestMeanDistances(points)
        return distances.reduce(0, +) / Double(max(distances.count, 1))
    }

    /// The fraction of rows with r_i > c·σ.
    public func shellMass(_ points: Matrix) -> Double {
        let distances = nearestMeanDistances(points)
        return Double(distances.filter { $0 > shellRadius * sigma }.count) / Double(max(distances.count, 1))
    }
}
