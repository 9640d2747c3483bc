import Foundation
import LinearAlgebra

/// Whether χ²(P‖Q) = ∫p²/q − 1 is finite for Gaussian mixtures P = Σᵢ πᵢ Pᵢ, Q = Σⱼ ρⱼ Qⱼ, decided from
/// the quadratic forms of the component pairs, and the pieces of the importance-sampling proposal [B, §4] (der,
/// proofs/core.mixture-chi2.md).
///
/// ```
/// Mᵢⱼ = 2 Pᵢ⁻¹ − Qⱼ⁻¹          (the precision of Nᵢ²/Nⱼ)
/// finite   ⇐  for every i a convex combination Σⱼ λⱼ Mᵢⱼ ≻ 0             (certificate λ)
/// infinite ⇐  some i and a direction v with vᵀ Mᵢⱼ v < 0 for every j      (witness v)
/// ```
/// Finite: Cauchy–Schwarz gives p² ≤ K Σᵢ πᵢ² Nᵢ², and q ≥ maxⱼ ρⱼNⱼ ≥ Πⱼ (ρⱼNⱼ)^{λⱼ} (a weighted geometric
/// mean is at most the maximum), so ∫p²/q ≤ const·Σᵢ ∫ Nᵢ² / Πⱼ Nⱼ^{λⱼ}, a Gaussian integral with precision
/// 2Pᵢ⁻¹ − Σⱼ λⱼ Qⱼ⁻¹ = Σⱼ λⱼ Mᵢⱼ ≻ 0. Infinite: along the open cone around v, Pᵢ² decays more slowly than every
/// Qⱼ, so Nᵢ²/q grows without bound.
///
/// Search, per P component: (1) a single Mᵢⱼ ≻ 0 (λ one-hot); (2) a pair (j, k): f(λ) = λ_min(λMᵢⱼ + (1−λ)Mᵢₖ)
/// is concave, and bisection on the sign of its derivative vᵀ(Mᵢⱼ − Mᵢₖ)v (v the bottom eigenvector) finds its
/// maximum on [0, 1]. By Yuan's lemma (two quadratic forms with max(vᵀAv, vᵀBv) > 0 for all v ≠ 0 have a
/// positive definite convex combination) this decides every case where two components of Q cover all
/// directions; (3) with three or more components, the same concave λ_min over the whole simplex, by
/// exponentiated supergradient ascent; (4) a witness: the bottom eigenvectors of every Mᵢⱼ and of every
/// combination tried, each refined by subgradient descent of maxⱼ vᵀMᵢⱼv on the unit sphere. Pairs are
/// searched among at most `maximumPairSearchComponents` components of Q (a KDE target with hundreds of
/// components skips (2)–(3)).
///
/// Rounding: an eigenvalue of a combination within tol = Σⱼ λⱼ·8·n·ε·(2‖Pᵢ⁻¹‖ + ‖Qⱼ⁻¹‖) of 0 decides nothing.
/// A P component with no certificate, whose witness directions only reach the boundary (vᵀMᵢⱼv ≤ tol for every
/// j), is reported +∞ "at the boundary to working precision", the convention of the closed form (the Gaussian
/// with variance exactly 2σ² against N(·, σ²I) components — the KDE population at h = σ — is such a case,
/// and is truly infinite when its mean is a vertex of the hull of Q's means). If neither a certificate nor a
/// witness is found (the minimax of the forms is within the search's reach of 0 from both sides), the check
/// answers `undecided` with the two margins rather than guess.
enum ChiSquaredFiniteness {
    /// Components of Q among which combinations are searched (steps 2–3 of the type's search).
    static let maximumPairSearchComponents = 32

    /// The verdict: finite with, for each P component, the certifying combination; or infinite with the reason.
    enum Verdict {
        case finite([Certificate])
        case infinite(reason: String)
        /// Neither certificate nor witness was found: χ² is reported as NaN with this reason rather than guessed.
        case undecided(reason: String)
    }

    /// The certifying combination of one P component.
    struct Certificate {
        /// The λⱼ > 0 with their j, ascending; Σⱼ λⱼ = 1 (a single (j, 1) when one Mᵢⱼ ≻ 0 certifies: the j that
        /// best explains Pᵢ's mean, argmax_j log ρⱼ + log Nⱼ(μᵢ), so that Nᵢ²/Nⱼ resembles Pᵢ's share of p²/q).
        /// Sparse: a dense λ per P component would be K_P·K_Q numbers, 80 GB for two KDE laws at N = 10⁵.
        let combination: [(component: Int, weight: Double)]
        /// K_Q.
        let componentCount: Int
        /// Σⱼ λⱼ Mᵢⱼ ≻ 0.
        let precision: Matrix
        /// (Σⱼ λⱼ Mᵢⱼ)⁻¹ (the covariance of the normalised Nᵢ² / Πⱼ Nⱼ^{λⱼ}).
        let covariance: Matrix

        /// λ as a dense vector over Q's components.
        var weights: [Double] {
            var dense = [Double](repeating: 0, count: componentCount)
            for (j, weight) in combination { dense[j] = weight }
            return dense
        }
    }

    /// Mᵢⱼ for every j, for one P covariance (shared by all P components with that covariance, e.g. a KDE's).
    private struct PairForms {
        let covariance: Matrix
        let twicePrecision: Matrix
        /// (Mᵢⱼ, its eigen-decomposition, tol) per j.
        let forms: [(matrix: Matrix, eigen: SymmetricEigendecomposition, tolerance: Double)]
    }

    /// Above this many component pairs K_P·K_Q the partners are found by `batchedPartners` (a KDE against a
    /// KDE-plus-target law at N = 10⁵ is 10¹⁰ pairs); below it by the plain loop. Both pick the same partner.
    static let batchedPartnerSearchPairs = 1 << 22

    /// Decides finiteness (see the type). Everything that depends on a Q component only through its covariance
    /// (Mᵢⱼ, its eigen-decomposition and tolerance, a one-hot certificate's precision and covariance) is computed
    /// once per class of bitwise-equal covariance: a KDE law has one class, not 10⁵ components.
    /// - Parameter batched: forces (true) or forbids (false) the batched partner search (tests compare them);
    ///   by default it runs above `batchedPartnerSearchPairs` pairs.
    /// - Throws: `LinearAlgebraError` (`dsyevr`).
    static func check(from p: GaussianMixture, to q: GaussianMixture, batched: Bool? = nil) throws -> Verdict {
        let n = p.dimension
        let qClasses = MixtureKernel.covarianceClasses(of: q)!
        var qClassOf = [Int](repeating: 0, count: q.count)
        for (c, members) in qClasses.enumerated() { for j in members { qClassOf[j] = c } }
        let classPrecisions = qClasses.map { q.components[$0[0]].spectrum.densePrecision() }
        let classNorms = qClasses.map { 1 / smallestVariance(q.components[$0[0]]) }
        let qPrecisions = qClassOf.map { classPrecisions[$0] }
        let qLogNormalisers = zip(q.weights, q.components).map { weight, component in
            log(weight) - 0.5 * (Double(n) * log(2 * Double.pi) + component.spectrum.logDeterminant)
        }
        /// Mᵢⱼ per class of Q for one P component's covariance, spread over Q's components.
        func pairForms(_ component: Gaussian) throws -> PairForms {
            let twicePrecision = 2 * component.spectrum.densePrecision()
            let pNorm = 1 / smallestVariance(component)
            let classForms = try classPrecisions.indices.map { c in
                let m = (twicePrecision - classPrecisions[c]).symmetrised
                return (m, try SymmetricEigendecomposition(m), 8 * Double(n) * Double.ulpOfOne * (2 * pNorm + classNorms[c]))
            }
            return PairForms(covariance: component.covariance, twicePrecision: twicePrecision, forms: qClassOf.map { classForms[$0] })
        }
        let partners = batched ?? (p.count * q.count > batchedPartnerSearchPairs)
            ? try batchedPartners(p, q, qClasses: qClasses, qPrecisions: qPrecisions, qLogNormalisers: qLogNormalisers, pairForms: pairForms)
            : nil
        var cache: PairForms?
        var combinationCache: (covariance: Matrix, weights: [Double]?)?
        // The certificate's precision and covariance per partner class (−1: the combination), for `cache`'s covariance.
        var certificateCache: [Int: (precision: Matrix, covariance: Matrix)] = [:]
        var certificates: [Certificate] = []
        for (i, component) in p.components.enumerated() {
            let covariance = component.covariance
            if cache?.covariance != covariance {
                cache = try pairForms(component)
                certificateCache = [:]
            }
            let pair = cache!
            var partner: Int?
            if let partners {
                partner = partners[i]
            } else {
                let valid = pair.forms.indices.lazy.filter { (pair.forms[$0].eigen.eigenvalues.first ?? 0) > pair.forms[$0].tolerance }
                partner = bestPartner(of: component.mean, among: valid, q, qPrecisions: qPrecisions, qLogNormalisers: qLogNormalisers)
            }
            let weights: [(component: Int, weight: Double)]
            let key: Int
            if let partner {
                weights = [(partner, 1)]
                key = qClassOf[partner]
            } else {
                if combinationCache?.covariance != covariance {
                    combinationCache = (covariance, try combination(pair))
                }
                guard let found = combinationCache!.weights else { return try witness(component: i, pair: pair) }
                weights = found.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) }
                key = -1
            }
            if certificateCache[key] == nil {
                let precision = combine(pair, weights: weights).matrix
                let eigen = try SymmetricEigendecomposition(precision)
                let inverse = eigen.eigenvectors.scalingColumns(by: eigen.eigenvalues.map { 1 / $0 })
                certificateCache[key] = (precision, Matrix.product(inverse, eigen.eigenvectors, transposeB: true).symmetrised)
            }
            let cached = certificateCache[key]!
            certificates.append(Certificate(combination: weights, componentCount: q.count, precision: cached.precision, covariance: cached.covariance))
        }
        return .finite(certificates)
    }

    /// The first j of `columns` (ascending) maximising log ρⱼ + log Nⱼ(μ) = Lⱼ − ½(μ − νⱼ)ᵀQⱼ⁻¹(μ − νⱼ), computed
    /// directly; nil when `columns` is empty. Both partner searches choose by this expression.
    private static func bestPartner(of mean: [Double], among columns: some Sequence<Int>, _ q: GaussianMixture,
                                    qPrecisions: [Matrix], qLogNormalisers: [Double]) -> Int? {
        var best: (score: Double, partner: Int)?
        for j in columns {
            let offset = mean - q.components[j].mean
            let score = qLogNormalisers[j] - 0.5 * offset.dot(qPrecisions[j] * offset)
            if best == nil || score > best!.score { best = (score, j) }
        }
        return best?.partner
    }

    /// The partner of every P component: the first j maximising log ρⱼ + log Nⱼ(μᵢ) among the Q components with
    /// Mᵢⱼ ≻ 0 beyond rounding (nil when there is none), the plain loop's choice, found in blocks of P's
    /// components and tiles of Q's. Per covariance class of Q with precision Λ:
    /// ```
    /// log ρⱼ + log Nⱼ(μ) = Lⱼ − ½(μ − νⱼ)ᵀΛ(μ − νⱼ) = (Lⱼ − ½νⱼᵀΛνⱼ) + μᵀ(Λνⱼ) − ½μᵀΛμ
    /// ```
    /// one `dgemm` per tile. The expanded form carries rounding of a few n·ε·(|Lⱼ| + μᵀΛμ + νⱼᵀΛνⱼ), so every j
    /// within 10⁻⁸ of that scale of the row's largest is kept and re-scored by the plain loop's own expression,
    /// in ascending j: the plain loop's partner is always among them (its expanded score is at most twice the
    /// rounding below the largest), so the choice is the same bit for bit.
    private static func batchedPartners(_ p: GaussianMixture, _ q: GaussianMixture, qClasses: [[Int]], qPrecisions: [Matrix],
                                        qLogNormalisers: [Double], pairForms: (Gaussian) throws -> PairForms) throws -> [Int?] {
        let maximumLogNormaliser = qLogNormalisers.map(abs).max() ?? 0
        // Per Q class: Λνⱼ (rows), Lⱼ − ½νⱼᵀΛνⱼ, and the largest νⱼᵀΛνⱼ.
        struct ClassTerms {
            let members: [Int]
            /// Rows Λνⱼ.
            let products: Matrix
            /// Lⱼ − ½νⱼᵀΛνⱼ.
            let offsets: [Double]
            let precision: Matrix
            /// max νⱼᵀΛνⱼ.
            let largest: Double
        }
        let classTerms = qClasses.map { members in
            let precision = qPrecisions[members[0]]
            let products = Matrix.product(Matrix(rowArrays: members.map { q.components[$0].mean }), precision)
            let quadratic = members.indices.map { products.row($0).dot(q.components[members[$0]].mean) }
            return ClassTerms(members: members, products: products, offsets: zip(members, quadratic).map { qLogNormalisers[$0] - 0.5 * $1 },
                              precision: precision, largest: quadratic.max() ?? 0)
        }
        var partners = [Int?](repeating: nil, count: p.count)
        for pClass in MixtureKernel.covarianceClasses(of: p)! {
            let forms = try pairForms(p.components[pClass[0]]).forms
            let valid = classTerms.filter { terms in (forms[terms.members[0]].eigen.eigenvalues.first ?? 0) > forms[terms.members[0]].tolerance }
            guard !valid.isEmpty else { continue }
            let rows = Matrix(rowArrays: pClass.map { p.components[$0].mean })
            let chosen = ParallelBlocks.mapRows(count: pClass.count, columns: 1, blockSize: 64) { range in
                let block = rows.rows(range)
                var largest = [Double](repeating: -.infinity, count: range.count)
                var candidates = [[(column: Int, score: Double)]](repeating: [], count: range.count)
                // ½μᵢᵀΛμᵢ per valid class, and the window: 10⁻⁸ of the largest scale over the classes.
                let halfPointTerms = valid.map { terms in
                    let projected = Matrix.product(block, terms.precision)
                    return (0..<range.count).map { 0.5 * projected.row($0).dot(block.row($0)) }
                }
                let windows = (0..<range.count).map { i in
                    zip(valid, halfPointTerms).map { 1e-8 * (1 + maximumLogNormaliser + 2 * $1[i] + $0.largest) }.max()!
                }
                for (terms, halfPointTerms) in zip(valid, halfPointTerms) {
                    let members = terms.members, offsets = terms.offsets
                    for first in stride(from: 0, to: members.count, by: MixtureKernel.componentsPerTile) {
                        let columns = min(MixtureKernel.componentsPerTile, members.count - first)
                        var tile = Matrix(rows: range.count, columns: columns)
                        Matrix.gemm(block, terms.products, rowsOfB: first..<(first + columns), transposeB: true, into: &tile)
                        tile.elements.withUnsafeBufferPointer { tileBuffer in
                          offsets.withUnsafeBufferPointer { offsetBuffer in
                            for i in 0..<range.count {
                                let row = tileBuffer.baseAddress! + i * columns, tileOffsets = offsetBuffer.baseAddress! + first
                                let halfPointTerm = halfPointTerms[i], window = windows[i]
                                var top = largest[i]
                                for k in 0..<columns {
                                    let score = row[k] + tileOffsets[k] - halfPointTerm
                                    guard score >= top - window else { continue }
                                    if score > top {
                                        top = score
                                        candidates[i].removeAll { $0.score < score - window }
                                    }
                                    candidates[i].append((members[first + k], score))
                                }
                                largest[i] = top
                            }
                          }
                        }
                    }
                }
                // The plain loop's choice among the candidates, ascending j.
                var result = Matrix(rows: range.count, columns: 1)
                for i in 0..<range.count {
                    let kept = candidates[i].filter { $0.score >= largest[i] - windows[i] }.map(\.column).sorted()
                    let partner = bestPartner(of: p.components[pClass[range.lowerBound + i]].mean, among: kept, q,
                                              qPrecisions: qPrecisions, qLogNormalisers: qLogNormalisers)
                    result[i, 0] = Double(partner ?? -1)
                }
                return result
            }
            for (row, index) in pClass.enumerated() where chosen[row, 0] >= 0 { partners[index] = Int(chosen[row, 0]) }
        }
        return partners
    }

    /// Σⱼ λⱼ Mᵢⱼ and its rounding tolerance Σⱼ λⱼ tolⱼ.
    private static func combine(_ pair: PairForms, weights: [Double]) -> (matrix: Matrix, tolerance: Double) {
        combine(pair, weights: weights.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) })
    }

    /// The same over the non-zero λⱼ, ascending j.
    private static func combine(_ pair: PairForms, weights: [(component: Int, weight: Double)]) -> (matrix: Matrix, tolerance: Double) {
        let n = pair.covariance.rows
        var matrix = Matrix(rows: n, columns: n)
        var tolerance = 0.0
        for (j, weight) in weights {
            matrix = matrix + weight * pair.forms[j].matrix
            tolerance += weight * pair.forms[j].tolerance
        }
        return (matrix.symmetrised, tolerance)
    }

    /// λ_min of Σⱼ λⱼ Mᵢⱼ minus its tolerance, and the bottom eigenvector.
    private static func margin(_ pair: PairForms, weights: [Double]) throws -> (value: Double, direction: [Double]) {
        let (matrix, tolerance) = combine(pair, weights: weights)
        let eigen = try SymmetricEigendecomposition(matrix)
        return (eigen.eigenvalues[0] - tolerance, eigen.eigenvectors.column(0))
    }

    /// Steps (2) and (3) of the type's search: convex weights with Σⱼ λⱼ Mᵢⱼ ≻ 0 beyond rounding, or nil.
    private static func combination(_ pair: PairForms) throws -> [Double]? {
        let count = pair.forms.count
        guard count >= 2, count <= maximumPairSearchComponents else { return nil }
        func weights(_ j: Int, _ k: Int, _ lambda: Double) -> [Double] {
            var w = [Double](repeating: 0, count: count)
            w[j] = lambda
            w[k] = 1 - lambda
            return w
        }
        for j in 0..<count {
            for k in (j + 1)..<count {
                var low = 0.0, high = 1.0
                for _ in 0..<60 {
                    let middle = 0.5 * (low + high)
                    let (value, v) = try margin(pair, weights: weights(j, k, middle))
                    if value > 0 { return weights(j, k, middle) }
                    let slope = v.dot(pair.forms[j].matrix * v) - v.dot(pair.forms[k].matrix * v)
                    if slope > 0 { low = middle } else { high = middle }
                    if high - low < 1e-12 { break }
                }
            }
        }
        guard count >= 3 else { return nil }
        // Exponentiated supergradient ascent of λ ↦ λ_min(Σ λⱼ Mᵢⱼ) (concave) on the simplex; the supergradient
        // is (vᵀMᵢⱼv)ⱼ at the bottom eigenvector v. Step 1/(largest ‖Mᵢⱼ‖) per iteration, decreasing as 1/√k.
        let scale = pair.forms.map { form in form.eigen.eigenvalues.map(abs).max() ?? 1 }.max() ?? 1
        var lambda = [Double](repeating: 1 / Double(count), count: count)
        for iteration in 1...2_000 {
            let (value, v) = try margin(pair, weights: lambda)
            if value > 0 { return lambda }
            let step = 2 / (scale * Double(iteration).squareRoot())
            let gradient = pair.forms.map { v.dot($0.matrix * v) }
            let top = gradient.max() ?? 0
            lambda = zip(lambda, gradient).map { $0 * exp(step * ($1 - top)) }
            let total = lambda.reduce(0, +)
            lambda = lambda.map { max($0 / total, 1e-300) }
        }
        return nil
    }

    /// The reason χ² is infinite for P component i from a witness direction v (step 4 of the type's search), or
    /// `undecided` when none is found.
    private static func witness(component i: Int, pair: PairForms) throws -> Verdict {
        var candidates: [[Double]] = []
        for form in pair.forms {
            for index in form.eigen.eigenvalues.indices { candidates.append(form.eigen.eigenvectors.column(index)) }
        }
        let count = pair.forms.count
        let searched = count <= maximumPairSearchComponents
        if count >= 2, searched {
            for j in 0..<count {
                for k in (j + 1)..<count {
                    for lambda in stride(from: 0.1, through: 0.9, by: 0.1) {
                        var w = [Double](repeating: 0, count: count)
                        w[j] = lambda
                        w[k] = 1 - lambda
                        candidates.append(try margin(pair, weights: w).direction)
                    }
                }
            }
        }
        var closest = Double.infinity
        var boundary = false
        for start in candidates {
            let v = searched ? refineWitness(start, pair: pair) : start
            let values = pair.forms.map { v.dot($0.matrix * v) }
            if zip(values, pair.forms).allSatisfy({ $0 < -$1.tolerance }) {
                return .infinite(reason: "∫p²/q diverges: P's component \(i) is more than twice as wide as every component of Q along a direction v (vᵀ(2Pᵢ⁻¹ − Qⱼ⁻¹)v < 0 for all j; largest \(values.max() ?? 0))")
            }
            if zip(values, pair.forms).allSatisfy({ $0 <= $1.tolerance }) { boundary = true }
            closest = min(closest, values.max() ?? .infinity)
        }
        if boundary {
            return .infinite(reason: "∫p²/q diverges, or sits on the boundary of convergence where double precision cannot tell: along a direction v, P's component \(i) is at least twice as wide as every component of Q (vᵀ(2Pᵢ⁻¹ − Qⱼ⁻¹)v ≤ 0 to working precision for all j, and no convex combination of the 2Pᵢ⁻¹ − Qⱼ⁻¹ is positive definite)")
        }
        return .undecided(reason: "undecided whether χ² is finite: for P's component \(i) no convex combination of the 2Pᵢ⁻¹ − Qⱼ⁻¹ was found positive definite, and no direction v has every vᵀ(2Pᵢ⁻¹ − Qⱼ⁻¹)v ≤ 0 (smallest max over j found: \(closest)); reported as NaN rather than guessed")
    }

    /// Subgradient descent of F(v) = maxⱼ vᵀMᵢⱼv on the unit sphere from `start` (step 1/(2‖M‖), 200 steps),
    /// returning the best unit vector seen.
    private static func refineWitness(_ start: [Double], pair: PairForms) -> [Double] {
        let scale = pair.forms.map { form in form.eigen.eigenvalues.map(abs).max() ?? 1 }.max() ?? 1
        func normalised(_ v: [Double]) -> [Double] { (1 / v.euclideanNorm) * v }
        var v = normalised(start)
        var best = (value: Double.infinity, direction: v)
        for iteration in 1...200 {
            let values = pair.forms.map { v.dot($0.matrix * v) }
            let top = values.indices.max { values[$0] < values[$1] }!
            if values[top] < best.value { best = (values[top], v) }
            if values[top] < -pair.forms[top].tolerance { break }
            let gradient = (pair.forms[top].matrix * v).adding((-values[top]) * v)
            let step = 1 / (2 * scale * Double(iteration).squareRoot())
            v = normalised(v.adding((-step) * gradient))
        }
        return best.direction
    }

    /// The smallest variance of a Gaussian with a density (1/‖Σ⁻¹‖₂).
    static func smallestVariance(_ gaussian: Gaussian) -> Double {
        let spectrum = gaussian.spectrum
        let top = spectrum.eigenvalues.min() ?? .infinity
        return spectrum.spansSpace ? top : min(top, spectrum.complementVariance)
    }
}
