import Synchronization

/// The sweep names already run under one `SweepContext`; a second sweep with a name in use is a programmer
/// error (it would resume from the first one's checkpoint).
final class SweepNames: Sendable {
    private let used = Mutex<Set<String>>([])

    /// Registers `name`; stops with the name when it was registered before.
    func claim(_ name: String) {
        let fresh = used.withLock { $0.insert(name).inserted }
        precondition(fresh, "Sweep: two sweeps named '\(name)' in one experiment would share a checkpoint; name them apart")
    }
}
