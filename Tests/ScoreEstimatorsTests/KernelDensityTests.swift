import Foundation
import Testing
import PropertyBased
import PropertySupport
import Diffusion
import GaussianMixtures
import LinearAlgebra
@testable import ScoreEstimators
import InputErrors
import RandomStreams

@Suite("Kernel density estimate: closed-form score, log-density and sampling")
struct KernelDensityTests {
    /// A random KDE case: centres N(0, 4I) in dimension n, bandwidth h, schedule and time, and points drawn
    /// from the KDE's noised law (plus one far point, 3× further out, to exercise the log-sum-exp).
    struct Case {
        let model: FittedKernelDensity
        let time: Double
        let points: Matrix

        init(n: Int, count: Int, h: Double, scheduleIndex: Int, u: Double, seed: Int) throws {
            let stream = RandomStream(seed: UInt64(seed))
            let schedule = NoiseSchedule.allCases[scheduleIndex % NoiseSchedule.allCases.count]
            time = u * (schedule == .ve || schedule == .ou ? 3 : 0.95)
            let centres = 2 * Matrix.gaussian(rows: count, columns: n, stream: stream)
            model = try KernelDensityEstimate(bandwidth: h).fit(centres, schedule: schedule)
            let s = schedule.scale(at: time), gamma = schedule.gamma(at: time)
            var points = model.sample(count: 4, stream: stream)
            for index in points.elements.indices { points.elements[index] = s * points.elements[index] + gamma * stream.gaussian() }
            for j in 0..<n { points[3, j] *= 3 }
            self.points = points
        }

        /// Scale of the rounding in the softmax, per point: R = max_j ‖x − s x_j‖-type lengths, v the kernel
        /// variance. Each logit −‖x − s x_j‖²/(2v) is computed from squared norms of size up to R², so its
        /// absolute error is about (n + 2)·ε·R²/v; a weight then errs by about twice that relatively, and the
        /// score Σ_j w_j (s x_j − x)/v by that times R/v. A factor 32 covers the summation orders of the two
        /// implementations.
        func tolerance(row i: Int) -> Double {
            let s = model.schedule.scale(at: time), sigma = model.schedule.sigma(at: time)
            let v = s * s * (model.bandwidth * model.bandwidth + sigma * sigma)
            let x = points.row(i)
            let radius = (0..<model.count).map { (x - s * model.centres.row($0)).euclideanNorm + x.euclideanNorm }.max()!
            return 32 * Double(model.dimension + 2) * Double.ulpOfOne * (1 + radius * radius / v) * (1 + radius / v)
        }
    }

    @Test("KDE score and log-density equal ExactMixtureScore of its law (n ≤ 8, N ≤ 12, every schedule)")
    func matchesExactMixture() async throws {
        await seededPropertyCheck(count: 80, input: Gen.int(in: 1...8), Gen.int(in: 1...12), Gen.double(in: 0.1...2),
                                  Gen.int(in: 0...3), Gen.double(in: 0...1), Gen.int(in: 0...1_000_000)) { n, count, h, scheduleIndex, u, seed in
            let c = try Case(n: n, count: count, h: h, scheduleIndex: scheduleIndex, u: u, seed: seed)
            try Self.expectMatchesExact(c, label: "seed \(seed) n=\(n) N=\(count) h=\(h)")
        }
    }

    /// The case's KDE score and log-density against `ExactMixtureScore` of its law, within `Case.tolerance`.
    static func expectMatchesExact(_ c: Case, label: String) throws {
        let exact = ExactMixtureScore(data: try #require(c.model.law), schedule: c.model.schedule)
        let score = try c.model.score(c.points, time: c.time)
        let reference = try exact.score(c.points, time: c.time)
        let logDensity = try c.model.logDensity(c.points, time: c.time)
        let referenceLog = try exact.logDensity(c.points, time: c.time)
        for i in 0..<c.points.rows {
            let tolerance = c.tolerance(row: i)
            for j in 0..<c.points.columns {
                #expect(abs(score[i, j] - reference[i, j]) <= tolerance,
                        "\(label) \(c.model.schedule) t=\(c.time) row \(i) coord \(j): \(score[i, j]) vs \(reference[i, j]) (tol \(tolerance))")
            }
            #expect(abs(logDensity[i] - referenceLog[i]) <= tolerance * (1 + abs(referenceLog[i])),
                    "\(label): log p \(logDensity[i]) vs \(referenceLog[i])")
        }
    }

    @Test("Tiled online log-sum-exp (N = 1500: 6 tiles of 256 centres, the maximum moving between tiles) equals ExactMixtureScore of the law",
          arguments: [1, 3, 8])
    func tiledMatchesExactMixture(n: Int) throws {
        for scheduleIndex in 0..<NoiseSchedule.allCases.count {
            let c = try Case(n: n, count: 1_500, h: 0.3, scheduleIndex: scheduleIndex, u: 0.4, seed: 31 * n + scheduleIndex)
            try Self.expectMatchesExact(c, label: "n=\(n) N=1500 h=0.3")
        }
    }

    @Test("KDE score equals central differences of its log-density along random directions")
    func scoreIsGradient() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...8), Gen.int(in: 1...40), Gen.double(in: 0.2...2),
                                  Gen.int(in: 0...3), Gen.double(in: 0.05...1), Gen.int(in: 0...1_000_000)) { n, count, h, scheduleIndex, u, seed in
            let c = try Case(n: n, count: count, h: h, scheduleIndex: scheduleIndex, u: u, seed: seed)
            let score = try c.model.score(c.points, time: c.time)
            let directions = Matrix.gaussian(rows: c.points.rows, columns: n, stream: RandomStream(seed: UInt64(seed) &+ 1))
            // Four shifted copies of every point, x ± step·d and x ± 2·step·d, evaluated in one batch.
            let step = 1e-4
            let offsets = [step, -step, 2 * step, -2 * step]
            var shifted = Matrix(rows: 4 * c.points.rows, columns: n)
            for i in 0..<c.points.rows {
                for (o, offset) in offsets.enumerated() {
                    for j in 0..<n { shifted[4 * i + o, j] = c.points[i, j] + offset * directions[i, j] }
                }
            }
            let values = try c.model.logDensity(shifted, time: c.time)
            for i in 0..<c.points.rows {
                let d1 = (values[4 * i] - values[4 * i + 1]) / (2 * step)
                let d2 = (values[4 * i + 2] - values[4 * i + 3]) / (4 * step)
                let analytic = score.row(i).dot(directions.row(i))
                // Richardson: |D(h) − f′| ≈ |D(2h) − D(h)|/3 (3× margin), plus rounding ≈ 8·n·ε·max|log p|/h
                // amplified by the softmax cancellation bound of `tolerance`, plus ‖d‖ times that bound.
                let largest = values[(4 * i)..<(4 * i + 4)].map(abs).max()!
                let tolerance = abs(d2 - d1) + 8 * Double(n) * Double.ulpOfOne * max(largest, 1) / step
                    + c.tolerance(row: i) * directions.row(i).euclideanNorm
                #expect(abs(d1 - analytic) <= tolerance,
                        "seed \(seed) n=\(n) N=\(count) h=\(h) \(c.model.schedule) t=\(c.time) row \(i): FD \(d1) vs ⟨score, d⟩ \(analytic)")
            }
        }
    }

    @Test("The log-sum-exp rows' exponential is within 3 ulp of libm's exp on [−708, 0], 0 below −708, NaN for NaN")
    func laneExponential() {
        let stream = RandomStream(seed: 12)
        // Half the draws in [−1, 0] (the range of the large weights), half over the whole range; a row length
        // that is not a multiple of 16 or 4, so every loop of the kernel (16 lanes, 4 lanes, the tail) runs.
        var x = (0..<200_003).map { $0 % 2 == 0 ? -stream.uniform() : -708 * stream.uniform() }
        let arguments = x
        _ = LogSumExpRows.exponentiate(&x, count: x.count, shift: 0)
        var worst = 0.0
        for (value, argument) in zip(x, arguments) { worst = max(worst, abs(value - exp(argument)) / exp(argument).ulp) }
        print("log-sum-exp rows' exp (path \(LogSumExpRows.path)): worst error \(worst) ulp of libm over 2·10⁵ points")
        #expect(worst <= 3, "worst error \(worst) ulp")
        var edges = [0, -709, -.infinity, .nan, 0.5]
        let sum = LogSumExpRows.exponentiate(&edges, count: 5, shift: 0.5)
        #expect(edges[0] == exp(-0.5) && edges[1] == 0 && edges[2] == 0 && edges[3].isNaN && edges[4] == 1 && sum.isNaN)
    }

    @Test("The log-sum-exp rows give the same bits on the AVX2+FMA and portable paths, for every row length 0…67 and 4099")
    func logSumExpPathsAgree() {
        let stream = RandomStream(seed: 41)
        for count in Array(0...67) + [4_099] {
            let row = (0..<count).map { _ in -30 * stream.uniform() }
            let offsets = (0..<count).map { _ in stream.gaussian() }
            var results: [(maximum: Double, sum: Double, row: [Double])] = []
            for path in 0...1 {
                var copy = row
                let maximum = LogSumExpRows.offsetAndMaximum(&copy, offsets: offsets, subtracting: 0.25, count: count, path: path)
                let sum = LogSumExpRows.exponentiate(&copy, count: count, shift: maximum, path: path)
                results.append((maximum, sum, copy))
            }
            #expect(results[1].maximum.bitPattern == results[0].maximum.bitPattern, "count \(count): maximum")
            #expect(results[1].sum.bitPattern == results[0].sum.bitPattern, "count \(count): sum")
            #expect(results[1].row.map(\.bitPattern) == results[0].row.map(\.bitPattern), "count \(count): terms")
            // The scaled offset pass (MixtureLogDensity's per-component variances): the same bits on both paths
            // and as the expression c + s·(r − ¼) rounded step by step (a fused multiply-add would differ).
            let scales = (0..<count).map { _ in 0.5 + stream.uniform() }
            let scaledRow = row.indices.map { offsets[$0] + scales[$0] * (row[$0] - 0.25) }
            for path in 0...1 {
                var copy = row
                let maximum = LogSumExpRows.scaledOffsetAndMaximum(&copy, constants: offsets, scales: scales, subtracting: 0.25,
                                                                   count: count, path: path)
                #expect(copy.map(\.bitPattern) == scaledRow.map(\.bitPattern), "count \(count), path \(path): scaled terms")
                #expect(maximum == (scaledRow.max() ?? -.infinity), "count \(count), path \(path): maximum of the scaled terms")
            }
            // The refinement of the terms above a threshold (shared-covariance mixtures): the same bits on both
            // paths and as the distances summed coordinate by coordinate, the others untouched, and the largest
            // refined term. Means by coordinate with a stride beyond the count, as a tile of a wider mixture.
            let dimension = 1 + count % 11, stride = count + 5, threshold = -15.0
            let point = (0..<dimension).map { _ in stream.gaussian() }
            let means = (0..<(dimension * stride)).map { _ in 2 * stream.gaussian() }
            let normalisers = (0..<count).map { _ in -stream.uniform() }
            var expectedRow = row, expectedLargest = -Double.infinity
            for k in 0..<count where row[k] > threshold {
                var distance = 0.0
                for j in 0..<dimension { let d = point[j] - means[j * stride + k]; distance += d * d }
                expectedRow[k] = normalisers[k] - 0.5 * distance
                expectedLargest = max(expectedLargest, expectedRow[k])
            }
            for path in 0...1 {
                var copy = row
                let largest = LogSumExpRows.refineTerms(&copy, count: count, above: threshold, point: point, meansByCoordinate: means,
                                                        stride: stride, dimension: dimension, normalisers: normalisers, path: path)
                #expect(copy.map(\.bitPattern) == expectedRow.map(\.bitPattern), "count \(count), path \(path): refined terms")
                #expect(largest == expectedLargest, "count \(count), path \(path): largest refined term")
            }
            // The pass itself: the offsets, the maximum of the offset terms (−∞ for none), and a sum within
            // count·ε relatively of the compensated sum of libm's exponentials (each term is within 3 ulp).
            let offsetRow = zip(row, offsets).map { $0 + ($1 - 0.25) }
            #expect(results[0].maximum == (offsetRow.max() ?? -.infinity))
            let reference = offsetRow.map { exp($0 - (offsetRow.max() ?? 0)) }.kahanSum
            #expect(abs(results[0].sum - reference) <= Double(count + 3) * .ulpOfOne * reference, "count \(count): \(results[0].sum) vs \(reference)")
        }
        // A NaN anywhere makes the maximum NaN, on every path and in every lane position.
        for position in 0..<9 {
            for path in 0...1 {
                var row = [Double](repeating: -1, count: 9)
                row[position] = .nan
                let offsets = [Double](repeating: 0, count: 9)
                var scaledRow = row
                #expect(LogSumExpRows.scaledOffsetAndMaximum(&scaledRow, constants: offsets, scales: offsets.map { $0 + 1 },
                                                             subtracting: 0, count: 9, path: path).isNaN, "NaN at \(position), path \(path): scaled")
                #expect(LogSumExpRows.offsetAndMaximum(&row, offsets: offsets, subtracting: 0, count: 9, path: path).isNaN, "NaN at \(position), path \(path)")
            }
        }
    }

    @Test("KDE score and log-density at n = 16, N = 9 000 (3 tiles, the last partial) equal a pair-by-pair evaluation with libm's exp to 1e-12 relative")
    func tiledKernelMatchesPairByPair() throws {
        let stream = RandomStream(seed: 77)
        let n = 16, count = 9_000
        let model = try KernelDensityEstimate(bandwidth: 0.6).fit(Matrix.gaussian(rows: count, columns: n, stream: stream), schedule: .ou)
        let time = 0.1, s = NoiseSchedule.ou.scale(at: time), sigma = NoiseSchedule.ou.sigma(at: time)
        let v = s * s * (0.36 + sigma * sigma)
        var points = 1.2 * Matrix.gaussian(rows: 37, columns: n, stream: stream)
        for j in 0..<n { points[36, j] *= 4 }  // one point far out: its logits are all below −100
        let score = try model.score(points, time: time), logDensity = try model.logDensity(points, time: time)
        var worstScore = 0.0, worstLog = 0.0
        for i in 0..<points.rows {
            let x = points.row(i)
            // ℓ_j = −‖x − s y_j‖²/(2v) from the differences themselves (no expansion of the square).
            let logits = (0..<count).map { j in -(x - s * model.centres.row(j)).map { $0 * $0 }.reduce(0, +) / (2 * v) }
            let largest = logits.max()!
            let weights = logits.map { exp($0 - largest) }
            let total = weights.kahanSum
            let referenceLog = -log(Double(count)) - 0.5 * Double(n) * log(2 * Double.pi * v) + largest + log(total)
            var mean = [Double](repeating: 0, count: n)
            for j in 0..<count { for c in 0..<n { mean[c] += weights[j] * model.centres[j, c] } }
            let referenceScore = (0..<n).map { (s * mean[$0] / total - x[$0]) / v }
            worstLog = max(worstLog, abs(logDensity[i] - referenceLog) / abs(referenceLog))
            worstScore = max(worstScore, (0..<n).map { score[i, $0] - referenceScore[$0] }.euclideanNorm / referenceScore.euclideanNorm)
        }
        print("KDE n = 16, N = 9000 against pair by pair: log p relative \(worstLog), score relative \(worstScore)")
        // 1e-12 (the bar): the logits' expansion ‖u‖² − 2s⟨u, y⟩ + s²‖y‖² loses about (n + 2)·ε·R²/v ≈ 2e-13
        // absolutely at R² ≈ 50 (the far point: 800, still < 1e-12 relative of its log p ≈ −900); a wrong
        // shift, a dropped tile or a term counted twice moves both by far more.
        #expect(worstLog <= 1e-12 && worstScore <= 1e-12, "log p \(worstLog), score \(worstScore)")
    }

    @Test("Block-by-block evaluation equals the full batch bit for bit (thread independence)")
    func blocksMatchBatch() throws {
        let stream = RandomStream(seed: 9)
        let model = try KernelDensityEstimate(bandwidth: 0.6).fit(Matrix.gaussian(rows: 3000, columns: 5, stream: stream), schedule: .ou)
        let points = Matrix.gaussian(rows: 3 * model.blockSize + 7, columns: 5, stream: stream)
        let score = try model.score(points, time: 0.3)
        let logDensity = try model.logDensity(points, time: 0.3)
        var blockScores: [Double] = [], blockLogs: [Double] = []
        for start in stride(from: 0, to: points.rows, by: model.blockSize) {
            let block = points.rows(start..<min(points.rows, start + model.blockSize))
            blockScores += try model.score(block, time: 0.3).elements
            blockLogs += try model.logDensity(block, time: 0.3)
        }
        #expect(score.elements == blockScores)
        #expect(logDensity == blockLogs)
    }

    @Test("sample(count:stream:) has the KDE law's mean and covariance within Monte-Carlo error")
    func samplerMoments() throws {
        let centres = Matrix(rowArrays: [[-2, 0], [1, 1], [3, -1]])
        let model = try KernelDensityEstimate(bandwidth: 0.5).fit(centres, schedule: .ve)
        let law = try #require(model.law)
        let count = 40_000
        let draws = model.sample(count: count, stream: RandomStream(seed: 4))
        #expect(draws.elements == model.sample(count: count, stream: RandomStream(seed: 4)).elements)
        let mean = draws.transposedTimes([Double](repeating: 1 / Double(count), count: count))
        let covariance = law.covariance
        for j in 0..<2 {
            // Standard error of a sample mean: √(Σ_jj/N); 5 standard errors.
            #expect(abs(mean[j] - law.mean[j]) <= 5 * (covariance[j, j] / Double(count)).squareRoot(), "coordinate \(j)")
            // Standard error of a sample variance, bounded by √(E(x−μ)⁴/N) with E(x−μ)⁴ ≤ 3·max-spread⁴ here (≤ 3·25²).
            let variance = draws.column(j).map { ($0 - mean[j]) * ($0 - mean[j]) }.reduce(0, +) / Double(count)
            #expect(abs(variance - covariance[j, j]) <= 5 * (3 * 625 / Double(count)).squareRoot(), "variance \(j)")
        }
    }

    @Test("KDE bad inputs throw InputError naming the field and value")
    func badInputs() throws {
        for h in [0, -1, Double.nan, Double.infinity] {
            #expect(throws: InputError.self) { try KernelDensityEstimate(bandwidth: h) }
        }
        let rule = try KernelDensityEstimate(bandwidth: 0.6)
        #expect(rule.name == "kde(h=0.6)")
        #expect(throws: InputError(source: "", field: "samples", reason: "0 rows for dimension 2; need at least 1")) {
            try rule.fit(Matrix(rows: 0, columns: 2), schedule: .ou)
        }
        #expect(throws: InputError.self) { try rule.fit(Matrix(rowArrays: [[0, .nan]]), schedule: .ou) }
        let model = try rule.fit(Matrix(rowArrays: [[0, 1], [2, 3]]), schedule: .vp)
        #expect(throws: InputError.self) { try model.score(Matrix(rows: 1, columns: 3), time: 0.5) }
        #expect(throws: InputError.self) { try model.score(Matrix(rows: 1, columns: 2), time: -0.5) }
        #expect(throws: InputError.self) { try model.logDensity(Matrix(rows: 1, columns: 2), time: 1.5) }
    }
}

extension Array where Element == Double {
    /// Neumaier's compensated sum: error about ε·Σ|x| regardless of the count, the reference for sums of many terms.
    fileprivate var kahanSum: Double {
        var sum = 0.0, compensation = 0.0
        for x in self {
            let t = sum + x
            compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
            sum = t
        }
        return sum + compensation
    }
}
