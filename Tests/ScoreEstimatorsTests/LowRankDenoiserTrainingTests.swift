import Foundation
import Testing
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import InputErrors
import RandomStreams

@Suite("C.training-is-clustering: training the low-rank denoiser's bases (analytic gradient, retraction)")
struct LowRankDenoiserTrainingTests {
    /// A small problem: N points of a random MoLRG with a little noise, and K Haar-random bases.
    static func problem(n: Int, k: Int, d: Int, count: Int, seed: UInt64) throws -> (points: Matrix, bases: [Matrix]) {
        let stream = RandomStream(seed: seed)
        let truth = try LowRankMixture.orthogonalSubspaces(dimension: n, components: k, rank: d, stream: stream)
        let points = truth.gaussianMixture.sample(count: count, stream: stream) + 0.05 * Matrix.gaussian(rows: count, columns: n, stream: stream)
        let bases = try (0..<k).map { _ in try Matrix.randomOrthonormal(rows: n, columns: d, stream: stream) }
        return (points, bases)
    }

    @Test("C.training-is-clustering: the analytic gradient of the denoising loss equals central finite differences (K = 1, 2, 3; t from 0.15 to 2)")
    func gradientMatchesFiniteDifferences() throws {
        for (seed, (k, t)) in [(1, 0.5), (2, 0.5), (3, 0.15), (2, 2.0), (3, 1.0)].enumerated() {
            let (points, bases) = try Self.problem(n: 6, k: k, d: 2, count: 7, seed: UInt64(seed))
            let trainer = try LowRankDenoiserTraining(subspaces: k, dimension: 2, times: [t, 1.5 * t], draws: 2)
            let batch = trainer.batch(points, stream: RandomStream(seed: 100 + UInt64(seed)))
            let (_, gradients) = trainer.lossAndGradient(bases, batch: batch)
            // Central differences: truncation h²/6·|∂³L| with |∂³L| growing like β³ (β = 1/(2t²(1+t²)) ≈ 22 at
            // t = 0.15), so ≲ 10⁻¹⁰·10⁴ = 10⁻⁶ at h = 10⁻⁵ in the worst case here; rounding ε·|L|/h ≈ 10⁻¹¹.
            // Tolerance 10⁻⁵·(1 + max|G|): an order above the worst case, far below a wrong term (O(|G|)).
            let h = 1e-5
            let scale = gradients.map { $0.elements.map(abs).max()! }.max()!
            for component in 0..<k {
                for index in bases[component].elements.indices {
                    var plus = bases, minus = bases
                    plus[component].elements[index] += h
                    minus[component].elements[index] -= h
                    let difference = (trainer.lossAndGradient(plus, batch: batch).loss - trainer.lossAndGradient(minus, batch: batch).loss) / (2 * h)
                    #expect(abs(difference - gradients[component].elements[index]) <= 1e-5 * (1 + scale),
                            "seed \(seed) K \(k) t \(t) U_\(component)[\(index)]: FD \(difference) vs \(gradients[component].elements[index])")
                }
            }
        }
    }

    @Test("C.molrg-denoiser: the trainer's loss is the mean of ‖x − D(x + tg)‖² with D = LowRankMixture.posteriorMean (independent forward pass)")
    func lossMatchesClosedFormDenoiser() throws {
        let (points, bases) = try Self.problem(n: 7, k: 3, d: 2, count: 9, seed: 4)
        let trainer = try LowRankDenoiserTraining(subspaces: 3, dimension: 2, times: [0.2, 0.7], draws: 3)
        let batch = trainer.batch(points, stream: RandomStream(seed: 5))
        let model = try LowRankMixture(bases: bases)
        var reference = 0.0
        for (t, noisy) in zip(batch.times, batch.noisy) {
            let denoised = try model.posteriorMean(noisy, schedule: .ve, time: t)
            for row in 0..<noisy.rows {
                reference += (denoised.row(row) - points.row(row % points.rows)).reduce(0) { $0 + $1 * $1 }
            }
        }
        reference /= Double(batch.times.count * batch.noisy[0].rows)
        let loss = trainer.lossAndGradient(bases, batch: batch).loss
        // Two summation orders of O(10²) terms of size O(1): agreement to ~10⁻¹³ relative.
        #expect(abs(loss - reference) <= 1e-11 * reference, "\(loss) vs \(reference)")
    }

    @Test("C.training-is-clustering: training never increases the loss, keeps UᵀU = I, and on well-separated data recovers the subspaces")
    func trainingDescendsAndRecovers() throws {
        let stream = RandomStream(seed: 9)
        let truth = try LowRankMixture.orthogonalSubspaces(dimension: 6, components: 2, rank: 2, stream: stream)
        let points = truth.gaussianMixture.sample(count: 40, stream: stream)
        let trainer = try LowRankDenoiserTraining(subspaces: 2, dimension: 2, times: [0.1], draws: 2, iterations: 600)
        let batch = trainer.batch(points, stream: stream.substream(1))
        // Start from a perturbation of the truth (≈ 0.3 away): the basin of the optimum.
        let initial = try truth.bases.map { try LowRankDenoiserTraining.polarRetraction($0 + 0.2 * Matrix.gaussian(rows: 6, columns: 2, stream: stream)) }
        let result = try trainer.train(batch: batch, from: initial)
        #expect(zip(result.lossHistory, result.lossHistory.dropFirst()).allSatisfy { $1 <= $0 })
        // The objective is recorded at the same steps, from the same bases: its last value is the returned
        // bases' hard-assignment objective (same function, same arguments: equal bits).
        #expect(result.objectiveHistory.count == result.lossHistory.count)
        #expect(result.objectiveHistory.last == LowRankDenoiserTraining.hardAssignment(points, bases: result.bases).objective)
        #expect(result.objectiveHistory.first == LowRankDenoiserTraining.hardAssignment(points, bases: initial).objective)
        for basis in result.bases {
            #expect(basis.gram.maxAbsoluteDifference(Matrix.identity(2)) < 1e-12)
        }
        let distances = result.bases.map { found in truth.bases.map { LowRankDenoiserTrainingTests.distance(found, $0) }.min()! }
        // Noiseless data: the fixed noise draws move the minimiser off the truth by about t/√(N·M) ≈ 0.01.
        #expect(distances.max()! < 0.05, "\(distances)")
    }

    @Test("C.training-is-clustering: the polar retraction is orthonormal and fixes orthonormal matrices")
    func polarRetraction() throws {
        let stream = RandomStream(seed: 3)
        let a = Matrix.gaussian(rows: 7, columns: 3, stream: stream)
        let q = try LowRankDenoiserTraining.polarRetraction(a)
        #expect(q.gram.maxAbsoluteDifference(Matrix.identity(3)) < 1e-13)
        #expect(try LowRankDenoiserTraining.polarRetraction(q).maxAbsoluteDifference(q) < 1e-13)
    }

    @Test("C.training-is-clustering: invalid trainer settings throw an InputError naming the field and value")
    func invalidSettings() {
        let cases: [(() throws -> LowRankDenoiserTraining, String)] = [
            ({ try LowRankDenoiserTraining(subspaces: 0, dimension: 2) }, "subspaces"),
            ({ try LowRankDenoiserTraining(subspaces: 2, dimension: 2, draws: 0) }, "draws"),
            ({ try LowRankDenoiserTraining(subspaces: 2, dimension: 2, times: []) }, "times"),
            ({ try LowRankDenoiserTraining(subspaces: 2, dimension: 2, times: [0.1, -1]) }, "times"),
            ({ try LowRankDenoiserTraining(subspaces: 2, dimension: 2, learningRate: .infinity) }, "learningRate"),
        ]
        for (make, field) in cases {
            #expect(throws: InputError.self) { try make() }
            do { _ = try make() } catch let error as InputError { #expect(error.field == field, "\(error)") } catch { Issue.record("\(error)") }
        }
    }

    /// ‖AAᵀ − BBᵀ‖_F.
    static func distance(_ a: Matrix, _ b: Matrix) -> Double {
        (Matrix.product(a, a, transposeB: true) - Matrix.product(b, b, transposeB: true)).frobeniusNorm
    }
}
