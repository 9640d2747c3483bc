import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams

@Suite("Gaussian maximum-likelihood fit")
struct GaussianMaximumLikelihoodTests {
    /// N(μ, Σ) in dimension 3 with correlated coordinates.
    static let truth = (mean: [1.0, -2.0, 0.5],
                        covariance: Matrix(rowArrays: [[2.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 0.5]]))

    @Test("μ̂ and Σ̂ recover a known law within 5 Monte-Carlo standard errors (N = 20 000, 4 seeds)", arguments: [1, 2, 3, 4])
    func recoversMoments(seed: Int) throws {
        let law = GaussianMixture(try Gaussian(mean: Self.truth.mean, covariance: Self.truth.covariance))
        let count = 20_000
        let samples = law.sample(count: count, stream: RandomStream(seed: UInt64(seed)))
        let fitted = try GaussianMaximumLikelihood().fit(samples, schedule: .ou)
        let sigma = Self.truth.covariance, n = 3
        for i in 0..<n {
            // SE(μ̂_i) = √(Σ_ii/N).
            let meanError = (sigma[i, i] / Double(count)).squareRoot()
            #expect(abs(fitted.mean[i] - Self.truth.mean[i]) <= 5 * meanError, "seed \(seed) mean[\(i)]")
            for j in 0..<n {
                // For Gaussian data SE(Σ̂_ij) = √((Σ_ii Σ_jj + Σ_ij²)/N); the MLE's bias −Σ_ij/N is far below it.
                let covarianceError = ((sigma[i, i] * sigma[j, j] + sigma[i, j] * sigma[i, j]) / Double(count)).squareRoot()
                #expect(abs(fitted.covariance[i, j] - sigma[i, j]) <= 5 * covarianceError, "seed \(seed) covariance[\(i)][\(j)]")
            }
        }
        #expect(fitted.law?.count == 1)
    }

    @Test("Biased / unbiased Σ̂ = (N−1)/N to rounding; same μ̂ bits; score is the exact score of N(μ̂, Σ̂)")
    func conventionsDifferByTheFactor() throws {
        let samples = Matrix.gaussian(rows: 7, columns: 3, stream: RandomStream(seed: 11))
        let biased = try GaussianMaximumLikelihood(convention: .biased).fit(samples, schedule: .vp)
        let unbiased = try GaussianMaximumLikelihood(convention: .unbiased).fit(samples, schedule: .vp)
        #expect(biased.mean == unbiased.mean)
        for index in biased.covariance.elements.indices {
            let ratio = biased.covariance.elements[index] / unbiased.covariance.elements[index]
            // Each entry is the same Gram entry divided by 7 or by 6: the ratio errs by at most ~3 ulps.
            #expect(abs(ratio - 6.0 / 7.0) <= 4 * Double.ulpOfOne, "entry \(index): \(ratio)")
        }
        #expect(GaussianMaximumLikelihood(convention: .biased).name == "gaussian-mle")
        #expect(GaussianMaximumLikelihood(convention: .unbiased).name == "gaussian-unbiased")
        let points = Matrix.gaussian(rows: 5, columns: 3, stream: RandomStream(seed: 12))
        let reference = try ExactMixtureScore(data: GaussianMixture(biased.gaussian), schedule: .vp).score(points, time: 0.4)
        #expect(try biased.score(points, time: 0.4) == reference)
    }

    @Test("Too few rows, a singular Σ̂ and non-finite samples throw InputError naming samples")
    func badInputs() throws {
        let rule = GaussianMaximumLikelihood()
        #expect(throws: InputError(source: "", field: "samples",
                                   reason: "3 rows for dimension 5; need at least 6 (dimension + 1) for a non-singular covariance")) {
            try rule.fit(Matrix(rows: 3, columns: 5), schedule: .ou)
        }
        // Four points on a line in ℝ²: Σ̂ has rank 1.
        let collinear = Matrix(rowArrays: [[0, 0], [1, 2], [2, 4], [3, 6]])
        do {
            _ = try rule.fit(collinear, schedule: .ou)
            Issue.record("collinear samples were accepted")
        } catch let error as InputError {
            #expect(error.field == "samples")
            #expect(error.reason.contains("singular"))
        }
        #expect(throws: InputError.self) { try rule.fit(Matrix(rowArrays: [[0, 1], [1, .infinity], [2, 0]]), schedule: .ou) }
        #expect(throws: InputError.self) { try rule.fit(Matrix(rows: 4, columns: 0), schedule: .ou) }
    }
}
