import Testing
import Foundation
import GaussianMixtures
import LinearAlgebra
import Retraining
@testable import Scenarios

/// `retraining` against independent computations: the closed-form moments of each estimator's population
/// recursion, the same recursion iterated by hand through `one-round`'s laws, and `one-round` itself at G = 1.
@Suite("core.scenarios: retraining")
struct RetrainingScenarioTests {
    static let scenario = RetrainingScenario()

    static func arguments(_ overrides: [String: ScenarioArgument] = [:]) -> [String: ScenarioArgument] {
        var arguments: [String: ScenarioArgument] = [
            "dimension": .integer(2), "components": .integer(2), "seed": .integer(11), "alpha": .real(0.3), "G": .integer(4),
            "estimator": .choice("kde"), "h": .real(0.3), "c": .real(1.2), "delta": .real(0.4),
            "schedule": .choice("ou"), "t0": .real(0), "T": .real(0.9),
        ]
        arguments.merge(overrides) { $1 }
        return arguments
    }

    static func arrays(_ arguments: [String: ScenarioArgument], _ requested: Set<String>) throws -> [String: [MeasuredValue]] {
        guard case .evaluated(let values) = try scenario.evaluate(arguments, requested: requested) else {
            Issue.record("case skipped")
            return [:]
        }
        return values.compactMapValues { if case .array(let array) = $0 { return array } else { return nil } }
    }

    /// max |a − b| over the entries, relative to max(1, max |b|).
    static func difference(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.elements, b.elements).map { abs($0 - $1) }.max()! / max(1, b.elements.map(abs).max()!)
    }

    @Test("retraining, kde (KernelDensityPopulation): the laws equal the round iterated by hand, and Cov p̂^k − Cov p = h²(1 − (1−α)^k)/α · I")
    func kernelDensityAgainstHandIteration() throws {
        let arguments = Self.arguments()
        let (p, laws) = try RetrainingScenario.laws(arguments)
        var hand = p
        for k in 1...4 {
            hand = try RoundLaws.Estimator.kde.apply(to: try RoundLaws.training(target: p, current: hand, alpha: 0.3), h: 0.3, c: 1, delta: 0, seed: 11)
            #expect(Self.difference(laws[k].covariance, hand.covariance) < 1e-12)
            #expect(zip(laws[k].mean, p.mean).allSatisfy { abs($0 - $1) < 1e-12 })
            let growth = KernelDensityPopulation.withinModeVariance(componentVariance: 0, bandwidth: 0.3, mixing: try MixingConvention(freshFraction: 0.3), generation: k)
            #expect(Self.difference(laws[k].covariance, p.covariance.addingToDiagonal(growth)) < 1e-12, "k = \(k)")
        }
        // D from the scenario against χ² of the hand-iterated law (independent streams): within 4 SE.
        let d = try Self.arrays(arguments, ["D"])["D"]!
        let direct = try ChiSquaredToMixture.evaluate(from: hand, to: p, samples: 20_000, seed: 99)
        #expect(d.count == 4)
        #expect(abs(d[3].value - direct.value) <= 4 * (d[3].standardError * d[3].standardError + direct.standardError * direct.standardError).squareRoot(),
                "D[4] \(d[3]) vs \(direct.value) ± \(direct.standardError)")
    }

    @Test("retraining, gaussian-fit (GaussianPopulationDynamics): from p̂⁰ = p every generation is the moment fit N(mean p, Cov p), so D is constant")
    func gaussianFitIsFixed() throws {
        let (p, laws) = try RetrainingScenario.laws(Self.arguments(["estimator": .choice("gaussian-fit")]))
        for law in laws.dropFirst() {
            #expect(law.count == 1 && Self.difference(law.covariance, p.covariance) < 1e-12)
            #expect(zip(law.mean, p.mean).allSatisfy { abs($0 - $1) < 1e-12 })
        }
    }

    @Test("retraining, mean-shift: mean p̂^k − mean p = δu(1 − (1−α)^k)/α; exact: p̂^k = p, kl and energies 0")
    func meanShiftAndExact() throws {
        let (p, laws) = try RetrainingScenario.laws(Self.arguments(["estimator": .choice("mean-shift")]))
        let u = RoundLaws.direction(dimension: 2, seed: 11, index: 2)
        for k in 1...4 {
            let size = 0.4 * (1 - pow(0.7, Double(k))) / 0.3
            #expect((0..<2).allSatisfy { abs(laws[k].mean[$0] - p.mean[$0] - size * u[$0]) < 1e-12 }, "k = \(k)")
        }
        let exact = try Self.arrays(Self.arguments(["estimator": .choice("exact")]), ["kl", "eps_hat2", "eps_star2", "D"])
        for name in ["kl", "eps_hat2", "eps_star2"] { #expect(exact[name]!.allSatisfy { $0.value == 0 }, "\(name)") }
        #expect(exact["D"]!.allSatisfy { abs($0.value) <= 4 * $0.standardError + 1e-12 })
    }

    @Test("retraining, w2: Bures in closed form for single Gaussians — 0 for the Gaussian fit of a Gaussian, Σ_i(√(λ_i + h²) − √λ_i)² for its KDE")
    func wassersteinOfSingleGaussians() throws {
        let fit = try Self.arrays(Self.arguments(["components": .integer(1), "estimator": .choice("gaussian-fit"), "G": .integer(2)]), ["w2"])["w2"]!
        #expect(fit.allSatisfy { $0.standardError == 0 && abs($0.value) < 1e-7 }, "\(fit)")
        let arguments = Self.arguments(["components": .integer(1), "estimator": .choice("kde"), "G": .integer(1), "alpha": .real(1)])
        let w2 = try Self.arrays(arguments, ["w2"])["w2"]![0]
        // p̂¹ = p * N(0, h²I): Σ and Σ + h²I commute, so W₂² = Σ_i (√(λ_i + h²) − √λ_i)² over Σ's eigenvalues λ_i.
        let covariance = try RetrainingScenario.laws(arguments).target.covariance
        let (a, b, c) = (covariance[0, 0], covariance[0, 1], covariance[1, 1])
        let root = ((a - c) * (a - c) + 4 * b * b).squareRoot()
        let squared = [(a + c + root) / 2, (a + c - root) / 2].reduce(0.0) { $0 + pow((($1 + 0.09).squareRoot() - $1.squareRoot()), 2) }
        #expect(w2.standardError == 0 && abs(w2.value - squared.squareRoot()) <= 1e-9, "W₂ \(w2.value) vs \(squared.squareRoot())")
    }

    @Test("retraining at G = 1 is one-round from p̂ⁱ = p: eps_hat2, eps_star2 and kl within 4 SE; scalars G and alpha")
    func firstGenerationIsOneRound() throws {
        let generation = try Self.arrays(Self.arguments(["G": .integer(1), "estimator": .choice("variance-scale")]), ["kl", "eps_hat2", "eps_star2"])
        let round = OneRoundScenarioTests.arguments(["dimension": .integer(2), "components": .integer(2), "seed": .integer(11), "alpha": .real(0.3),
                                                     "perturbation": .real(0), "estimator": .choice("variance-scale"), "c": .real(1.2), "T": .real(0.9)])
        let single = try OneRoundScenarioTests.values(round, ["kl_next", "eps_hat2", "eps_star2"])
        for (array, scalar) in [("kl", "kl_next"), ("eps_hat2", "eps_hat2"), ("eps_star2", "eps_star2")] {
            #expect(generation[array]!.count == 1)
            #expect(OneRoundScenarioTests.agree(generation[array]![0], single[scalar]!), "\(array): \(generation[array]![0]) vs \(single[scalar]!)")
        }
        guard case .evaluated(let scalars) = try Self.scenario.evaluate(Self.arguments(), requested: ["G", "alpha"]) else { return }
        #expect(scalars["G"] == .scalar(MeasuredValue(4)) && scalars["alpha"] == .scalar(MeasuredValue(0.3)))
    }
}
