/// Thrown by `Sweep.run` in a shard run once the shard's units are all checkpointed: the experiment stops
/// there (its tables need every unit) and `closedform merge` assembles them from all shards.
public struct SweepShardFinished: Error, CustomStringConvertible, Sendable {
    /// The sweep's name.
    public let sweep: String
    /// The shard.
    public let shard: ShardSelection
    /// Units of this shard, and units of the whole sweep.
    public let units: Int, total: Int
    /// The shard file holding them.
    public let file: String

    public var description: String {
        "shard \(shard) of sweep '\(sweep)': \(units) of \(total) units in \(file)"
    }
}
