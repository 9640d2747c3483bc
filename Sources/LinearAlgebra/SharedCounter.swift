import Synchronization

/// A counter shared by concurrent workers: `claim()` hands out 0, 1, 2, … (each value once), `increment()`
/// counts events and returns the new total.
public final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    /// The next unclaimed index.
    public func claim() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// Adds one and returns the new count.
    public func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
