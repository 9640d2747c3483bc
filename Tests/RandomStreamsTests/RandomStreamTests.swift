import Foundation
import Testing
import RandomStreams

@Suite("Seeded random streams")
struct RandomStreamTests {
    @Test("same seed, same bits; different seeds and substreams differ")
    func determinism() {
        let a = RandomStream(seed: 42).gaussians(1000)
        let b = RandomStream(seed: 42).gaussians(1000)
        #expect(a == b)
        #expect(a != RandomStream(seed: 43).gaussians(1000))
        let parent = RandomStream(seed: 42)
        #expect(parent.substream(3).gaussians(10) == RandomStream(seed: 42).substream(3).gaussians(10))
        #expect(parent.substream(3).gaussians(10) != parent.substream(4).gaussians(10))
    }

    @Test("standard normals have mean 0 and variance 1 within 5 standard errors (N = 10⁶)")
    func normalMoments() {
        let n = 1_000_000
        let values = RandomStream(seed: 1).gaussians(n)
        let mean = values.reduce(0, +) / Double(n)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // SE of the mean is 1/√N = 10⁻³; SE of the variance is √(2/N) ≈ 1.4·10⁻³.
        #expect(abs(mean) < 5e-3)
        #expect(abs(variance - 1) < 5 * (2.0 / Double(n)).squareRoot())
    }

    @Test("categorical draws follow the weights within 5 standard errors")
    func categorical() {
        let stream = RandomStream(seed: 9)
        let weights = [0.1, 0.6, 0.3], cumulative = [0.1, 0.7, 1.0]
        let n = 200_000
        var counts = [0, 0, 0]
        for _ in 0..<n { counts[stream.categorical(cumulativeWeights: cumulative)] += 1 }
        for k in 0..<3 {
            let standardError = (weights[k] * (1 - weights[k]) / Double(n)).squareRoot()
            #expect(abs(Double(counts[k]) / Double(n) - weights[k]) < 5 * standardError)
        }
    }
}
