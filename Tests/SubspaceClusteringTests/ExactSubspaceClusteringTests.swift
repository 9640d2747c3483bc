import Foundation
import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra
@testable import SubspaceClustering
import InputErrors
import RandomStreams

@Suite("Exact subspace clustering [C]")
struct ExactSubspaceClusteringTests {
    /// N points, point i on subspace i mod K (random d-dimensional, Haar), coefficients N(0, I_d), plus
    /// isotropic N(0, noise²·I_n) noise; `structured` false gives plain N(0, I_n) points (no planted
    /// partition: the hardest case for the bound).
    static func instance(rows: Int, columns n: Int, subspaces k: Int, dimension d: Int, noise: Double,
                         structured: Bool, seed: Int) throws -> Matrix {
        let stream = RandomStream(seed: UInt64(seed))
        guard structured else { return Matrix.gaussian(rows: rows, columns: n, stream: stream) }
        let bases = try (0..<k).map { _ in try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream) }
        return Matrix(rowArrays: (0..<rows).map { i in
            (bases[i % k] * stream.gaussians(d)).adding(noise * stream.gaussians(n))
        })
    }

    /// Σ_k Σ_{i∈C_k} ‖U_kᵀx_i‖² recomputed from the returned labels and bases.
    static func captured(_ points: Matrix, _ result: ExactSubspaceClusteringResult) -> Double {
        points.rowArrays.enumerated().reduce(0) { sum, row in
            sum + result.bases[result.labels[row.offset]].transposedTimes(row.element).reduce(0) { $0 + $1 * $1 }
        }
    }

    @Test("C.exact-solver: on small random instances the branch and bound certifies the optimum that exhaustive enumeration finds, and K-subspaces never beats it")
    func matchesEnumeration() async throws {
        // n up to 12 > N: clusters take their residual from the Gram block (m ≤ n), and from the scatter when N > n.
        await seededPropertyCheck(count: 60, input: Gen.int(in: 2...10), Gen.int(in: 1...3), Gen.int(in: 1...2), Gen.int(in: 3...12),
                                  Gen.int(in: 0...1_000_000)) { rows, k, d, n, seed in
            let points = try Self.instance(rows: rows, columns: n, subspaces: k, dimension: d, noise: 0.1,
                                           structured: seed % 3 != 0, seed: seed)
            let optimum = try ExhaustiveSubspaceClustering(subspaces: k, dimension: d).solve(points)
            let exact = try ExactSubspaceClustering(subspaces: k, dimension: d, seed: UInt64(seed)).solve(points)
            // Both residuals are sums of ≤ n eigenvalues of scatters of norm ≤ Σ‖x_i‖² ≈ 60, each with an
            // absolute rounding error ≈ n·ε·60 ≈ 10⁻¹³; 10⁻⁹·max(1, r) is the solver's own tolerance.
            let tolerance = 1e-9 * max(1, optimum.residual)
            let context = "N=\(rows) K=\(k) d=\(d) n=\(n) seed=\(seed)"
            #expect(exact.certified && exact.stoppedBy == nil, "\(context): not certified")
            #expect(abs(exact.residual - optimum.residual) <= tolerance, "\(context): exact \(exact.residual) vs enumeration \(optimum.residual)")
            #expect(exact.lowerBound <= optimum.residual + tolerance && optimum.residual <= exact.upperBound + tolerance,
                    "\(context): [\(exact.lowerBound), \(exact.upperBound)] misses \(optimum.residual)")
            // The bases are the Ky Fan maximisers of the returned partition: they capture the objective.
            let total = points.rowSquaredNorms.reduce(0, +)
            #expect(abs(Self.captured(points, exact) - exact.objective) <= 1e-9 * max(1, total), "\(context): bases")
            #expect(abs(exact.objective + exact.residual - total) <= 1e-9 * max(1, total))
            let heuristic = try KSubspaces(subspaces: k, dimension: d, restarts: 3, seed: UInt64(seed)).fit(points)
            #expect(heuristic.residual >= optimum.residual - tolerance, "\(context): K-subspaces \(heuristic.residual) below the optimum")
        }
    }

    @Test("C.exact-solver: at [C]'s n = 48 (K = 2, 3; d = 2, 3; N_k = d … d + 2) the solver certifies, and its optimum is never above K-subspaces' residual")
    func certifiesAtPaperDimension() async throws {
        await seededPropertyCheck(count: 8, input: Gen.int(in: 2...3), Gen.int(in: 2...3), Gen.int(in: 0...2), Gen.int(in: 0...1_000_000)) { k, d, excess, seed in
            let points = try Self.instance(rows: k * (d + excess), columns: 48, subspaces: k, dimension: d, noise: 0.05,
                                           structured: true, seed: seed)
            let exact = try ExactSubspaceClustering(subspaces: k, dimension: d, seed: UInt64(seed)).solve(points)
            let heuristic = try KSubspaces(subspaces: k, dimension: d, restarts: 2, seed: UInt64(seed) &+ 1).fit(points)
            let context = "K=\(k) d=\(d) N_k=\(d + excess) seed=\(seed)"
            #expect(exact.certified && exact.stoppedBy == nil, "\(context): not certified (\(exact.nodes) nodes)")
            // The solver's own tolerance, 10⁻⁹·max(1, r): K-subspaces' residual is a partition's residual too.
            #expect(exact.residual <= heuristic.residual + 1e-9 * max(1, heuristic.residual), "\(context): \(exact.residual) > \(heuristic.residual)")
        }
    }

    @Test("C.exact-solver: a caller's K-subspaces labels as the incumbent give the same result as the solver's own K-subspaces run with that seed")
    func startingLabelsMatchOwnIncumbent() throws {
        for seed in [3, 17, 42] {
            let points = try Self.instance(rows: 12, columns: 10, subspaces: 3, dimension: 2, noise: 0.05, structured: true, seed: seed)
            let solver = try ExactSubspaceClustering(subspaces: 3, dimension: 2, incumbentRestarts: 4, seed: UInt64(seed))
            let fit = try KSubspaces(subspaces: 3, dimension: 2, restarts: 4, seed: UInt64(seed)).fit(points)
            let own = try solver.solve(points), given = try solver.solve(points, startingLabels: fit.labels)
            #expect(own.labels == given.labels && own.residual == given.residual && own.nodes == given.nodes && given.certified, "seed \(seed)")
        }
    }

    @Test("C.exact-solver: the cluster residual r(S) = Σ_{j≤n−d} λ_j↑(S) is superadditive and monotone on scatters, the two facts every bound rests on")
    func residualSuperadditive() async throws {
        await seededPropertyCheck(count: 50, input: Gen.int(in: 1...12), Gen.int(in: 1...12), Gen.int(in: 1...3), Gen.int(in: 2...6),
                                  Gen.int(in: 0...1_000_000)) { first, second, d, n, seed in
            guard d < n else { return }
            let stream = RandomStream(seed: UInt64(seed))
            let scale = stream.uniform() * 10
            let a = Matrix.gaussian(rows: first, columns: n, stream: stream)
            let b = scale * Matrix.gaussian(rows: second, columns: n, stream: stream)
            func r(_ m: Matrix) throws -> Double { try SubspaceResidual.tail(scatter: m.gram.symmetrised.elements, size: n, dimension: d) }
            let (ra, rb, rab) = (try r(a), try r(b), try r(Matrix(rowArrays: a.rowArrays + b.rowArrays)))
            // Eigenvalue rounding ≈ n·ε·‖S‖ with ‖S‖ ≤ Σ‖x_i‖² ≲ 10⁴ here: 10⁻¹⁰·(1 + Σ‖x_i‖²) is a 10³× margin.
            let slack = 1e-10 * (1 + a.rowSquaredNorms.reduce(0, +) + b.rowSquaredNorms.reduce(0, +))
            #expect(rab >= ra + rb - slack, "seed \(seed): r(A+B) = \(rab) < r(A) + r(B) = \(ra + rb)")
            #expect(rab >= max(ra, rb) - slack)
            if first <= d { #expect(ra <= slack, "a scatter of rank ≤ d has residual 0 up to rounding, got \(ra)") }
        }
    }

    @Test("C.exact-solver: the Gram-space residual Σ_{j≤m−d} λ_j↑(G_C) of a cluster of m ≤ n points equals the n-space one Σ_{j≤n−d} λ_j↑(S_C)")
    func gramResidualEqualsScatterResidual() async throws {
        await seededPropertyCheck(count: 80, input: Gen.int(in: 1...16), Gen.int(in: 1...6), Gen.int(in: 8...48), Gen.int(in: 0...1_000_000)) { m, d, n, seed in
            guard m <= n, d < n else { return }
            let stream = RandomStream(seed: UInt64(seed))
            // Near-subspace clusters (small residual) and plain Gaussian ones (large residual), at varying scale.
            let scale = 0.1 + 10 * stream.uniform()
            let basis = try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream)
            let noise = seed % 2 == 0 ? 0.05 : 1.0
            let points = Matrix(rowArrays: (0..<(m + 3)).map { _ in
                (scale * (basis * stream.gaussians(d))).adding((scale * noise) * stream.gaussians(n))
            })
            // A cluster of m of the m + 3 points, in a scrambled order (the solver's clusters are index sets).
            var pool = Array(0..<(m + 3))
            let members = (0..<m).map { _ in pool.remove(at: stream.integer(below: pool.count)) }
            let gram = Matrix.product(points, points, transposeB: true).elements
            let viaGram = try SubspaceResidual.gramTail(gram: gram, points: m + 3, members: members, dimension: d)
            let cluster = Matrix(rowArrays: members.map { points.row($0) })
            let viaScatter = m <= d ? 0 : try SubspaceResidual.tail(scatter: cluster.gram.symmetrised.elements, size: n, dimension: d)
            // Both carry eigenvalue rounding ≈ n·ε·‖S‖ ≤ 48·2.2e-16·Σ‖x_i‖²; 10⁻¹³·(1 + Σ‖x_i‖²) is a ~10× margin
            // over it, while a wrong count of eigenvalues (m − d ± 1) moves the sum by a whole eigenvalue.
            let total = cluster.rowSquaredNorms.reduce(0, +)
            #expect(abs(viaGram - viaScatter) <= 1e-13 * (1 + total), "m=\(m) d=\(d) n=\(n) seed=\(seed): Gram \(viaGram) vs scatter \(viaScatter)")
        }
    }

    @Test("C.exact-solver: with a tiny node budget the solver is either certified and optimal, or uncertified with lowerBound ≤ optimum ≤ upperBound and a stop reason")
    func budgetNeverOverclaims() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 4...10), Gen.int(in: 2...3), Gen.int(in: 1...2), Gen.int(in: 1...40),
                                  Gen.int(in: 0...1_000_000)) { rows, k, d, budget, seed in
            let points = try Self.instance(rows: rows, columns: 4, subspaces: k, dimension: d, noise: 0.1,
                                           structured: seed % 2 == 0, seed: seed)
            let optimum = try ExhaustiveSubspaceClustering(subspaces: k, dimension: d).solve(points).residual
            let result = try ExactSubspaceClustering(subspaces: k, dimension: d, nodeBudget: budget,
                                                     incumbentRestarts: seed % 3, seed: UInt64(seed)).solve(points)
            // Same rounding argument and tolerance as in matchesEnumeration.
            let tolerance = 1e-9 * max(1, optimum)
            let context = "N=\(rows) K=\(k) d=\(d) budget=\(budget) seed=\(seed)"
            #expect(result.lowerBound <= optimum + tolerance, "\(context): lower bound \(result.lowerBound) > optimum \(optimum)")
            #expect(optimum <= result.upperBound + tolerance, "\(context): upper bound \(result.upperBound) < optimum \(optimum)")
            #expect(result.lowerBound <= result.upperBound && abs(result.upperBound - result.residual) <= tolerance)
            if result.certified {
                #expect(result.residual <= optimum + tolerance, "\(context): certified \(result.residual), optimum \(optimum)")
            } else {
                #expect(result.stoppedBy == "node budget" && result.gap > 0, "\(context): uncertified without a stop")
            }
            if result.stoppedBy == nil { #expect(result.certified, "\(context): finished but not certified") }
            #expect(result.nodes <= budget, "\(context): \(result.nodes) nodes")
        }
    }

    @Test("C.exact-solver: as returned (and printed at full precision), lowerBound ≤ residual = upperBound exactly, never inverted by rounding, on noiseless and noisy instances with and without a budget")
    func boundsReadConsistently() async throws {
        // Noiseless points (noise 0) put the optimum at a residual of a few ulps, where a bound and the
        // residual, summed in different orders, are most likely to cross.
        await seededPropertyCheck(count: 80, input: Gen.int(in: 3...12), Gen.int(in: 1...3), Gen.int(in: 1...2), Gen.int(in: 0...2),
                                  Gen.int(in: 0...1_000_000)) { rows, k, d, noiseLevel, seed in
            let points = try Self.instance(rows: rows, columns: 5, subspaces: k, dimension: d, noise: [0, 1e-8, 0.1][noiseLevel],
                                           structured: true, seed: seed)
            let budget: Int? = seed % 2 == 0 ? nil : 1 + seed % 50
            let result = try ExactSubspaceClustering(subspaces: k, dimension: d, nodeBudget: budget, seed: UInt64(seed)).solve(points)
            let context = "N=\(rows) K=\(k) d=\(d) noise level \(noiseLevel) budget=\(budget.map(String.init) ?? "none") seed=\(seed)"
            #expect(result.upperBound == result.residual, "\(context): upper bound \(result.upperBound) ≠ residual \(result.residual)")
            #expect(result.lowerBound <= result.residual, "\(context): residual \(result.residual) < lower bound \(result.lowerBound)")
            #expect(result.gap == result.residual - result.lowerBound)
        }
    }

    @Test("C.exact-solver: a budget-stopped run on a hard instance reports the budget, a positive gap and bounds around the K-subspaces value")
    func budgetStopReportsGap() throws {
        // Unstructured Gaussian points, N = 40, K = 3: far too many partitions to close in 300 nodes or 0.05 s.
        let points = try Self.instance(rows: 40, columns: 6, subspaces: 3, dimension: 2, noise: 0, structured: false, seed: 7)
        let heuristic = try KSubspaces(subspaces: 3, dimension: 2, restarts: 10, seed: 0).fit(points)
        let byNodes = try ExactSubspaceClustering(subspaces: 3, dimension: 2, nodeBudget: 300).solve(points)
        #expect(byNodes.stoppedBy == "node budget" && !byNodes.certified && byNodes.nodes == 300)
        #expect(byNodes.gap > 0 && byNodes.lowerBound >= 0)
        // The incumbent starts from the same K-subspaces run (restarts 10, seed 0) and only improves;
        // 10⁻⁹ relative covers the two residual formulas' rounding.
        #expect(byNodes.upperBound <= heuristic.residual * (1 + 1e-9))
        let byTime = try ExactSubspaceClustering(subspaces: 3, dimension: 2, timeBudget: 0.05).solve(points)
        #expect(byTime.stoppedBy == "time budget" && !byTime.certified && byTime.gap > 0)
        // Stopped by the deadline, so the reported duration (the same clock, read after the stop) is at least
        // the budget. No upper bound: how far past the deadline the run ends depends on the machine's load.
        #expect(byTime.seconds >= 0.05)
    }

    @Test("C.exact-solver: on well-separated subspaces (N = 30, K = 2, d = 2, n = 6, noise 0.01) it certifies the planted partition")
    func certifiesPlantedPartition() throws {
        let points = try Self.instance(rows: 30, columns: 6, subspaces: 2, dimension: 2, noise: 0.01, structured: true, seed: 11)
        let result = try ExactSubspaceClustering(subspaces: 2, dimension: 2, timeBudget: 60).solve(points)
        #expect(result.certified && result.stoppedBy == nil)
        // Planted labels are i mod 2; the optimum keeps them (up to swapping), since a misplaced point would
        // cost its distance to the other subspace (≈ 1) against noise residuals ≈ 30·4·10⁻⁴.
        let planted = (0..<30).map { $0 % 2 }
        let agreement = zip(planted, result.labels).filter { $0 == $1 }.count
        #expect(agreement == 0 || agreement == 30, "labels \(result.labels)")
    }

    @Test("C.exact-solver: enumeration visits Σ_{j≤K} S(N, j) restricted growth strings — 2^{N−1} for K = 2, (3^{N−1} + 1)/2 for K = 3")
    func enumerationCount() throws {
        for rows in 1...9 {
            let points = try Self.instance(rows: rows, columns: 3, subspaces: 1, dimension: 1, noise: 0, structured: false, seed: rows)
            let two = try ExhaustiveSubspaceClustering(subspaces: 2, dimension: 1).solve(points)
            let three = try ExhaustiveSubspaceClustering(subspaces: 3, dimension: 1).solve(points)
            let powerOfTwo = 1 << (rows - 1)
            let threeCount = (Int(pow(3.0, Double(rows - 1))) + 1) / 2
            #expect(two.nodes == powerOfTwo && ExhaustiveSubspaceClustering.partitionCount(points: rows, subspaces: 2) == Double(powerOfTwo))
            #expect(three.nodes == threeCount && ExhaustiveSubspaceClustering.partitionCount(points: rows, subspaces: 3) == Double(threeCount))
        }
    }

    @Test("C.exact-solver: invalid parameters and points throw InputError naming the field")
    func badInput() throws {
        func field(_ body: () throws -> Any) -> String? {
            do { _ = try body(); return nil } catch let error as InputError { return error.field } catch { return "\(error)" }
        }
        let points = Matrix.gaussian(rows: 5, columns: 3, stream: RandomStream(seed: 1))
        #expect(field { try ExactSubspaceClustering(subspaces: 0, dimension: 1) } == "subspaces")
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 0) } == "dimension")
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 1, tolerance: .nan) } == "tolerance")
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 1, nodeBudget: 0) } == "nodeBudget")
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 1, timeBudget: -1) } == "timeBudget")
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 1, incumbentRestarts: -1) } == "incumbentRestarts")
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 4).solve(points) } == "points")
        var bad = points
        bad[2, 1] = .nan
        #expect(field { try ExactSubspaceClustering(subspaces: 2, dimension: 1).solve(bad) } == "points")
        #expect(field { try ExhaustiveSubspaceClustering(subspaces: 2, dimension: 1).solve(Matrix(rows: 17, columns: 3)) } == "points")
        #expect(field { try ExhaustiveSubspaceClustering(subspaces: 0, dimension: 1) } == "subspaces")
    }
}
