import Foundation
import Testing
import Diffusion
import LinearAlgebra
import InputErrors

@Suite("Samplers: the EDM discretisation and the inverse of σ(t)")
struct SamplerEDMTests {
    @Test("time(atSigma:) inverts σ(t) on every schedule, from σ = 10⁻⁴ to 80, and σ = 0 gives t = 0")
    func inverseSigma() throws {
        let sigmas = (0...60).map { 1e-4 * pow(80 / 1e-4, Double($0) / 60) }
        for schedule in NoiseSchedule.allCases {
            #expect(try schedule.time(atSigma: 0) == 0)
            for sigma in sigmas {
                let t = try schedule.time(atSigma: sigma)
                // σ(t) is computed through exp/expm1/cos of t: a relative error of a few ulps of t times
                // the condition number t·σ′(t)/σ(t) (≤ about 10³ near the cosine schedule's end, where
                // σ → ∞ as t → 1); 10⁻¹¹ covers it. The cosine schedule's forward a(t) = −½log(f(t)/f(0))
                // cancels as t → 0 (relative error ≈ ε/a, a = ½log(1 + σ²)), and σ inherits half of it.
                let a = 0.5 * log1p(sigma * sigma)
                let tolerance = (1e-11 + (schedule == .cosine ? 4 * Double.ulpOfOne / a : 0)) * sigma
                #expect(abs(schedule.sigma(at: t) - sigma) <= tolerance, "\(schedule) σ = \(sigma): t = \(t), σ(t) = \(schedule.sigma(at: t))")
            }
        }
        #expect(throws: InputError.self) { try NoiseSchedule.vp.time(atSigma: 200) }  // σ(1) ≈ 152
        #expect(throws: InputError.self) { try NoiseSchedule.ve.time(atSigma: -1) }
        #expect(throws: InputError.self) { try NoiseSchedule.ou.time(atSigma: .infinity) }
    }

    @Test("EDM σ-levels: the ρ-formula with exact endpoints, then 0; ρ = 1 is uniform in σ; the grid maps them through σ⁻¹")
    func edmLevels() throws {
        let edm = try HeunEDMSampler()
        #expect(edm.steps == 18 && edm.sigmaMax == 80 && edm.sigmaMin == 0.002 && edm.rho == 7 && edm.endsAtZero)
        let sigmas = edm.sigmas
        #expect(sigmas.count == 19 && sigmas[0] == 80 && sigmas[17] == 0.002 && sigmas[18] == 0)
        for i in 1..<17 {
            let expected = pow(pow(80, 1.0 / 7) + Double(i) / 17 * (pow(0.002, 1.0 / 7) - pow(80, 1.0 / 7)), 7)
            #expect(abs(sigmas[i] - expected) <= 1e-14 * expected)
        }
        let uniform = try HeunEDMSampler(steps: 5, sigmaMax: 5, sigmaMin: 1, rho: 1, endsAtZero: false).sigmas
        // Five levels 5, 4, 3, 2, 1 up to the rounding of pow(·, 1).
        #expect(zip(uniform, [5.0, 4, 3, 2, 1]).allSatisfy { abs($0 - $1) <= 1e-15 * 5 })
        for schedule in [NoiseSchedule.vp, .ou, .cosine] {
            let grid = try edm.grid(schedule: schedule)
            #expect(grid.steps == 18 && grid.end == 0)
            for (t, sigma) in zip(grid.times, sigmas) {
                // As in `inverseSigma`, plus the cosine schedule's cancellation at small σ.
                let tolerance = sigma == 0 ? 0 : (1e-11 + (schedule == .cosine ? 4 * Double.ulpOfOne / (0.5 * log1p(sigma * sigma)) : 0)) * sigma
                #expect(abs(schedule.sigma(at: t) - sigma) <= tolerance, "\(schedule): σ(\(t)) vs \(sigma)")
            }
        }
        #expect(try edm.grid(schedule: .ve).times == sigmas)
    }

    @Test("EDM parameters: bad values throw naming the parameter")
    func badParameters() throws {
        for (make, field) in [({ try HeunEDMSampler(steps: 1) }, "steps"), ({ try HeunEDMSampler(sigmaMin: 0) }, "sigmaMin"),
                              ({ try HeunEDMSampler(sigmaMax: 1, sigmaMin: 2) }, "sigmaMin"), ({ try HeunEDMSampler(sigmaMax: .infinity) }, "sigmaMax"),
                              ({ try HeunEDMSampler(rho: 0) }, "rho")] as [(() throws -> HeunEDMSampler, String)] {
            #expect { _ = try make() } throws: { ($0 as? InputError)?.field == field }
        }
        #expect { _ = try HeunEDMSampler(sigmaMax: 200).grid(schedule: .vp) } throws: { ($0 as? InputError)?.field == "sigmaMax" }
    }
}
