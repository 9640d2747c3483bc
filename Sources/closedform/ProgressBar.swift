import Foundation

/// A progress bar on standard error for long runs: redrawn in place on a terminal, one line per 10 %
/// otherwise (so CI logs stay short). Thread-safe: the simulator may report from several workers.
///
/// While units are slow to finish the line still moves: after the first report, a timer redraws it every
/// `heartbeat` seconds on a terminal (every `logHeartbeat` seconds in a log) with the elapsed time, until
/// the last unit is done or the bar is released. The time left reads "estimating" until there is a rate
/// to extrapolate (`remainingText`).
final class ProgressBar: @unchecked Sendable {
    /// Seconds between redraws on a terminal when no unit finishes.
    static let heartbeat = 1.0
    /// Seconds between lines in a log (not a terminal) when no 10 % step is crossed.
    static let logHeartbeat = 60.0
    /// Elapsed seconds below which one finished unit is not taken as a rate (a first unit that was
    /// cached or trivially short would promise "~0s left").
    static let minimumEstimateSeconds = 2.0

    private let label: String
    private let total: Int
    private let started = Date()
    private let lock = NSLock()
    private var done = 0
    /// Whether any report has come: the timer stays quiet before (a bar whose work was skipped, say
    /// because a checkpoint held the result, prints nothing).
    private var reported = false
    private var lastDecile = -1
    private var lastDrawn = Date.distantPast
    private var detail = ""
    private let interactive = isatty(STDERR_FILENO) != 0
    private var timer: DispatchSourceTimer?

    init(label: String, total: Int) {
        self.label = label
        self.total = max(1, total)
        let interval = interactive ? Self.heartbeat : Self.logHeartbeat
        let timer = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.redrawIfQuiet(interval: interval) }
        timer.resume()
        self.timer = timer
    }

    deinit { timer?.cancel() }

    /// The time-left text for `done` of `total` units after `elapsed` seconds: "done" at the end,
    /// "estimating" until at least one unit is done and `minimumEstimateSeconds` have passed, otherwise
    /// "~Ns left" by linear extrapolation, elapsed·(total − done)/done.
    static func remainingText(done: Int, total: Int, elapsed: Double) -> String {
        if done >= total { return "done" }
        guard done > 0, elapsed >= minimumEstimateSeconds else { return "estimating" }
        let remaining = elapsed * Double(total - done) / Double(done)
        return String(format: "~%.0fs left", remaining)
    }

    /// Marks `count` more units done and redraws.
    func advance(by count: Int = 1) {
        lock.lock()
        defer { lock.unlock() }
        draw(min(total, done + count))
    }

    /// Sets the units done (ignored if it goes backwards, as reports from parallel workers may) and redraws,
    /// with `detail` (e.g. the current loss) after the counts.
    func update(done value: Int, detail: String? = nil) {
        lock.lock()
        defer { lock.unlock() }
        if let detail { self.detail = detail }
        if value > done { draw(min(total, value)) }
    }

    /// The timer's redraw: the same counts with the new elapsed time, if nothing was drawn for `interval`.
    private func redrawIfQuiet(interval: Double) {
        lock.lock()
        defer { lock.unlock() }
        guard done < total else {
            timer?.cancel()
            return
        }
        if reported, Date().timeIntervalSince(lastDrawn) >= interval * 0.9 { write(Date()) }
    }

    /// Records `value` units done and redraws when the line would change: at most every 0.1 s on a terminal
    /// (and at the end), once per 10 % otherwise. Reports can come hundreds of thousands of times per run
    /// (one per generation of every simulation), so nothing is formatted unless it is drawn. The caller
    /// holds the lock.
    private func draw(_ value: Int) {
        done = value
        reported = true
        let now = Date()
        if interactive {
            guard done == total || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        } else {
            let decile = Int(Double(done) / Double(total) * 10)
            guard decile != lastDecile else { return }
            lastDecile = decile
        }
        write(now)
    }

    /// Writes the line for the current counts. The caller holds the lock.
    private func write(_ now: Date) {
        lastDrawn = now
        let fraction = Double(done) / Double(total)
        let elapsed = now.timeIntervalSince(started)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = String(format: "%@ [%@] %d/%d  %.1fs elapsed, %@", label, bar, done, total, elapsed,
                          Self.remainingText(done: done, total: total, elapsed: elapsed))
            + (detail.isEmpty ? "" : "  " + detail)
        FileHandle.standardError.write(Data((interactive ? "\r\(text)\(done == total ? "\n" : "")" : "\(text)\n").utf8))
        if done == total { timer?.cancel() }
    }
}
