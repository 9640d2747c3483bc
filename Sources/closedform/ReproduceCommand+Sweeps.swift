import ClosedForm
import Foundation

extension ReproduceCommand {
    /// Runs `body` (one experiment) with its sweeps checkpointed in `directory`, sliced to `shard`, or read
    /// from the `--merge-from` shard directories; returns its index lines, or nil when a shard run stopped
    /// after its slice. The resume checkpoints are deleted once the experiment has written every file.
    func runSweeps(of experiment: any PaperExperiment, in directory: ReportDirectory, scale: ExperimentScale,
                   shard: ShardSelection?, run body: () async throws -> [String]) async throws -> [String]? {
        let fingerprint = "experiment=\(experiment.name) scale=\(scale.rawValue) seed=\(seed) version=\(RunProvenance.toolVersion)"
        let context = SweepContext(directory: directory.path, fingerprint: fingerprint, shard: shard,
                                   mergeSources: mergeFrom.map { $0 + "/" + experiment.name })
        for (file, units) in Sweep.checkpoints(in: directory.path) {
            print("reproduce: \(experiment.name): resuming from \(file) (\(units) units already done)")
        }
        do {
            let lines = try await SweepContext.$current.withValue(context) { try await body() }
            Sweep.removeCheckpoints(in: directory.path)
            return lines
        } catch let finished as SweepShardFinished {
            print("reproduce: \(experiment.name): \(finished)")
            return nil
        }
    }
}
