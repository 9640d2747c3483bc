/// How the sweeps of the experiment being run are executed: where finished units are checkpointed, which
/// shard runs, and which shard directories a merge reads. Set by `closedform reproduce`/`merge` around an
/// experiment with `SweepContext.$current.withValue(…)`; `nil` (library use, tests) runs every unit in
/// memory with no files.
public struct SweepContext: Sendable {
    /// The current context of this task.
    @TaskLocal public static var current: SweepContext?

    /// The experiment's output directory: checkpoints and shard files go here.
    public var directory: String
    /// What makes two runs the same computation (experiment, scale, seed, version); stored in every
    /// checkpoint header, and a checkpoint with another fingerprint is refused.
    public var fingerprint: String
    /// The slice this process computes; nil for the whole sweep.
    public var shard: ShardSelection?
    /// Experiment directories of finished shard runs whose units a merge joins; empty unless merging.
    public var mergeSources: [String]

    /// The sweep names run under this context: two sweeps of one experiment must not share a checkpoint.
    let names = SweepNames()

    public init(directory: String, fingerprint: String, shard: ShardSelection? = nil, mergeSources: [String] = []) {
        precondition(shard == nil || mergeSources.isEmpty, "SweepContext: a run is either a shard or a merge")
        self.directory = directory
        self.fingerprint = fingerprint
        self.shard = shard
        self.mergeSources = mergeSources
    }
}
