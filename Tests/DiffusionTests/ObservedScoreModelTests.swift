import Diffusion
import GaussianMixtures
import LinearAlgebra
import Synchronization
import Testing
import RandomStreams

@Suite("Observed score model (progress of long sampler runs)")
struct ObservedScoreModelTests {
    @Test("Observing a score model changes no bit of any sampler's output and counts its score calls (K per Euler-type run, 2K − 1 for Heun ending at 0)")
    func sameBitsAndCounts() throws {
        let data = try RandomMixture().make(dimension: 3, components: 2, stream: RandomStream(seed: 11))
        let model = ExactMixtureScore(data: data, schedule: .vp)
        let grid = try TimeGrid(schedule: .vp, start: 1, end: 0, steps: 12)
        let initial = try ReverseDiffusionPrior.priorSamples(count: 40, dimension: 3, schedule: .vp, time: 1,
                                                             stream: RandomStream(seed: 3))
        let samplers: [(any ReverseTimeSampler, Int)] = [
            (ProbabilityFlowEulerSampler(), 12), (DDIMSampler(), 12), (DDPMAncestralSampler(), 12), (HeunSampler(), 23),
        ]
        for (sampler, expectedCalls) in samplers {
            let calls = Atomic<Int>(0)
            let observed = ObservedScoreModel(model) { calls.add(1, ordering: .relaxed) }
            let plain = try sampler.run(model, from: initial, grid: grid, noise: RandomStream(seed: 9))
            let watched = try sampler.run(observed, from: initial, grid: grid, noise: RandomStream(seed: 9))
            #expect(plain.elements == watched.elements, "\(sampler.name)")
            #expect(calls.load(ordering: .relaxed) == expectedCalls, "\(sampler.name)")
        }
    }
}
