import Foundation

/// A progress bar on standard error for long runs: redrawn in place on a terminal, one line per 10 %
/// otherwise (so CI logs stay short). Thread-safe: the simulator may report from several workers.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let started = Date()
    private let lock = NSLock()
    private var done = 0
    private var lastDecile = -1
    private var lastDrawn = Date.distantPast
    private var detail = ""
    private let interactive = isatty(STDERR_FILENO) != 0

    init(label: String, total: Int) {
        self.label = label
        self.total = max(1, total)
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

    /// Records `value` units done and redraws when the line would change: at most every 0.1 s on a terminal
    /// (and at the end), once per 10 % otherwise. Reports can come hundreds of thousands of times per run
    /// (one per generation of every simulation), so nothing is formatted unless it is drawn. The caller
    /// holds the lock.
    private func draw(_ value: Int) {
        done = value
        let fraction = Double(done) / Double(total)
        let now = Date()
        if interactive {
            guard done == total || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
            lastDrawn = now
        } else {
            let decile = Int(fraction * 10)
            guard decile != lastDecile else { return }
            lastDecile = decile
        }
        let elapsed = now.timeIntervalSince(started)
        let remaining = done > 0 ? elapsed * (1 - fraction) / fraction : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let text = String(format: "%@ [%@] %d/%d  %.1fs elapsed, ~%.0fs left", label, bar, done, total, elapsed, remaining)
            + (detail.isEmpty ? "" : "  " + detail)
        FileHandle.standardError.write(Data((interactive ? "\r\(text)\(done == total ? "\n" : "")" : "\(text)\n").utf8))
    }
}
