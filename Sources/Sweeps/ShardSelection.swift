import InputErrors

/// One slice of a sweep, `--shard i/n` (1 ≤ i ≤ n): the units u with u mod n = i − 1.
///
/// Round-robin slicing gives every shard a mix of cheap and expensive units when cost grows along the grid
/// (larger N, more generations), so shards of one sweep take similar times.
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    /// i, 1-based.
    public let index: Int
    /// n ≥ 1.
    public let count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "ShardSelection: \(index)/\(count)")
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    /// - Throws: `InputError` naming `--shard` and the text unless 1 ≤ i ≤ n.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw InputError(source: "--shard", field: "", reason: "'\(text)' is not i/n with 1 ≤ i ≤ n (e.g. 2/8)")
        }
        self.init(index: i, count: n)
    }

    /// Whether unit `unit` belongs to this shard.
    public func contains(_ unit: Int) -> Bool { unit % count == index - 1 }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }

    /// The file-name form `shard-i-of-n`.
    public var fileTag: String { "shard-\(index)-of-\(count)" }
}
