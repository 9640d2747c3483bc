import Foundation
import Testing
import Diffusion
import Experiments

@Suite("reproducibility as a sweep")
struct ReproducibilityShardsTests {
    @Test("Sweeps: reproducibility writes the same bytes in memory, checkpointed, and as shards 1/2 and 2/2 merged (learned and closed-form units in one sweep)")
    func shards() async throws {
        var settings = TinyLearned.reproducibility(sizes: [4])
        // Unsorted on purpose: the units are the sizes in ascending order.
        settings.trainingSizes = [24, 2, 8]
        settings.samples = 30
        let runs = try await ShardedExperimentRun(shards: 2) { directory in
            try await ReproducibilityExperiment().run(in: directory, settings: settings, seed: 4) { _, _, _ in }
        }
        runs.expectSameBytes()
        // 1 learned size (unit 0), then 3 sizes (units 1–3: N = 2, 8, 24), round-robin: units 0 and 2 in
        // shard 1, units 1 and 3 in shard 2.
        #expect(runs.shardUnits == ["shard-1-of-2.sizes.jsonl": 2, "shard-2-of-2.sizes.jsonl": 2])
        #expect(runs.merged["learned.json"] != nil)
        let json = try JSONSerialization.jsonObject(with: try #require(runs.merged["reproducibility.json"])) as! [String: Any]
        let sizes = (json["rows"] as! [[String: Any]]).map { ($0["N"] as! NSNumber).intValue }
        #expect(sizes == [2, 8, 24])
    }
}
