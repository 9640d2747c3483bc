import Foundation
import Testing
import PropertyBased
import PropertySupport
import GaussianMixtures
import LinearAlgebra
import RandomStreams

@Suite("Sampling from a mixture")
struct SamplingTests {
    @Test("sample mean and covariance match Σπ_kμ_k and Σπ_k(Σ_k + μ_kμ_kᵀ) − μμᵀ within 5 standard errors")
    func momentsMatch() async throws {
        await seededPropertyCheck(count: 12, input: Gen.int(in: 1...6), Gen.int(in: 1...4), Gen.int(in: 0...1_000_000)) { n, k, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let mixture = try RandomMixture().make(dimension: n, components: k, stream: stream)
            let count = 100_000
            let draws = mixture.sample(count: count, stream: stream)
            let mean = mixture.mean, covariance = mixture.covariance
            // Standard errors estimated from the draws themselves: sd of xᵢ, and sd of (xᵢ−mᵢ)(xⱼ−mⱼ), over √N.
            // 5 SE per entry; with ≤ 27 entries per case the chance of a false alarm is < 10⁻⁵.
            for i in 0..<n {
                let column = draws.column(i)
                let sampleMean = column.reduce(0, +) / Double(count)
                let sd = (column.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(count - 1)).squareRoot()
                #expect(abs(sampleMean - mean[i]) < 5 * sd / Double(count).squareRoot(), "mean[\(i)]")
                for j in 0...i {
                    let other = draws.column(j)
                    let products = (0..<count).map { (column[$0] - mean[i]) * (other[$0] - mean[j]) }
                    let average = products.reduce(0, +) / Double(count)
                    let spread = (products.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(count - 1)).squareRoot()
                    #expect(abs(average - covariance[i, j]) < 5 * spread / Double(count).squareRoot(), "cov[\(i),\(j)]")
                }
            }
        }
    }

    @Test("same stream seed gives the same draws, bit for bit")
    func deterministic() throws {
        let mixture = try RandomMixture().make(dimension: 5, components: 3, stream: RandomStream(seed: 3))
        #expect(mixture.sample(count: 500, stream: RandomStream(seed: 11)) == mixture.sample(count: 500, stream: RandomStream(seed: 11)))
    }
}
