import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// The exact output law of a sampler on Gaussian data, read off the sampler's own output.
///
/// With Gaussian data the exact score is affine in x, so each step of every sampler here is affine in the
/// point and in that step's normals; a whole run from x_T = μ_T + ξ, with the normals z_k of step k, is
/// ```
/// y = b + A ξ + Σ_k G_k z_k
/// ```
/// for some b ∈ ℝⁿ and n×n matrices A, G_k. One run of the sampler on R points whose deviations ξ_r are
/// known, with the normals z_{k,r} replayed from a copy of its stream (the samplers' contract: step k draws
/// count·n standard normals, row by row), gives R exact linear equations per output coordinate for
/// (b, A, G_1 … G_K). With R = 2(1 + n + K·n) random rows the least-squares system is well conditioned and
/// its residual is rounding; then, for x_T ~ N(μ_T, Σ_T),
/// ```
/// output law = N(b, A Σ_T Aᵀ + Σ_k G_k G_kᵀ).
/// ```
/// Deterministic samplers draw no normals: the same regression without the z columns.
enum SamplerOutputLaw {
    /// Runs `sampler` once on `grid` from points around `start`'s mean and returns the output law of a run
    /// started from `start`. Expects the regression residual to be rounding (which also checks that the run
    /// is affine and consumes its stream as stated).
    static func law(of sampler: any ReverseTimeSampler, drawsNoise: Bool, model: some ScoreModel, grid: TimeGrid,
                    start: Gaussian, sourceLocation: SourceLocation = #_sourceLocation) throws -> Gaussian {
        let n = start.dimension
        let noiseColumns = drawsNoise ? grid.steps * n : 0
        let unknowns = 1 + n + noiseColumns, count = 2 * unknowns
        let deviations = RandomStream(seed: 7).gaussians(count * n)
        var initial = Matrix(rows: count, columns: n)
        for r in 0..<count { for i in 0..<n { initial[r, i] = start.mean[i] + deviations[r * n + i] } }
        let noiseSeed: UInt64 = 8
        let output = try sampler.run(model, from: initial, grid: grid, noise: RandomStream(seed: noiseSeed))

        // Design matrix, one row per point: [1, ξ_r, z_{1,r}, …, z_{K,r}].
        var design = Matrix(rows: count, columns: unknowns)
        for r in 0..<count {
            design[r, 0] = 1
            for i in 0..<n { design[r, 1 + i] = deviations[r * n + i] }
        }
        if drawsNoise {
            let replay = RandomStream(seed: noiseSeed)
            for k in 0..<grid.steps {
                let z = replay.gaussians(count * n)
                for r in 0..<count { for i in 0..<n { design[r, 1 + n + k * n + i] = z[r * n + i] } }
            }
        }
        // Normal equations: the design is a random Gaussian matrix with twice as many rows as columns, so
        // cond(DᵀD) ≈ ((1 + √½)/(1 − √½))² ≈ 34 and the coefficients keep about 14 digits.
        let coefficients = try CholeskyFactorization(design.gram).solve(Matrix.product(design, transposeA: true, output))
        let fitted = Matrix.product(design, coefficients)
        // Each output is a sum of O(K) rounded steps of size ≤ max|y|; 10⁻¹⁰ relative leaves a wide margin
        // over K·ε and is far below any discretisation error measured with it.
        let scale = max(1, output.elements.map(abs).max() ?? 0)
        #expect(fitted.maxAbsoluteDifference(output) <= 1e-10 * scale,
                "\(sampler.name): the run is not affine in (x_T, z) as read: residual \(fitted.maxAbsoluteDifference(output))",
                sourceLocation: sourceLocation)

        let mean = coefficients.row(0)
        // Row 1 + i of the coefficients holds column i of A, i.e. Aᵀ; rows below hold the G_kᵀ.
        let linearTransposed = coefficients.rows(1..<(1 + n))
        var covariance = Matrix.product(linearTransposed, transposeA: true,
                                        Matrix.product(start.covariance, linearTransposed))
        if drawsNoise {
            covariance = covariance + coefficients.rows((1 + n)..<unknowns).gram
        }
        return try Gaussian(mean: mean, covariance: covariance.symmetrised)
    }

    /// W₂ between the sampler's output law and `exact` (the library's Fréchet formula).
    static func wasserstein(_ output: Gaussian, _ exact: Gaussian) throws -> Double {
        try GaussianDivergence.wasserstein2(output, exact).value
    }
}
