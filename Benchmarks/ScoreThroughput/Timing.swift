import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timings of repeated runs, summarised as best (minimum) and median.
struct Timings {
    /// Wall-clock seconds per run, in the order run.
    var seconds: [Double] = []
    /// CPU seconds (all threads of the process) per run. On a machine busy with other work, wall time
    /// grows while CPU time does not, so CPU time / wall time shows how many cores the run actually got.
    var cpuSeconds: [Double] = []

    /// CPU seconds of the run with the best wall time.
    var cpuOfBest: Double {
        guard let index = seconds.indices.min(by: { seconds[$0] < seconds[$1] }) else { return .nan }
        return cpuSeconds[index]
    }

    var best: Double { seconds.min() ?? .nan }

    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
    }

    /// Runs `body` `runs` times (after `warmup` untimed runs) and records each run's wall time.
    static func measure(runs: Int, warmup: Int = 1, _ body: () -> Void) -> Timings {
        for _ in 0..<warmup { body() }
        var timings = Timings()
        for _ in 0..<runs {
            let cpuStart = processCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let end = DispatchTime.now().uptimeNanoseconds
            timings.cpuSeconds.append(processCPUSeconds() - cpuStart)
            timings.seconds.append(Double(end - start) * 1e-9)
        }
        return timings
    }
}

/// CPU time consumed so far by all threads of this process.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Keeps a computed value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Fixed-width formatting without Foundation's locale machinery.
func format(_ value: Double, digits: Int = 2) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if text.contains("e") { return text }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    if digits == 0 { return String(parts[0]) }
    text = String(parts[0]) + "." + fraction.padding(toLength: digits, withPad: "0", startingAt: 0)
    return text
}
