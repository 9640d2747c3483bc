import Foundation
import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra
import OptimalTransport
import RandomStreams

@Suite("Divergence: exact assignment and transport solvers")
struct DivergenceAssignmentTests {
    /// Every injective map {0…n−1} → {0…m−1}, by recursion (n ≤ m small).
    static func injections(_ n: Int, _ m: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return injections(n - 1, m).flatMap { prefix in (0..<m).filter { !prefix.contains($0) }.map { prefix + [$0] } }
    }

    /// Costs from a seed: integers 0…4 when `ties` (many equal optima, stressing tie-breaking), else uniform in [0, 10).
    static func costs(rows: Int, columns: Int, seed: Int, ties: Bool) -> Matrix {
        let stream = RandomStream(seed: UInt64(seed))
        return Matrix(rows: rows, columns: columns,
                      elements: (0..<(rows * columns)).map { _ in ties ? Double(stream.integer(below: 5)) : 10 * stream.uniform() })
    }

    @Test("Hungarian cost = minimum over all permutations (brute force), square n ≤ 7")
    func hungarianMatchesBruteForce() async {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...7), Gen.int(in: 0...1_000_000), Gen.bool) { n, seed, ties in
            let c = Self.costs(rows: n, columns: n, seed: seed, ties: ties)
            let solution = OptimalAssignment(costs: c)
            let best = Self.injections(n, n).map { sigma in sigma.indices.reduce(0.0) { $0 + c[$1, sigma[$1]] } }.min()!
            // Both are sums of n ≤ 7 entries < 10 in different orders: they differ by at most 7·ulp(70) ≈ 1e-13.
            #expect(abs(solution.cost - best) <= 1e-12, "n = \(n), seed = \(seed): Hungarian \(solution.cost), brute force \(best)")
            #expect(Set(solution.columnOfRow).count == n, "assignment \(solution.columnOfRow) is not a permutation")
        }
    }

    @Test("Hungarian cost = minimum over all injections for rectangular n ≤ m ≤ 6")
    func rectangularMatchesBruteForce() async {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...4), Gen.int(in: 0...2), Gen.int(in: 0...1_000_000)) { n, extra, seed in
            let m = n + extra
            let c = Self.costs(rows: n, columns: m, seed: seed, ties: false)
            let solution = OptimalAssignment(costs: c)
            let best = Self.injections(n, m).map { sigma in sigma.indices.reduce(0.0) { $0 + c[$1, sigma[$1]] } }.min()!
            // Sums of ≤ 4 entries < 10 in different orders: ≤ 4·ulp(40) ≈ 3e-14.
            #expect(abs(solution.cost - best) <= 1e-12, "\(n)×\(m), seed \(seed): \(solution.cost) vs \(best)")
        }
    }

    @Test("Hungarian potentials certify optimality: uᵢ + vⱼ ≤ cᵢⱼ, equality on σ, Σu + Σv = cost (m up to 120)")
    func dualCertificate() async {
        await seededPropertyCheck(count: 12, input: Gen.int(in: 8...120), Gen.int(in: 0...1_000_000)) { m, seed in
            let c = Self.costs(rows: m, columns: m, seed: seed, ties: false)
            let solution = OptimalAssignment(costs: c)
            let u = solution.rowPotentials, v = solution.columnPotentials
            // Potentials accumulate up to m updates of size ≤ 10 each: rounding ≤ m·ulp(10·m) ≈ m²·2e-15.
            let tolerance = Double(m * m) * 1e-14
            var worst = -Double.infinity
            for i in 0..<m { for j in 0..<m { worst = max(worst, u[i] + v[j] - c[i, j]) } }
            #expect(worst <= tolerance, "dual infeasibility \(worst)")
            for i in 0..<m { #expect(abs(u[i] + v[solution.columnOfRow[i]] - c[i, solution.columnOfRow[i]]) <= tolerance) }
            #expect(abs(u.reduce(0, +) + v.reduce(0, +) - solution.cost) <= tolerance * Double(m))
        }
    }

    @Test("transport simplex with uniform weights on a square problem = Hungarian cost / K (Birkhoff–von Neumann)")
    func transportMatchesAssignment() async throws {
        await seededPropertyCheck(count: 40, input: Gen.int(in: 1...8), Gen.int(in: 0...1_000_000), Gen.bool) { k, seed, ties in
            let c = Self.costs(rows: k, columns: k, seed: seed, ties: ties)
            let uniform = [Double](repeating: 1 / Double(k), count: k)
            let plan = try OptimalTransportPlan(costs: c, supply: uniform, demand: uniform)
            let assignment = OptimalAssignment(costs: c)
            // Costs ≤ 10, flows ≤ 1: both sums carry at most k²·ulp(10) ≈ 1e-13 of rounding.
            #expect(abs(plan.cost - assignment.cost / Double(k)) <= 1e-12, "K = \(k), seed \(seed): \(plan.cost) vs \(assignment.cost / Double(k))")
        }
    }

    @Test("transport simplex: feasible plan, reduced costs ≥ 0 and Σaᵤ + Σbᵥ = cost (strong duality ⇒ optimal)")
    func transportCertificate() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...8), Gen.int(in: 1...8), Gen.int(in: 0...1_000_000), Gen.bool) { rows, columns, seed, ties in
            let stream = RandomStream(seed: UInt64(seed) &+ 17)
            let c = Self.costs(rows: rows, columns: columns, seed: seed, ties: ties)
            // With `ties`, equal weights make many partial sums coincide: degenerate pivots.
            func weights(_ count: Int) -> [Double] {
                let raw = (0..<count).map { _ in ties ? 1.0 : 0.05 + stream.uniform() }
                let total = raw.reduce(0, +)
                return raw.map { $0 / total }
            }
            let a = weights(rows), b = weights(columns)
            // Marginals: sums of ≤ 8 flows ≤ 1 after ≤ 8·8 pivots of exact subtractions: ~1e-15 each. Reduced
            // costs: the solver stops at −1e-12·max|c| (its pivot tolerance); potentials are sums of ≤ 16 costs ≤ 10,
            // so rounding adds ≤ 1e-13. Strong duality up to the same rounding and the pivot tolerance times mass 1.
            try Self.expectOptimal(costs: c, supply: a, demand: b, marginal: 1e-13, reducedCost: 2e-11, duality: 2e-11)
        }
    }

    @Test("transport simplex at a KDE's scale (400 × 5, uniform supply: long runs of degenerate pivots): feasible, reduced costs ≥ 0, strong duality")
    func transportAtKernelDensityScale() async throws {
        await seededPropertyCheck(count: 4, input: Gen.int(in: 0...1_000_000), Gen.bool) { seed, ties in
            let rows = 400, columns = 5
            let c = Self.costs(rows: rows, columns: columns, seed: seed, ties: ties)
            let stream = RandomStream(seed: UInt64(seed) &+ 29)
            let a = [Double](repeating: 1 / Double(rows), count: rows)
            let raw = (0..<columns).map { _ in 0.05 + stream.uniform() }
            let b = raw.map { $0 / raw.reduce(0, +) }
            // Marginals: a column sums 400 flows, each changed by exact-in-magnitude pivot updates: ≤ 1e-13.
            // Potentials are alternating sums along tree paths of ≤ 405 costs ≤ 10: rounding ≤ 405·10·2⁻⁵² ≈ 1e-12,
            // plus the pivot tolerance 1e-11; a basis stopped short of optimal leaves a reduced cost of the size of a
            // difference of costs, orders of magnitude larger.
            try Self.expectOptimal(costs: c, supply: a, demand: b, marginal: 1e-13, reducedCost: 1e-10, duality: 1e-10)
        }
    }

    /// Solves the problem and checks the optimality certificate: a feasible plan (marginals within
    /// `marginal`, flows ≥ 0), reduced costs c − u − v ≥ −`reducedCost`, and Σa·u + Σb·v = cost within `duality`.
    static func expectOptimal(costs c: Matrix, supply a: [Double], demand b: [Double],
                              marginal: Double, reducedCost: Double, duality: Double) throws {
        let solution = try OptimalTransportPlan(costs: c, supply: a, demand: b)
        let w = solution.plan, u = solution.rowPotentials, v = solution.columnPotentials
        for i in 0..<c.rows { #expect(abs(w.row(i).reduce(0, +) - a[i]) <= marginal) }
        for j in 0..<c.columns { #expect(abs(w.column(j).reduce(0, +) - b[j]) <= marginal) }
        #expect(w.elements.allSatisfy { $0 >= 0 })
        var worst = Double.infinity
        for i in 0..<c.rows { for j in 0..<c.columns { worst = min(worst, c[i, j] - u[i] - v[j]) } }
        #expect(worst >= -reducedCost, "\(c.rows)×\(c.columns): reduced cost \(worst)")
        let dual = zip(a, u).reduce(0) { $0 + $1.0 * $1.1 } + zip(b, v).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(dual - solution.cost) <= duality, "\(c.rows)×\(c.columns): primal \(solution.cost), dual \(dual)")
    }
}
