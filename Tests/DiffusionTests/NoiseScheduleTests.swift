import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import InputErrors

@Suite("Noise schedules (docs/theory.md §0)")
struct NoiseScheduleTests {
    @Test("vp, ou and cosine preserve variance: s² + γ² = 1 for all t")
    func variancePreserving() async {
        await seededPropertyCheck(count: 200, input: Gen.int(in: 1...3), Gen.double(in: 0...1)) { index, u in
            let schedule = NoiseSchedule.allCases[index]
            let time = Support.time(schedule, u)
            let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
            // Both sides are O(1); rounding in exp/expm1/sqrt only.
            #expect(abs(s * s + gamma * gamma - 1) < 1e-13, "\(schedule) t=\(time)")
        }
    }

    @Test("Closed forms: ve (1, t); ou (e^{−t/2}, √(eᵗ−1)); vp s = exp(−½(β_min t + ½Δβ t²)); σ(0) = 0")
    func formulas() {
        #expect(NoiseSchedule.ve.scale(at: 2.5) == 1 && NoiseSchedule.ve.sigma(at: 2.5) == 2.5)
        #expect(abs(NoiseSchedule.ou.scale(at: 1.3) - exp(-0.65)) < 1e-15)
        #expect(abs(NoiseSchedule.ou.sigma(at: 1.3) - (exp(1.3) - 1).squareRoot()) < 1e-14)
        let t = 0.4
        let s = exp(-0.5 * (0.1 * t + 0.5 * 19.9 * t * t))
        #expect(abs(NoiseSchedule.vp.scale(at: t) - s) < 1e-15)
        #expect(abs(NoiseSchedule.vp.sigma(at: t) - (1 - s * s).squareRoot() / s) < 1e-13)
        for schedule in NoiseSchedule.allCases {
            #expect(schedule.sigma(at: 0) == 0 && schedule.scale(at: 0) == 1, "\(schedule)")
        }
        // σ accurate as t → 0 (expm1): vp σ(t)² ≈ β_min t for tiny t.
        #expect(abs(NoiseSchedule.vp.sigma(at: 1e-12) / (0.1e-12).squareRoot() - 1) < 1e-9)
    }

    @Test("SDE coefficients: f = d log s/dt and g² = s²·dσ²/dt match central differences of s and σ²")
    func sdeCoefficients() {
        // Central differences with step h have error h²·f‴/6. The steepest case is cosine at t = 0.9, where
        // σ² ≈ 20 and its third derivative ≈ 2e4 (relative error ≈ 2e-6 at h = 1e-4, seen); h = 1e-5 brings
        // that to ≈ 2e-8, still far above rounding (≈ 1e-16·σ²/h ≈ 2e-10), so 1e-6 relative is a wide margin.
        let h = 1e-5
        for schedule in NoiseSchedule.allCases {
            for t in [0.05, 0.3, 0.7, 0.9] {
                let logScale = { (u: Double) in log(schedule.scale(at: u)) }
                let varianceRatio = { (u: Double) in pow(schedule.sigma(at: u), 2) }
                let drift = (logScale(t + h) - logScale(t - h)) / (2 * h)
                let diffusion = pow(schedule.scale(at: t), 2) * (varianceRatio(t + h) - varianceRatio(t - h)) / (2 * h)
                #expect(abs(schedule.drift(at: t) - drift) <= 1e-6 * max(1, abs(drift)), "\(schedule) t=\(t)")
                #expect(abs(schedule.diffusionSquared(at: t) - diffusion) <= 1e-6 * max(1, diffusion), "\(schedule) t=\(t)")
            }
        }
    }

    @Test("Invalid times are rejected with the value in the message")
    func invalidTimes() {
        #expect(throws: InputError.self) { try NoiseSchedule.ve.validate(time: -1) }
        #expect(throws: InputError.self) { try NoiseSchedule.vp.validate(time: 1.5) }
        #expect(throws: InputError.self) { try NoiseSchedule.cosine.validate(time: 1) }
        #expect(throws: InputError.self) { try NoiseSchedule.ou.validate(time: .nan) }
        #expect(throws: InputError.self) { try NoiseSchedule(name: "linear") }
        #expect((try? NoiseSchedule.vp.validate(time: 1)) != nil)
    }
}
