import Foundation
import InputErrors

/// The decreasing times T = t_0 > t_1 > … > t_K = t_min at which a reverse-time sampler evaluates the score,
/// stopping early at t_min ≥ 0 (the early-stopping time t₀ of [B]; e.g. T = 4 → 0.02 for `ou`).
///
/// ```
/// uniform:      t_k = T − (k/K)(T − t_min)
/// logUniform:   t_k = T·(t_min/T)^{k/K}      (t_min > 0; denser near t_min, where the score varies fastest)
/// ```
/// Both endpoints are stored exactly. Step k goes from t_k to t_{k+1} with step size Δ_k = t_k − t_{k+1} > 0.
public struct TimeGrid: Sendable, Equatable {
    /// How the times are spread between T and t_min.
    public enum Spacing: String, CaseIterable, Sendable {
        case uniform, logUniform
    }

    /// The schedule the times were validated against.
    public let schedule: NoiseSchedule
    /// t_0 = T > t_1 > … > t_K = t_min.
    public let times: [Double]

    /// K steps from `start` T down to `end` t_min.
    /// - Parameters:
    ///   - start: T, a valid time of `schedule` (`vp`: T ≤ 1; `cosine`: T < 1).
    ///   - end: t_min with 0 ≤ t_min < T (> 0 for `logUniform`).
    ///   - steps: K ≥ 1.
    /// - Throws: `InputError` naming `start`, `end` or `steps` with the value.
    public init(schedule: NoiseSchedule, start: Double, end: Double, steps: Int, spacing: Spacing = .uniform) throws {
        guard steps >= 1 else {
            throw InputError(source: "", field: "steps", reason: "\(steps) must be at least 1")
        }
        try TimeGrid.validate(start, field: "start", schedule: schedule)
        try TimeGrid.validate(end, field: "end", schedule: schedule)
        guard end < start else {
            throw InputError(source: "", field: "end", reason: "\(end) must be below the start time \(start)")
        }
        if spacing == .logUniform, !(end > 0) {
            throw InputError(source: "", field: "end", reason: "\(end) must be positive for a log-uniform grid; use a uniform grid to reach 0")
        }
        let k = Double(steps)
        var times = (0...steps).map { index -> Double in
            let fraction = Double(index) / k
            switch spacing {
            case .uniform: return start - fraction * (start - end)
            case .logUniform: return exp(log(start) + fraction * (log(end) - log(start)))
            }
        }
        times[0] = start
        times[steps] = end
        try self.init(schedule: schedule, times: times)
    }

    /// An explicit grid.
    /// - Throws: `InputError` naming `times` unless there are at least two, every one is a valid time of
    ///   `schedule`, and they strictly decrease.
    public init(schedule: NoiseSchedule, times: [Double]) throws {
        guard times.count >= 2 else {
            throw InputError(source: "", field: "times", reason: "has \(times.count) entries; a grid needs at least 2")
        }
        for (index, time) in times.enumerated() {
            try TimeGrid.validate(time, field: "times[\(index)]", schedule: schedule)
            if index > 0, !(time < times[index - 1]) {
                throw InputError(source: "", field: "times[\(index)]",
                                 reason: "\(time) does not decrease from the previous time \(times[index - 1])")
            }
        }
        self.schedule = schedule
        self.times = times
    }

    /// K, the number of steps.
    public var steps: Int { times.count - 1 }
    /// T.
    public var start: Double { times[0] }
    /// t_min.
    public var end: Double { times[times.count - 1] }

    private static func validate(_ time: Double, field: String, schedule: NoiseSchedule) throws {
        do {
            try schedule.validate(time: time)
        } catch let error as InputError {
            throw InputError(source: "", field: field, reason: error.reason + " (\(schedule.rawValue) schedule)")
        }
    }
}
