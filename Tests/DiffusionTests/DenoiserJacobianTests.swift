import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Denoiser Jacobian and its numerical rank")
struct DenoiserJacobianTests {
    @Test("∂E[x₀|x_t]/∂x_t = (I + γ²∇²log p_t)/s equals central differences of the denoiser, and is symmetric")
    func jacobianMatchesFiniteDifferences() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...12), Gen.int(in: 1...6), Gen.int(in: 0...3),
                                  Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, k, scheduleIndex, u, seed in
            let (stream, schedule, time) = Support.draw(scheduleIndex: scheduleIndex, u: u, seed: seed)
            let model = ExactMixtureScore(data: try RandomMixture().make(dimension: n, components: k, stream: stream),
                                          schedule: schedule)
            let points = Support.points(of: try model.marginal(at: time), count: 2, stream: stream)
            let jacobians = try model.denoiserJacobians(points, time: time)
            // The denoiser (x + γ²∇log p)/s cancels: rounding is ≈ ε‖x‖/s, not ε‖E[x₀|x]‖.
            let denoised = try model.denoise(points, time: time)
            let cancellation = max(1, points.elements.map(abs).max()! / (schedule.scale(at: time) * max(1e-3, denoised.elements.map(abs).max()!)))
            for output in 0..<n {
                // Row `output` of J is the gradient of the denoiser's coordinate `output`.
                let fd = try Support.centralDifferences(at: points, step: 1e-4, cancellation: cancellation) { shifted in
                    try model.denoise(shifted, time: time).column(output)
                }
                for i in 0..<points.rows {
                    for j in 0..<n {
                        let tolerance = fd.truncation[i, j] + fd.rounding[i] + 1e-9 * abs(jacobians[i][output, j])
                        #expect(abs(fd.gradient[i, j] - jacobians[i][output, j]) <= tolerance,
                                "n=\(n) K=\(k) \(schedule) t=\(time) J[\(output),\(j)]: FD \(fd.gradient[i, j]) vs \(jacobians[i][output, j])")
                    }
                }
            }
            for jacobian in jacobians {
                // Symmetric by construction of the Hessian formula; rounding only.
                #expect(jacobian.maxAbsoluteDifference(jacobian.transposed) <= 1e-10 * (1 + jacobian.frobeniusNorm))
            }
        }
    }

    @Test("MoLRG with orthogonal subspaces: at small t the Jacobian at a point of subspace k has numerical rank d_k")
    func rankEqualsSubspaceDimension() throws {
        let stream = RandomStream(seed: 7)
        let mixture = try LowRankMixture.orthogonalSubspaces(dimension: 48, components: 3, rank: 4, stream: stream)
        let model = ExactMixtureScore(data: mixture.gaussianMixture, schedule: .ve)
        // One point on each subspace: U_k a with a ~ N(0, I).
        let points = Matrix(rowArrays: mixture.bases.map { $0 * stream.gaussians(4) })
        // At t = 0.05 the responsibilities are one-hot to within exp(−φ‖x‖²) ≈ e^{−800} and
        // J = U_kU_kᵀ/(1 + t²) + (t²/(1+t²))(I − U_kU_kᵀ)/t² ... i.e. singular values 1/(1+t²) (×4) and
        // t²/(1+t²)·... The 0.99-energy rule keeps exactly the 4 dominant ones.
        for jacobian in try model.denoiserJacobians(points, time: 0.05) {
            #expect(try NumericalRank.rank(of: jacobian) == 4)
        }
    }

    @Test("0.99-energy rank: smallest r with √(Σ_{i≤r} s_i²) > 0.99·√(Σ s_i²)")
    func energyRule() {
        #expect(NumericalRank.rank(singularValues: [10, 0.1, 0.1]) == 1)   // 100 > 0.9801·100.02
        #expect(NumericalRank.rank(singularValues: [3, 4]) == 2)           // 16 < 0.9801·25 = 24.5
        #expect(NumericalRank.rank(singularValues: [1, 1, 1, 1]) == 4)     // 3 < 3.92
        #expect(NumericalRank.rank(singularValues: [0, 0]) == 0)
    }
}
