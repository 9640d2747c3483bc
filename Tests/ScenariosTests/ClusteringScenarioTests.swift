import Testing
import Foundation
import LinearAlgebra
import Scenarios
import SubspaceClustering

/// `clustering` against independent computations: enumeration of every partition on tiny cases, and the
/// two inequalities every case satisfies (optimum ≤ K-subspaces, optimum ≤ ‖E‖_F²).
@Suite("core.scenarios: clustering")
struct ClusteringScenarioTests {
    static let scenario = ClusteringScenario()
    static let everything: Set<String> = ["optimum_residual", "optimum_error", "ksubspaces_residual", "noise_energy"]

    static func arguments(_ n: Int, _ K: Int, _ d: Int, _ points: Int, _ noise: Double, _ seed: Int) -> [String: ScenarioArgument] {
        ["dimension": .integer(n), "subspaces": .integer(K), "rank": .integer(d), "points": .integer(points), "noise": .real(noise), "seed": .integer(seed)]
    }

    static func values(_ arguments: [String: ScenarioArgument]) throws -> [String: Double]? {
        guard case .evaluated(let values) = try scenario.evaluate(arguments, requested: everything) else { return nil }
        return values.compactMapValues { if case .scalar(let value) = $0 { return value.value } else { return nil } }
    }

    @Test("clustering: optimum_residual = the minimum over every partition (ExhaustiveSubspaceClustering) on tiny cases, to 1e-9 relative (the solver's tolerance)")
    func optimumMatchesEnumeration() throws {
        for seed in 0..<6 {
            let arguments = Self.arguments(3, 2, 1, 4, 0.1 * Double(seed % 3), seed)
            guard let v = try Self.values(arguments) else { Issue.record("seed \(seed) skipped"); continue }
            let enumerated = try ExhaustiveSubspaceClustering(subspaces: 2, dimension: 1).solve(try ClusteringScenario.instance(arguments).points)
            #expect(abs(v["optimum_residual"]! - enumerated.residual) <= 1e-9 * max(1, enumerated.residual), "seed \(seed)")
        }
    }

    @Test("clustering: optimum_residual ≤ ksubspaces_residual and ≤ noise_energy on random cases of the default box; noise 0 gives residual 0 and error 0")
    func inequalities() throws {
        var evaluated = 0
        for seed in 0..<12 {
            let arguments = Self.arguments(2 + seed % 4, 1 + seed % 3, 1 + seed % 2, 2 + seed % 4, 0.05 * Double(seed % 5), seed)
            guard let v = try Self.values(arguments) else { continue }
            evaluated += 1
            let slack = 1e-9 * max(1, v["ksubspaces_residual"]!)  // the solver certifies to tolerance 1e-9 relative
            #expect(v["optimum_residual"]! <= v["ksubspaces_residual"]! + slack, "seed \(seed)")
            #expect(v["optimum_residual"]! <= v["noise_energy"]! + slack, "seed \(seed)")
        }
        #expect(evaluated >= 8)
        let clean = try #require(try Self.values(Self.arguments(4, 2, 1, 4, 0, 3)))
        #expect(clean["noise_energy"] == 0 && clean["optimum_residual"]! < 1e-9 && clean["optimum_error"]! < 1e-6)
        guard case .skipped = try Self.scenario.evaluate(Self.arguments(2, 1, 2, 3, 0, 0), requested: ["noise_energy"]) else {
            Issue.record("d = n should be skipped")
            return
        }
    }
}
