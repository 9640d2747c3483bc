/// A failure reported by a LAPACK routine, naming the routine and its `info` code.
public struct LinearAlgebraError: Error, CustomStringConvertible, Equatable {
    /// The LAPACK routine, e.g. `dpotrf`.
    public let routine: String
    /// LAPACK's `info`: < 0 means argument −info was illegal; > 0 is routine-specific.
    public let info: Int32
    /// What the code means for this routine.
    public let reason: String

    public init(routine: String, info: Int32, reason: String) {
        self.routine = routine
        self.info = info
        self.reason = reason
    }

    public var description: String { "\(routine) failed (info = \(info)): \(reason)" }
}
