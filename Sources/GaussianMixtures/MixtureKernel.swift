import Foundation
import LinearAlgebra

/// The batched evaluation engine behind `GaussianMixture`'s density, responsibilities and score.
///
/// Component k has spectrum (V_k, λ_k, δ_k²) of rank r_k. Once per kernel it gets a whitening basis and a
/// shift, so that one `dgemm` per block gives its whitened coordinates with no centred copy of the points:
/// ```
/// W_k = V_k·diag(λ_k)^{-1/2}  (n×r_k),     s_k = (μ_k − c)ᵀ W_k,     Z_k = (X − 1cᵀ)·W_k − 1s_k
/// ```
/// where c = Σ_k π_k μ_k is the mixture mean (centring once at c, not at 0, keeps X·W_k − s_k free of
/// cancellation when the means sit far from the origin), so that row i of Z_k is
/// z = diag(λ_k)^{-1/2}·V_kᵀ(xᵢ − μ_k). The product starts from rows of −s_k (β = 1). With the residual
/// E_k = (X − 1μ_kᵀ) − Z_k·(V_k·diag(λ_k)^{1/2})ᵀ of a low-rank component (r_k < n; E_k = 0 when r_k = n):
/// ```
/// (x − μ_k)ᵀ Σ_k⁻¹ (x − μ_k) = ‖z‖² + ‖e‖² / δ_k²
/// log N_k(x)                 = −½ (n log 2π + log det Σ_k + that quadratic form)
/// −Σ_k⁻¹ (x − μ_k)           = −W_k z − e / δ_k²
/// ```
/// The mixture works in log space: log p = LSE_k(log π_k + log N_k), w_k = exp(log π_k + log N_k − log p),
/// and ∇ log p = Σ_k w_k ∇ log N_k = −Σ_k (diag(w_k)·Z_k)·W_kᵀ − Σ_{low-rank k} diag(w_k)·E_k / δ_k², one
/// accumulating `dgemm` per component. Flops per point: 2·n·r_k per component for the density, twice that
/// for the score (plus 2·n·r_k per low-rank component for its residual).
///
/// When every component has the same covariance Σ (bitwise-equal spectra, `GaussianMixture.sharedSpectrum`:
/// a kernel density estimate, an LDA-style model, equal isotropic components), the kernel whitens once
/// with the symmetric W = Σ^{-1/2} and evaluates all components in one pass, as the kernel density
/// estimate does: with z = W(x − c) and m_k = W(μ_k − c),
/// ```
/// log π_k + log N_k(x) = (log π_k − ½(n log 2π + log det Σ) − ½‖m_k‖²) + ⟨z, m_k⟩ − ½‖z‖²
/// ∇ log p(x)           = −W (z − Σ_k w_k m_k)
/// ```
/// so a block costs one `dgemm` Z·Mᵀ (2·n·K flops per point) plus K vectorised exponentials per point,
/// instead of K products with n×r_k bases; the score adds one `dgemm` W·M and one with W.
///
/// When the covariances are not all equal but take few distinct values (at most K/4 groups of
/// bitwise-equal spectra: the law α·p_data + (1 − α)·p̂ of [B]'s retraining, a KDE beside a few wide
/// components), each group is its own shared-covariance kernel over its renormalised weights, and the groups
/// combine in log space: with W_g = Σ_{k∈g} π_k and p_g the group's normalised mixture,
/// ```
/// log p(x) = LSE_g (log W_g + log p_g(x)),    ∇ log p(x) = Σ_g e^{log W_g + log p_g(x) − log p(x)} ∇ log p_g(x)
/// ```
///
/// Every block is computed by the same sequential code, so results do not depend on how blocks are
/// spread over threads.
struct MixtureKernel: Sendable {
    /// What a component with r_k < n needs for its residual outside span(V_k).
    struct Residual {
        /// μ_k − c.
        let meanOffset: [Double]
        /// V_k·diag(λ_k)^{1/2}, n×r_k: Z_k·(this)ᵀ is the projection of X − 1μ_kᵀ onto span(V_k).
        let scaledBasis: Matrix
        /// 1/δ_k².
        let inverseComplement: Double
    }

    struct Component {
        /// W_k = V_k·diag(λ_k)^{-1/2}, n×r_k.
        let whitening: Matrix
        /// −s_k = −(μ_k − c)ᵀ W_k, the row every block's Z_k starts from.
        let negatedShift: [Double]
        /// Present when r_k < n.
        let residual: Residual?
        var rank: Int { whitening.columns }
    }

    /// The shared-covariance form of a mixture whose components share their covariance Σ.
    struct SharedCovariance {
        /// W = Σ^{-1/2}, n×n and symmetric.
        let whitening: Matrix
        /// K×n: row k is m_k = W(μ_k − c).
        let whitenedMeans: Matrix
        /// n×K, its transpose: the refinement of the largest terms reads four components' coordinate at once.
        let meansByCoordinate: Matrix
        /// log π_k − ½(n log 2π + log det Σ) − ½‖m_k‖², the part of log π_k + log N_k(x) free of x.
        let offsets: [Double]
    }

    /// Per component, for the general path (empty when `shared` is set).
    let components: [Component]
    /// log π_k − ½(n log 2π + log det Σ_k), for every component.
    let logNormalisers: [Double]
    /// Set when every component has the same covariance.
    let shared: SharedCovariance?
    /// Components that share a covariance, evaluated group by group (empty unless grouped; see the type's
    /// description).
    let groups: [CovarianceGroup]

    /// The components with one covariance: their indices in the mixture, log W_g (their total weight), and
    /// the kernel of their normalised mixture.
    struct CovarianceGroup: Sendable {
        let indices: [Int]
        let logWeight: Double
        let kernel: MixtureKernel
    }
    let dimension: Int
    /// c, the mixture mean, subtracted from every point once per block.
    let reference: [Double]

    /// - Parameter sharingCovariance: false forces the general per-component path (tests compare the two).
    init(_ mixture: GaussianMixture, sharingCovariance: Bool = true) throws {
        try mixture.requireDensity()
        let n = mixture.dimension
        let reference = mixture.mean
        dimension = n
        self.reference = reference
        let logNormalisers = zip(mixture.weights, mixture.components).map { weight, gaussian in
            log(weight) - 0.5 * (Double(n) * log(2 * Double.pi) + gaussian.spectrum.logDeterminant)
        }
        self.logNormalisers = logNormalisers
        if sharingCovariance, let spectrum = mixture.sharedSpectrum {
            let whitening = spectrum.denseInverseSquareRoot()
            var offsetMeans = Matrix(rows: mixture.count, columns: n)
            for (k, gaussian) in mixture.components.enumerated() {
                for j in 0..<n { offsetMeans[k, j] = gaussian.mean[j] - reference[j] }
            }
            let whitenedMeans = Matrix.product(offsetMeans, whitening)
            let squaredNorms = whitenedMeans.rowSquaredNorms
            shared = SharedCovariance(whitening: whitening, whitenedMeans: whitenedMeans, meansByCoordinate: whitenedMeans.transposed,
                                      offsets: (0..<mixture.count).map { logNormalisers[$0] - 0.5 * squaredNorms[$0] })
            components = []
            groups = []
            return
        }
        shared = nil
        if sharingCovariance, let partition = Self.covarianceGroups(of: mixture) {
            groups = try partition.map { indices in
                let weights = indices.map { mixture.weights[$0] }
                let total = weights.reduce(0, +)
                let part = GaussianMixture(validatedWeights: weights.map { $0 / total }, components: indices.map { mixture.components[$0] })
                return CovarianceGroup(indices: indices, logWeight: log(total), kernel: try MixtureKernel(part))
            }
            components = []
            return
        }
        groups = []
        components = zip(mixture.weights, mixture.components).map { weight, gaussian in
            let spectrum = gaussian.spectrum
            let roots = spectrum.eigenvalues.map { $0.squareRoot() }
            let whitening = spectrum.basis.scalingColumns(by: roots.map { 1 / $0 })
            let meanOffset = (0..<n).map { gaussian.mean[$0] - reference[$0] }
            let negatedShift = whitening.transposedTimes(meanOffset).map { -$0 }
            let residual = spectrum.spansSpace ? nil
                : Residual(meanOffset: meanOffset, scaledBasis: spectrum.basis.scalingColumns(by: roots),
                           inverseComplement: 1 / spectrum.complementVariance)
            return Component(whitening: whitening, negatedShift: negatedShift, residual: residual)
        }
    }

    /// Rows per block: keeps a block's work arrays (every Z_k, the centred points, the score and any
    /// low-rank residuals) near 2 MB, so that they stay in cache between the products and the passes
    /// over them (224 rows for K = 16, n = 64; on a 2-core AMD EPYC with 512 KB L2 per core and a shared
    /// 32 MB L3, 128–512 rows ran within a few per cent of each other, and 32 rows about 10 % slower).
    /// Depends only on the model, never on the thread count.
    /// With a shared covariance a row needs Z, the centred point, the score, the K log terms and (for
    /// the score) the K weights.
    var blockSize: Int {
        if !groups.isEmpty { return groups.map(\.kernel.blockSize).min()! }
        if shared != nil {
            return max(16, min(4096, (1 << 18) / (3 * dimension + 2 * min(logNormalisers.count, Self.componentsPerTile))))
        }
        var perRow = 2 * dimension + components.count
        for component in components { perRow += component.rank + (component.residual == nil ? 0 : dimension) }
        return max(16, min(4096, (1 << 18) / max(1, perRow)))
    }

    /// Components per tile of the shared-covariance kernel when the log terms themselves are not wanted: a
    /// larger mixture (a KDE law of 10⁵ components) is taken tile by tile with a running log-sum-exp, so that a
    /// block's b×C log terms stay in cache instead of a b×K matrix streaming through memory. A mixture of at
    /// most this many components is one tile; with the log terms kept, all K are.
    static let componentsPerTile = 4_096

    /// What one block evaluation returns.
    struct BlockResult {
        /// log p(xᵢ).
        var logDensity: [Double]
        /// b×K: log π_k + log N_k(xᵢ), when asked for (the responsibilities).
        var logTerms: Matrix?
        /// b×n: ∇ log p(xᵢ), when asked for.
        var score: Matrix?
    }

    /// Evaluates one block of points; `wantLogTerms` keeps the b×K log terms (a shared covariance then takes
    /// its K components as one tile).
    func evaluate(_ points: Matrix, wantScore: Bool, wantLogTerms: Bool = false) -> BlockResult {
        precondition(points.columns == dimension, "MixtureKernel: points have \(points.columns) columns, expected \(dimension)")
        if let shared, points.rows > 0 {
            return evaluateShared(points, shared: shared, wantScore: wantScore, keepLogTerms: wantLogTerms)
        }
        if !groups.isEmpty, points.rows > 0 { return evaluateGroups(points, wantScore: wantScore, wantLogTerms: wantLogTerms) }
        let b = points.rows, n = dimension, count = logNormalisers.count
        var logTerms = Matrix(rows: b, columns: count)
        var logDensity = [Double](repeating: 0, count: b)
        guard b > 0 else {
            return BlockResult(logDensity: logDensity, logTerms: logTerms, score: wantScore ? Matrix(rows: 0, columns: n) : nil)
        }
        let centred = points.subtractingFromRows(reference)

        // Quadratic forms: Z_k = 1(−s_k) + (X − 1cᵀ)·W_k, then ‖z‖² (+ ‖e‖²/δ_k²) into logTerms[·, k].
        var whitened: [Matrix] = []
        var residuals: [Matrix?] = []
        whitened.reserveCapacity(count)
        residuals.reserveCapacity(count)
        for (k, component) in components.enumerated() {
            var z = repeatedRows(component.negatedShift, count: b)
            Matrix.gemm(centred, component.whitening, alpha: 1, beta: 1, into: &z)
            accumulateRowSquaredNorms(of: z, scale: 1, into: &logTerms, column: k)
            var residual: Matrix? = nil
            if let part = component.residual {
                var e = centred.subtractingFromRows(part.meanOffset)
                Matrix.gemm(z, part.scaledBasis, transposeB: true, alpha: -1, beta: 1, into: &e)
                accumulateRowSquaredNorms(of: e, scale: part.inverseComplement, into: &logTerms, column: k)
                residual = e
            }
            if wantScore {
                whitened.append(z)
                residuals.append(residual)
            }
        }

        // log π_k + log N_k = logNormaliser_k − ½·quadratic, then log-sum-exp over k.
        logTerms.elements.withUnsafeMutableBufferPointer { terms in
            for i in 0..<b {
                let row = terms.baseAddress! + i * count
                var largest = -Double.infinity
                for k in 0..<count {
                    row[k] = logNormalisers[k] - 0.5 * row[k]
                    largest = max(largest, row[k])
                }
                var sum = 0.0
                for k in 0..<count { sum += exp(row[k] - largest) }
                logDensity[i] = largest + log(sum)
            }
        }
        guard wantScore else { return BlockResult(logDensity: logDensity, logTerms: logTerms, score: nil) }

        // ∇ log p = −Σ_k (diag(w_k)·Z_k)·W_kᵀ − Σ_{low-rank k} diag(w_k)·E_k / δ_k².
        var score = Matrix(rows: b, columns: n)
        var weights = [Double](repeating: 0, count: b)
        for (k, component) in components.enumerated() {
            for i in 0..<b { weights[i] = exp(logTerms.elements[i * count + k] - logDensity[i]) }
            scaleRows(&whitened[k], by: weights, factor: 1)
            Matrix.gemm(whitened[k], component.whitening, transposeB: true, alpha: -1, beta: 1, into: &score)
            if let part = component.residual, var e = residuals[k] {
                residuals[k] = nil
                scaleRows(&e, by: weights, factor: part.inverseComplement)
                score.elements.withUnsafeMutableBufferPointer { target in
                    e.elements.withUnsafeBufferPointer { source in
                        for index in 0..<(b * n) { target[index] -= source[index] }
                    }
                }
            }
        }
        return BlockResult(logDensity: logDensity, logTerms: logTerms, score: score)
    }

    /// The partition of the components into groups of bitwise-equal covariance, in order of first appearance
    /// (indices ascending within a group), when there are at least 2 and at most K/4 groups; nil otherwise
    /// (one group is the shared kernel; many small groups are cheaper component by component).
    static func covarianceGroups(of mixture: GaussianMixture) -> [[Int]]? {
        let count = mixture.count
        guard count >= 8, let groups = covarianceClasses(of: mixture, atMost: count / 4) else { return nil }
        return groups.count >= 2 ? groups : nil
    }

    /// The components in classes of bitwise-equal covariance spectrum, in order of first appearance (indices
    /// ascending within a class); nil as soon as there are more than `limit` classes.
    static func covarianceClasses(of mixture: GaussianMixture, atMost limit: Int = .max) -> [[Int]]? {
        var groups: [[Int]] = []
        var candidates: [Int: [Int]] = [:]  // spectrum key → indices of groups with that key
        for (k, component) in mixture.components.enumerated() {
            let spectrum = component.spectrum
            var hasher = Hasher()
            hasher.combine(spectrum.basis.columns)
            hasher.combine(spectrum.complementVariance.bitPattern)
            for value in spectrum.eigenvalues { hasher.combine(value.bitPattern) }
            for value in spectrum.basis.elements { hasher.combine(value.bitPattern) }
            let key = hasher.finalize()
            if let group = candidates[key, default: []].first(where: { mixture.components[groups[$0][0]].spectrum.isBitwiseEqual(to: spectrum) }) {
                groups[group].append(k)
            } else {
                candidates[key, default: []].append(groups.count)
                groups.append([k])
                if groups.count > limit { return nil }
            }
        }
        return groups
    }

    /// One block, group by group (see the type's description): each group's kernel, its log terms shifted
    /// by log W_g into the group's columns, and the groups' log-densities and scores combined per point.
    private func evaluateGroups(_ points: Matrix, wantScore: Bool, wantLogTerms: Bool) -> BlockResult {
        let b = points.rows, n = dimension
        let results = groups.map { $0.kernel.evaluate(points, wantScore: wantScore, wantLogTerms: wantLogTerms) }
        var logTerms: Matrix? = nil
        if wantLogTerms {
            var terms = Matrix(rows: b, columns: logNormalisers.count)
            for (group, result) in zip(groups, results) {
                let groupTerms = result.logTerms!
                for i in 0..<b {
                    for (column, k) in group.indices.enumerated() { terms[i, k] = group.logWeight + groupTerms[i, column] }
                }
            }
            logTerms = terms
        }
        var logDensity = [Double](repeating: 0, count: b)
        var score = wantScore ? Matrix(rows: b, columns: n) : nil
        for i in 0..<b {
            let parts = zip(groups, results).map { $0.logWeight + $1.logDensity[i] }
            let largest = parts.max()!
            logDensity[i] = largest + log(parts.reduce(0) { $0 + exp($1 - largest) })
            guard wantScore else { continue }
            for (g, result) in results.enumerated() {
                let weight = exp(parts[g] - logDensity[i])
                for c in 0..<n { score![i, c] += weight * result.score![i, c] }
            }
        }
        return BlockResult(logDensity: logDensity, logTerms: logTerms, score: score)
    }

    /// Terms within this much of the largest log term are recomputed from ‖z − m_k‖² directly.
    static let refinementWindow = 16.0
}

extension MixtureKernel {
    /// The log terms row[k] (components first + k, k < count) above `threshold`, recomputed as
    /// logNormaliser − ½‖z − m‖² from the whitened point z and the whitened means (free of the cancellation of
    /// the expanded form; see the shared path), and their largest (−∞ when none is above).
    @inline(__always)
    func refineTerms(_ row: UnsafeMutablePointer<Double>, count: Int, from first: Int, above threshold: Double,
                     point z: UnsafePointer<Double>, shared: SharedCovariance) -> Double {
        shared.meansByCoordinate.elements.withUnsafeBufferPointer { means in
            logNormalisers.withUnsafeBufferPointer { normalisers in
                LogSumExpRows.refineTerms(row, count: count, above: threshold, point: z, meansByCoordinate: means.baseAddress! + first,
                                          stride: shared.meansByCoordinate.columns, dimension: dimension,
                                          normalisers: normalisers.baseAddress! + first)
            }
        }
    }

    /// One block with a shared covariance (the formulas in the type's description), tile by tile over the
    /// components (`componentsPerTile` at a time): per tile the log terms ⟨z, m_k⟩ + offset_k − ½‖z‖² by one
    /// `dgemm`, the terms within `refinementWindow` of the tile's largest recomputed from ‖z − m_k‖² (a superset
    /// of those within the window of the overall largest), the running (m, S) of `LogSumExpRows.raiseMaximum`,
    /// and for the score the running A = Σ_k e^{ℓ_k − m} m_k (one accumulating `dgemm` per tile, rescaled with
    /// S). At the end log p = m + log S and ∇ log p = −W(z − A/S).
    ///
    /// With `keepLogTerms` (the responsibilities) all K components are one tile and the exponentials go to a
    /// scratch matrix, so that the b×K log terms log π_k + log N_k(xᵢ) are returned; otherwise each tile's
    /// exponentials overwrite its terms. The arithmetic is the same either way.
    func evaluateShared(_ points: Matrix, shared: SharedCovariance, wantScore: Bool, keepLogTerms: Bool = false) -> BlockResult {
        let b = points.rows, count = logNormalisers.count, n = dimension
        let width = keepLogTerms ? max(count, 1) : Self.componentsPerTile
        let whitened = Matrix.product(points.subtractingFromRows(reference), shared.whitening)
        let halfPointNorms = whitened.rowSquaredNorms.map { 0.5 * $0 }
        var largest = [Double](repeating: -.infinity, count: b)
        var sums = [Double](repeating: 0, count: b)
        var accumulated = Matrix(rows: wantScore ? b : 0, columns: n)
        var tile = Matrix(rows: b, columns: min(width, count))
        // Kept log terms: the exponentials go here instead (one scratch row when only the sums are wanted).
        var exponentials = Matrix(rows: keepLogTerms ? (wantScore ? b : 1) : 0, columns: keepLogTerms ? count : 0)
        for first in stride(from: 0, to: count, by: width) {
            let columns = min(width, count - first), tileComponents = first..<(first + columns)
            if tile.columns != columns { tile = Matrix(rows: b, columns: columns) }
            Matrix.gemm(whitened, shared.whitenedMeans, rowsOfB: tileComponents, transposeB: true, into: &tile)
            tile.elements.withUnsafeMutableBufferPointer { terms in
              exponentials.elements.withUnsafeMutableBufferPointer { scratch in
                whitened.elements.withUnsafeBufferPointer { whitenedPoints in
                  shared.offsets.withUnsafeBufferPointer { offsets in
                    for i in 0..<b {
                        let row = terms.baseAddress! + i * columns
                        var tileLargest = LogSumExpRows.offsetAndMaximum(row, offsets: offsets.baseAddress! + first,
                                                                         subtracting: halfPointNorms[i], count: columns)
                        // The terms that carry the density are recomputed as log π_k + log N_k = logNormaliser_k
                        // − ½‖z − m_k‖², free of the cancellation between ‖z‖², ⟨z, m_k⟩ and ‖m_k‖² (which costs
                        // about ε·(‖z‖² + ‖m_k‖²) absolutely, 1e-13 for components 50σ apart). A term below the
                        // window has relative weight under e⁻¹⁶ ≈ 1.1e-7, so its error of a few ε·(‖z‖² + ‖m_k‖²)
                        // moves log p by less than 1e-15 while those norms stay below 10⁶.
                        tileLargest = refineTerms(row, count: columns, from: first, above: tileLargest - Self.refinementWindow,
                                                  point: whitenedPoints.baseAddress! + i * n, shared: shared)
                        let rescale = LogSumExpRows.raiseMaximum(&largest[i], sum: &sums[i], to: tileLargest)
                        if wantScore && rescale != 1 { for c in 0..<n { accumulated.elements[i * n + c] *= rescale } }
                        let output = keepLogTerms ? scratch.baseAddress! + (wantScore ? i * count : 0) : nil
                        sums[i] += LogSumExpRows.exponentiate(row, into: output, count: columns, shift: largest[i])
                    }
                  }
                }
              }
            }
            if wantScore {
                Matrix.gemm(keepLogTerms ? exponentials : tile, shared.whitenedMeans, rowsOfB: tileComponents, beta: 1, into: &accumulated)
            }
        }
        let logDensity = (0..<b).map { largest[$0] + log(sums[$0]) }
        let logTerms = keepLogTerms ? tile : nil
        guard wantScore else { return BlockResult(logDensity: logDensity, logTerms: logTerms, score: nil) }
        return BlockResult(logDensity: logDensity, logTerms: logTerms,
                           score: sharedScore(whitened: whitened, weightedMeans: accumulated, sums: sums, shared: shared))
    }

    /// ∇ log p = −W(z − A/S) per row, from the whitened points z, A = Σ_k e_k m_k and S = Σ_k e_k.
    func sharedScore(whitened: Matrix, weightedMeans: Matrix, sums: [Double], shared: SharedCovariance) -> Matrix {
        let b = whitened.rows, n = dimension
        var difference = whitened
        for i in 0..<b {
            let inverse = 1 / sums[i]
            for c in 0..<n { difference[i, c] -= weightedMeans[i, c] * inverse }
        }
        var score = Matrix(rows: b, columns: n)
        Matrix.gemm(difference, shared.whitening, transposeB: true, alpha: -1, into: &score)
        return score
    }
}

/// The count×row.count matrix whose every row is `row` (written once, without zero-filling first).
private func repeatedRows(_ row: [Double], count: Int) -> Matrix {
    let columns = row.count
    let elements = [Double](unsafeUninitializedCapacity: count * columns) { buffer, initialized in
        if columns > 0 {
            row.withUnsafeBufferPointer { source in
                for i in 0..<count { (buffer.baseAddress! + i * columns).initialize(from: source.baseAddress!, count: columns) }
            }
        }
        initialized = count * columns
    }
    return Matrix(rows: count, columns: columns, elements: elements)
}

/// Multiplies row i of `matrix` by `weights[i]·factor`.
private func scaleRows(_ matrix: inout Matrix, by weights: [Double], factor: Double) {
    let columns = matrix.columns, rows = matrix.rows
    matrix.elements.withUnsafeMutableBufferPointer { target in
        for i in 0..<rows {
            let row = target.baseAddress! + i * columns
            let weight = weights[i] * factor
            for j in 0..<columns { row[j] *= weight }
        }
    }
}

/// Adds `scale·‖row i of matrix‖²` to `target[i, column]`.
private func accumulateRowSquaredNorms(of matrix: Matrix, scale: Double, into target: inout Matrix, column: Int) {
    let columns = matrix.columns, stride = target.columns
    matrix.elements.withUnsafeBufferPointer { source in
        target.elements.withUnsafeMutableBufferPointer { output in
            for i in 0..<matrix.rows {
                output[i * stride + column] += scale * squaredNorm(source.baseAddress! + i * columns, columns)
            }
        }
    }
}

/// The squared Euclidean norm of `values[0..<count]`. Eight independent partial sums (two 4-wide vectors)
/// break the floating-point add chain; the order of summation depends only on `count`, so the result is
/// deterministic.
@inline(__always)
private func squaredNorm(_ values: UnsafePointer<Double>, _ count: Int) -> Double {
    var first = SIMD4<Double>(repeating: 0), second = SIMD4<Double>(repeating: 0)
    let raw = UnsafeRawPointer(values)
    var j = 0
    while j + 8 <= count {
        let a = raw.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
        let c = raw.loadUnaligned(fromByteOffset: (j + 4) * 8, as: SIMD4<Double>.self)
        first += a * a
        second += c * c
        j += 8
    }
    var tail = 0.0
    while j < count {
        tail += values[j] * values[j]
        j += 1
    }
    return (first + second).sum() + tail
}
