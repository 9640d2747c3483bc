import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra

@Suite("Tweedie's formula")
struct TweedieTests {
    @Test("(x_t + γ²∇log p_t)/s equals the posterior mean Σ_k w_k E_k[x₀|x_t] computed by Gaussian conditioning")
    func tweedieMatchesGaussianConditioning() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...32), Gen.int(in: 1...6), Gen.int(in: 0...3),
                                  Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, k, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            let data = try RandomMixture().make(dimension: n, components: k, stream: stream)
            let model = ExactMixtureScore(data: data, schedule: schedule)
            let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
            let points = Support.points(of: try model.marginal(at: time), count: 4, stream: stream)
            let viaTweedie = try model.tweedieDenoise(points, time: time)

            // Independent route: per component, x₀ | x_t ~ Gaussian with mean μ + sΣ(s²Σ + γ²I)⁻¹(x_t − sμ)
            // (dense Cholesky solves), weighted by responsibilities from dense log-densities.
            var expected = Matrix(rows: points.rows, columns: n)
            let references = try data.components.map { try Support.denseNoisedComponent($0, s: s, gamma: gamma) }
            for i in 0..<points.rows {
                let x = points.row(i)
                let logTerms = try zip(data.weights, references).map { log($0) + (try $1.logDensity(x)) }
                let normaliser = logSumExp(logTerms)
                for (index, component) in data.components.enumerated() {
                    let w = exp(logTerms[index] - normaliser)
                    let solved = try references[index].cholesky.solve(x - references[index].mean)
                    let conditional = component.mean.adding(s * (component.covariance * solved))
                    for j in 0..<n { expected[i, j] += w * conditional[j] }
                }
            }
            // Both routes are backward stable; errors scale with κ(s²Σ + γ²I) ≲ 2·10⁴ for these models
            // (eigenvalues ≥ 0.01·s², γ² ≥ 4·10⁻⁴·s² at the earliest times) times ε and the data scale ≲ 10,
            // and the exponentials of the responsibilities amplify log-density errors by at most ≈ 1.
            let error = Support.relativeError(viaTweedie, expected)
            #expect(error < 1e-8, "n=\(n) K=\(k) \(schedule) t=\(time): relative error \(error)")
            // The library's `denoise` (per-component posterior means, no division by s) against the same
            // dense route, with the same tolerance and reason.
            let posterior = Support.relativeError(try model.denoise(points, time: time), expected)
            #expect(posterior < 1e-8, "n=\(n) K=\(k) \(schedule) t=\(time): denoise relative error \(posterior)")
        }
    }
}
