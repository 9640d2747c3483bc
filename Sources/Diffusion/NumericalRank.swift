import Foundation
import LinearAlgebra

/// The numerical rank used for denoiser Jacobians in [C] (authors' code): the smallest r with
/// ```
/// √(Σ_{i≤r} s_i²) > energy · √(Σ_i s_i²)
/// ```
/// over the singular values s₁ ≥ s₂ ≥ … (default energy 0.99). A zero matrix has rank 0.
public enum NumericalRank {
    /// The energy fraction of [C]'s code.
    public static let defaultEnergy = 0.99

    /// Rank from singular values (any order; they are sorted descending).
    public static func rank(singularValues: [Double], energy: Double = defaultEnergy) -> Int {
        precondition(energy > 0 && energy <= 1, "NumericalRank: energy \(energy) must be in (0, 1]")
        let sorted = singularValues.sorted(by: >)
        let total = sorted.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 0 }
        let threshold = energy * energy * total
        var running = 0.0
        for (index, value) in sorted.enumerated() {
            running += value * value
            if running > threshold { return index + 1 }
        }
        return sorted.count
    }

    /// Rank of a matrix, through its singular values (`dgesdd`).
    public static func rank(of matrix: Matrix, energy: Double = defaultEnergy) throws -> Int {
        rank(singularValues: try SingularValueDecomposition.singularValues(of: matrix), energy: energy)
    }
}
