import Checking
@testable import ClaimFiles
import Foundation
import GaussianMixtures
import Scenarios
import Testing

/// File claims through `CounterexampleSearch`: the failure rules, evaluation errors, and the general
/// inequalities shipped in claims/.
@Suite("ClaimFiles: search")
struct ClaimSearchTests {
    /// The repository's root (for claims/).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("core.claim-files: a Monte-Carlo ratio fails only beyond 4 standard errors; an exact one beyond 1e-9")
    func failureRule() throws {
        // noisy = x ± error against the bound 0.5: ratio 2x ± 2·error; fixed x = 0.52 gives ratio 1.04.
        func outcome(error: Double) throws -> ClaimCheckOutcome {
            let claim = try compile(claimText(scenario: "test-array", measured: "noisy", bound: "0.5",
                                              extra: "[parameters]\nx = { value = 0.52 }\nerror = { value = \(error) }"))
            return CounterexampleSearch(trials: 20, seed: 1).run(claim.check)
        }
        let within = try outcome(error: 0.006)   // SE(ratio) = 2·0.006 = 0.012: 0.04 < 4·0.012
        #expect(within.verdict == .holds && within.rule.hasPrefix("Monte Carlo"), "\(within)")
        #expect(abs(within.standardError - 0.012) <= 1e-13)  // 0.006/(0.5 + 1e-12): the rounding floor shifts it by 2.4e-14
        let beyond = try outcome(error: 0.004)   // 0.04 > 4·0.008
        #expect(beyond.verdict == .fails && beyond.rule.hasPrefix("Monte Carlo"), "\(beyond)")
        let exact = try outcome(error: 0)
        #expect(exact.verdict == .fails && exact.rule.hasPrefix("exact"), "\(exact)")
    }

    @Test("core.claim-files: NaN is an evaluation error, counted and never a verdict of holds")
    func evaluationErrors() throws {
        let claim = try compile(claimText(scenario: "test-array", measured: "log(x - 0.5)", bound: "1"))
        let outcome = CounterexampleSearch(trials: 200, seed: 3).run(claim.check)
        #expect(outcome.evaluationErrors > 50 && outcome.evaluationErrors < 150, "\(outcome.evaluationErrors)")
        #expect(outcome.trials + outcome.evaluationErrors == 200)
        #expect(outcome.firstEvaluationError?.contains("is NaN") == true)
        let always = try compile(claimText(scenario: "test-array", measured: "log(-1 - x)", bound: "1"))
        #expect(CounterexampleSearch(trials: 20, seed: 3).run(always.check).verdict == .noValidCases)
    }

    @Test("core.claim-files: assumptions on parameters redraw; on quantities skip with the assumption named")
    func assumptions() throws {
        let claim = try compile(claimText(scenario: "test-array", measured: "D[2]", bound: "1",
                                          extra: "assumptions = [\"x <= 0.5\", \"D[1] >= 0.1\"]"))
        let outcome = CounterexampleSearch(trials: 300, seed: 2).run(claim.check)
        #expect(outcome.verdict == .holds, "\(outcome)")           // D[2] = 2x ≤ 1 whenever x ≤ 0.5
        #expect(outcome.outsideAssumptions.keys.sorted() == ["D[1] >= 0.1"], "\(outcome.outsideAssumptions)")
        let ignored = CounterexampleSearch(trials: 300, seed: 2, ignoreAssumptions: true).run(claim.check)
        #expect(ignored.verdict == .fails)
    }

    @Test("core.claim-files: pair's closed forms agree with GaussianMixtures for two Gaussians; w2 is NaN with a reason for mixtures")
    func pairScenario() throws {
        let pair = PairScenario()
        var arguments: [String: ScenarioArgument] = [
            "dimension": .integer(2), "components_p": .integer(1), "components_q": .integer(1), "separation": .real(1), "condition": .real(4),
            "rank": .integer(2), "noise": .real(0.1), "seed": .integer(5), "samples": .integer(4000), "schedule": .choice("ou"), "t0": .real(0), "T": .real(0.5),
        ]
        let (p, q) = try pair.laws(arguments)
        guard case .evaluated(let values) = try pair.evaluate(arguments, requested: ["kl", "chi2", "w2", "w2_lower", "w2_upper", "kl_reverse"]) else {
            Issue.record("skipped"); return
        }
        func scalar(_ name: String) -> MeasuredValue { if case .scalar(let v)? = values[name] { return v }; return MeasuredValue(.nan) }
        #expect(scalar("kl").value == (try GaussianDivergence.kl(from: p.components[0], to: q.components[0]).value) && scalar("kl").standardError == 0)
        #expect(scalar("kl_reverse").value == (try GaussianDivergence.kl(from: q.components[0], to: p.components[0]).value))
        #expect(scalar("chi2").value == (try GaussianDivergence.chiSquared(from: p.components[0], to: q.components[0]).value))
        // Gelbrich = MW₂ = W₂ for two Gaussians (three computations of the Bures distance; rounding only).
        #expect(abs(scalar("w2_lower").value - scalar("w2").value) <= 1e-12 * scalar("w2").value)
        #expect(abs(scalar("w2_upper").value - scalar("w2").value) <= 1e-12 * scalar("w2").value)
        arguments["components_p"] = .integer(2)
        guard case .evaluated(let mixed) = try pair.evaluate(arguments, requested: ["w2", "kl"]) else { Issue.record("skipped"); return }
        if case .scalar(let w2)? = mixed["w2"] { #expect(w2.value.isNaN && w2.reason != nil) } else { Issue.record("no w2") }
        if case .scalar(let kl)? = mixed["kl"] { #expect(kl.standardError > 0) } else { Issue.record("no kl") }
    }

    @Test("core.claim-files: claims/kl-log-chi2.toml holds with tightest ratio ≥ 0.9; claims/false/ fails and shrinks")
    func generalInequalities() throws {
        let search = CounterexampleSearch(trials: 300, seed: 1)  // the default 5000 in `check`; 300 reach ratio 0.97 (debug-build time)
        let claims = try ClaimLibrary.load([ClaimSearchTests.root.appendingPathComponent("claims").path])
        for claim in claims where claim.scenario.name == "pair" {
            let outcome = search.run(claim.check)
            #expect(outcome.verdict == .holds, "\(claim.file.key): \(outcome)")
            #expect((outcome.ratio ?? 0) >= 0.9, "\(claim.file.key): tightest ratio \(outcome.ratio ?? .nan) — vacuous?")
        }
        let wrong = try ClaimLibrary.load([ClaimSearchTests.root.appendingPathComponent("claims/false").path])
        #expect(!wrong.isEmpty)
        for claim in wrong {
            let outcome = search.run(claim.check)
            #expect(outcome.verdict == .fails, "\(claim.file.key)")
            let point = Dictionary(uniqueKeysWithValues: outcome.point.map { ($0.name, $0.value) })
            #expect(point["components_p"] == 1 && point["components_q"] == 1 && point["separation"] == 0, "not shrunk: \(outcome.pointDescription)")
        }
    }
}
