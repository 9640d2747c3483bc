import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Closed-form MoLRG denoiser [C]")
struct LowRankDenoiserTests {
    @Test("s/(s²+γ²) Σ_k w_k U_kU_kᵀx_t with w_k ∝ π_k(1+s²/γ²)^{-d_k/2} exp(φ‖U_kᵀx_t‖²) equals Tweedie on the general mixture")
    func moLRGDenoiserMatchesGeneral() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 2...48), Gen.int(in: 1...6), Gen.int(in: 0...3),
                                  Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, k, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            // Subspaces of random ranks 1…n/2, not necessarily orthogonal; random weights.
            let bases = try (0..<k).map { _ in
                try Matrix.randomOrthonormal(rows: n, columns: 1 + stream.integer(below: max(1, n / 2)), stream: stream)
            }
            let mixture = try LowRankMixture(bases: bases, weights: (0..<k).map { _ in 0.2 + stream.uniform() })
            let general = ExactMixtureScore(data: mixture.gaussianMixture, schedule: schedule)
            let points = Support.points(of: try general.marginal(at: time), count: 6, stream: stream)
            let closedForm = try mixture.posteriorMean(points, schedule: schedule, time: time)
            let viaScore = try general.denoise(points, time: time)
            // κ(s²UUᵀ + γ²I) = 1 + s²/γ² ≤ 2.5·10³ at the earliest times; both routes are stable to κ·ε·scale.
            let error = Support.relativeError(closedForm, viaScore)
            #expect(error < 1e-9, "n=\(n) K=\(k) \(schedule) t=\(time): relative error \(error)")
        }
    }
}
