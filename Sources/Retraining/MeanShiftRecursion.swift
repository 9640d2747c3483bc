import Foundation
import LinearAlgebra
import RandomStreams

/// An exact model of recursive retraining in which every quantity of [B, §4] is known in closed form:
/// the regimes (accumulation, plateau, decay) and where the discounted sum of [B, Thm 4.2] tracks D_i.
///
/// Target p = N(0, Iₙ). Generation i has law p̂ⁱ = N(μᵢ, Iₙ), μ₀ = 0. Round i fits the unit-covariance
/// Gaussian family to q_i = αp + (1−α)p̂ⁱ (its mean is (1−α)μᵢ) and makes a mean error δᵢ:
/// ```
/// μᵢ₊₁ = (1−α)·μᵢ + δᵢ,      D_i = χ²(p̂ⁱ‖p) = exp(‖μᵢ‖²) − 1,      ε_i² = ‖δᵢ‖²
/// S_N = Σ_{k≤N} (1−α)^{2(N−k)} ε_k² + (1−α)^{2(N+1)} D₀          (the discounted sum, [B, Thm 4.2])
/// ```
/// ε_i² = ‖δᵢ‖² is the score-error energy of the round against the fitted family's ideal member: under
/// `ou` a mean shift δ changes the score by e^{−t/2}δ, and ∫₀^∞ e^{−t}‖δ‖² dt = ‖δ‖² (the equality case of
/// [B, Prop 3.1], KL = ½ε²). The round's error is measured against the family's projection of q_i, not q_i
/// itself (q_i is a mixture); this idealisation is what makes every quantity exact (der).
///
/// Consequences (der), with D ≈ ‖μ‖² for small means:
/// - independent errors (random directions, E δᵢ = 0): E‖μ_{N+1}‖² = S_N exactly, so S tracks D;
/// - aligned errors (the same δ every round): ‖μ_{N+1}‖ = ‖δ‖Σ_k(1−α)^k, so D/S → (2−α)/α: the discounted
///   sum under-estimates D by that factor (errors add coherently, not in quadrature);
/// - α = 0: D grows linearly (independent) or quadratically (aligned) in N; α > 0 with persistent error:
///   D plateaus near ε²/(1−(1−α)²) (independent) [B, §4]; summable errors (δᵢ ∝ 1/(i+1)²): D → 0.
public struct MeanShiftRecursion: Sendable {
    /// How the per-round mean errors δᵢ are chosen.
    public enum ErrorPattern: String, Sendable, CaseIterable {
        /// δᵢ = δ·e₁ every round.
        case aligned
        /// δᵢ = δ·uᵢ, uᵢ independent and uniform on the unit sphere (±1 in one dimension).
        case independent
        /// δᵢ = δ·uᵢ/(i+1)², uᵢ as for `independent`: Σε² < ∞.
        case summable
    }

    /// One generation's row, averaged over the random directions (exact for `aligned`).
    public struct Row: Sendable {
        public let generation: Int
        /// E D_i, with its Monte-Carlo standard error over direction sequences (0 when exact).
        public let chiSquared: Double
        public let standardError: Double
        /// ε²_{i−1}, the error of the round that produced generation i.
        public let roundError: Double
        /// S_{i−1}, the discounted sum that [B, Thm 4.2] compares with D_i.
        public let discountedSum: Double
    }

    public let freshFraction: Double
    public let dimension: Int
    public let errorSize: Double
    public let pattern: ErrorPattern

    public init(freshFraction: Double, dimension: Int, errorSize: Double, pattern: ErrorPattern) {
        precondition(freshFraction >= 0 && freshFraction <= 1, "MeanShiftRecursion: α = \(freshFraction) outside [0, 1]")
        precondition(dimension >= 1 && errorSize >= 0, "MeanShiftRecursion: n = \(dimension), δ = \(errorSize)")
        self.freshFraction = freshFraction
        self.dimension = dimension
        self.errorSize = errorSize
        self.pattern = pattern
    }

    /// ε_i² for round i.
    public func roundError(_ round: Int) -> Double {
        let size = pattern == .summable ? errorSize / pow(Double(round + 1), 2) : errorSize
        return size * size
    }

    /// Rows for generations 1…`generations`; random patterns average over `sequences` seeded direction
    /// sequences (sequence j uses substream j of `seed`).
    public func rows(generations: Int, sequences: Int = 20_000, seed: UInt64 = 0) -> [Row] {
        let keep = 1 - freshFraction
        let draws = pattern == .aligned ? 1 : max(2, sequences)
        var moments = [(sum: Double, squares: Double)](repeating: (0, 0), count: generations)
        let root = RandomStream(seed: seed)
        for sequence in 0..<draws {
            let stream = root.substream(UInt64(sequence))
            var mean = [Double](repeating: 0, count: dimension)
            for round in 0..<generations {
                let direction = pattern == .aligned ? unit(0) : randomDirection(stream)
                let size = roundError(round).squareRoot()
                for j in 0..<dimension { mean[j] = keep * mean[j] + size * direction[j] }
                let divergence = expm1(mean.reduce(0) { $0 + $1 * $1 })
                moments[round].sum += divergence
                moments[round].squares += divergence * divergence
            }
        }
        var discounted = 0.0
        return (0..<generations).map { round in
            discounted = keep * keep * discounted + roundError(round)
            let mean = moments[round].sum / Double(draws)
            let variance = draws > 1 ? max(0, moments[round].squares / Double(draws) - mean * mean) * Double(draws) / Double(draws - 1) : 0
            return Row(generation: round + 1, chiSquared: mean, standardError: (variance / Double(draws)).squareRoot(),
                       roundError: roundError(round), discountedSum: discounted)
        }
    }

    private func unit(_ axis: Int) -> [Double] {
        var vector = [Double](repeating: 0, count: dimension)
        vector[axis] = 1
        return vector
    }

    private func randomDirection(_ stream: RandomStream) -> [Double] {
        let draw = stream.gaussians(dimension)
        let norm = draw.euclideanNorm
        return draw.map { $0 / norm }
    }
}
