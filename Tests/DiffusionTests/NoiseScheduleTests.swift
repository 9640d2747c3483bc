import Foundation
import Testing
import PropertyBased
import Diffusion
import DataFiles

@Suite("Noise schedules (THEORY §0)")
struct NoiseScheduleTests {
    @Test("vp, ou and cosine preserve variance: s² + γ² = 1 for all t")
    func variancePreserving() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...3), Gen.double(in: 0...1)) { index, u in
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
