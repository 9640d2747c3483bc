import Foundation
import Testing
import Diffusion
import PropertyBased
import PropertySupport
import Checking

/// [E]'s correlation formulas against the continuous-time moment equations of the reverse dynamics.
@Suite("Reverse-dynamics moments [E]")
struct ReverseDynamicsMomentsTests {
    @Test("E.reconstruction-correlation: RK4 moments of the reverse ODE/SDE give E x̂₀ = m, Var x̂₀ = v and the closed-form corr, every schedule, to 1e-6")
    func formulasHold() async {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 0...3), Gen.bool, Gen.double(in: 0...1),
                                  Gen.double(in: -3...3), Gen.double(in: log(0.05)...log(20))) { index, stochastic, u, m, logV in
            let schedule = NoiseSchedule.allCases[index]
            let end = schedule.maximumTime.isFinite ? 0.98 * schedule.maximumTime : 4
            let t = end * (0.01 + 0.99 * u), v = exp(logV)
            let moments = ReverseDynamicsMoments(schedule: schedule, stochastic: stochastic, mean: m, variance: v, time: t)
            let formula = ReverseDynamicsMoments.correlationFormula(schedule: schedule, stochastic: stochastic, variance: v, time: t)
            // 1e-6: the RK4 error at 400 steps is below 5e-8 over this box (see `rungeKuttaOrder`).
            #expect(abs(moments.correlation(dataVariance: v) - formula) < 1e-6, "\(schedule) t=\(t) v=\(v)")
            #expect(abs(moments.variance / v - 1) < 1e-6 && abs(moments.mean - m) < 1e-6 * max(1, abs(m)))
        }
    }

    @Test("E.reconstruction-correlation: the integration converges at order 4 (error ratio ≈ 16 per halving) on the stiffest corner")
    func rungeKuttaOrder() {
        // cosine near its end with v = 20 and the SDE: the largest error over the check's parameter box.
        let schedule = NoiseSchedule.cosine, t = 0.98, v = 20.0
        let formula = ReverseDynamicsMoments.correlationFormula(schedule: schedule, stochastic: true, variance: v, time: t)
        let errors = [50, 100, 200].map {
            abs(ReverseDynamicsMoments(schedule: schedule, stochastic: true, mean: 0, variance: v, time: t, steps: $0)
                .correlation(dataVariance: v) - formula)
        }
        let orders = [log2(errors[0] / errors[1]), log2(errors[1] / errors[2])]
        #expect(orders.allSatisfy { $0 > 3.5 && $0 < 4.6 }, "observed orders \(orders), errors \(errors)")
        let atDefault = abs(ReverseDynamicsMoments(schedule: schedule, stochastic: true, mean: 0, variance: v, time: t)
            .correlation(dataVariance: v) - formula)
        #expect(atDefault < 5e-8, "error at 400 steps \(atDefault)")
    }

    @Test("E.reconstruction-correlation: the check discriminates — the ODE and SDE formulas differ by ≫ 1e-6 from the other dynamics' moments")
    func discriminates() {
        // vp, t = 0.5, v = 2: corr_ODE = √r, corr_SDE = r with r = ᾱv/(ᾱv + 1 − ᾱ) ≈ 0.28, so they differ by ≈ 0.25.
        for stochastic in [false, true] {
            let moments = ReverseDynamicsMoments(schedule: .vp, stochastic: stochastic, mean: 1, variance: 2, time: 0.5)
            let other = ReverseDynamicsMoments.correlationFormula(schedule: .vp, stochastic: !stochastic, variance: 2, time: 0.5)
            #expect(abs(moments.correlation(dataVariance: 2) - other) > 0.1)
        }
        // [E]'s vp form: ᾱ = s², 1 − ᾱ = γ².
        let alphaBar = pow(NoiseSchedule.vp.scale(at: 0.5), 2)
        let paper = alphaBar * 2 / (alphaBar * 2 + 1 - alphaBar)
        #expect(abs(ReverseDynamicsMoments.correlationFormula(schedule: .vp, stochastic: true, variance: 2, time: 0.5) - paper) < 1e-14)
    }
}
