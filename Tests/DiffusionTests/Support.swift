import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import RandomStreams

/// Shared helpers of the diffusion tests: random cases, finite differences, a dense reference.
enum Support {
    /// A time spread over the useful range of each schedule, from u ∈ [0, 1].
    static func time(_ schedule: NoiseSchedule, _ u: Double) -> Double {
        switch schedule {
        case .ve: return 0.02 + 3 * u
        case .vp: return 1e-3 + 0.999 * u
        case .ou: return 0.01 + 4 * u
        case .cosine: return 1e-3 + 0.98 * u
        }
    }

    /// The random stream, schedule and time of one property-test case, from the generated integers.
    static func draw(scheduleIndex: Int, u: Double, seed: Int) -> (stream: RandomStream, schedule: NoiseSchedule, time: Double) {
        let schedule = schedule(scheduleIndex)
        return (RandomStream(seed: UInt64(seed)), schedule, time(schedule, u))
    }

    static func schedule(_ index: Int) -> NoiseSchedule { NoiseSchedule.allCases[index % NoiseSchedule.allCases.count] }

    /// Points near the mixture's mass at time t: a sample of p_t.
    static func points(of mixture: GaussianMixture, count: Int, stream: RandomStream) -> Matrix {
        mixture.sample(count: count, stream: stream)
    }

    /// Central differences of a scalar field f: ℝⁿ → ℝ (evaluated in one batch) at every row of `points`,
    /// with the Richardson error estimate. For smooth f, D(h) = f′ + c h² + O(h⁴) and D(2h) = f′ + 4c h² + …,
    /// so |D(h) − f′| ≈ |D(2h) − D(h)|/3. Rounding: each evaluation of f sums O(n) terms, so its error is
    /// about n·ε·max|f|, and the difference quotient adds about 8·n·ε·max|f|/h (a 4× margin).
    /// Returns (gradient D(h), truncation estimate |D(2h) − D(h)|, rounding bound), one row per point.
    /// `cancellation` multiplies the rounding bound where f is computed by a cancelling formula (the
    /// denoiser (x + γ²∇log p)/s loses a factor ≈ ‖x‖/(s·‖f‖)).
    static func centralDifferences(at points: Matrix, step h: Double, cancellation: Double = 1,
                                   _ f: (Matrix) throws -> [Double]) rethrows -> (gradient: Matrix, truncation: Matrix, rounding: [Double]) {
        let n = points.columns
        var shifted = Matrix(rows: points.rows * n * 4, columns: n)
        let offsets = [h, -h, 2 * h, -2 * h]
        for i in 0..<points.rows {
            for j in 0..<n {
                for (o, offset) in offsets.enumerated() {
                    let row = (i * n + j) * 4 + o
                    for c in 0..<n { shifted[row, c] = points[i, c] }
                    shifted[row, j] += offset
                }
            }
        }
        let values = try f(shifted)
        var gradient = Matrix(rows: points.rows, columns: n)
        var truncation = Matrix(rows: points.rows, columns: n)
        var rounding = [Double](repeating: 0, count: points.rows)
        for i in 0..<points.rows {
            var largest = 0.0
            for j in 0..<n {
                let base = (i * n + j) * 4
                let d1 = (values[base] - values[base + 1]) / (2 * h)
                let d2 = (values[base + 2] - values[base + 3]) / (4 * h)
                gradient[i, j] = d1
                truncation[i, j] = abs(d2 - d1)
                for o in 0..<4 { largest = max(largest, abs(values[base + o])) }
            }
            rounding[i] = 8 * Double(n) * Double.ulpOfOne * cancellation * max(largest, 1) / h
        }
        return (gradient, truncation, rounding)
    }

    /// Independent dense reference for one Gaussian N(m, C): Cholesky C = LLᵀ (`dpotrf`), then
    /// log N(x) = −½(n log 2π + log det C + ‖L⁻¹(x − m)‖²) and ∇ log N(x) = −C⁻¹(x − m) (`dpotrs`).
    struct DenseGaussian {
        let mean: [Double]
        let covariance: Matrix
        let cholesky: CholeskyFactorization

        init(mean: [Double], covariance: Matrix) throws {
            self.mean = mean
            self.covariance = covariance
            self.cholesky = try CholeskyFactorization(covariance)
        }

        func logDensity(_ x: [Double]) throws -> Double {
            let r = x - mean
            let solved = try cholesky.solve(r)
            return -0.5 * (Double(x.count) * log(2 * Double.pi) + cholesky.logDeterminant + r.dot(solved))
        }

        func score(_ x: [Double]) throws -> [Double] { (-1) * (try cholesky.solve(x - mean)) }
    }

    /// The noised component k of `mixture` at time t as a dense reference: N(sμ, s²Σ + γ²I), built from
    /// the dense covariance the user gave, not from the spectral form.
    static func denseNoisedComponent(_ gaussian: Gaussian, s: Double, gamma: Double) throws -> DenseGaussian {
        try DenseGaussian(mean: gaussian.mean.map { s * $0 },
                          covariance: ((s * s) * gaussian.covariance).addingToDiagonal(gamma * gamma))
    }

    /// Largest |aᵢⱼ − bᵢⱼ| / (1 + |bᵢⱼ|).
    static func relativeError(_ a: Matrix, _ b: Matrix) -> Double {
        var worst = 0.0
        for index in a.elements.indices {
            worst = max(worst, abs(a.elements[index] - b.elements[index]) / (1 + abs(b.elements[index])))
        }
        return worst
    }
}
