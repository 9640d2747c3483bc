import Foundation
import Testing
import Diffusion
import Experiments

@Suite("reproducibility as a sweep")
struct ReproducibilityShardsTests {
    @Test("Sweeps: reproducibility writes the same bytes in memory, checkpointed, and as shards 1/2 and 2/2 merged")
    func shards() async throws {
        var settings = ReproducibilityExperiment.Settings(scale: .quick)
        settings.dimension = 8
        settings.rank = 2
        // Unsorted on purpose: the units are the sizes in ascending order.
        settings.trainingSizes = [24, 2, 8]
        settings.samples = 30
        settings.restarts = 2
        settings.sampler = try HeunEDMSampler(steps: 6)
        let runs = try await ShardedExperimentRun(shards: 2) { directory in
            try await ReproducibilityExperiment().run(in: directory, settings: settings, seed: 4) { _, _, _ in }
        }
        runs.expectSameBytes()
        // 3 sizes, round-robin: units 0 and 2 (N = 2, 24) in shard 1, unit 1 (N = 8) in shard 2.
        #expect(runs.shardUnits == ["shard-1-of-2.sizes.jsonl": 2, "shard-2-of-2.sizes.jsonl": 1])
        let json = try JSONSerialization.jsonObject(with: try #require(runs.merged["reproducibility.json"])) as! [String: Any]
        let sizes = (json["rows"] as! [[String: Any]]).map { ($0["N"] as! NSNumber).intValue }
        #expect(sizes == [2, 8, 24])
    }
}
