import Testing
@testable import closedform

@Suite("Progress bar: the time-left text")
struct ProgressBarTests {
    @Test("'estimating' before any unit is done or before the minimum time, never '~0s left' at the start")
    func estimatingUntilARateExists() {
        #expect(ProgressBar.remainingText(done: 0, total: 1260, elapsed: 150) == "estimating")
        #expect(ProgressBar.remainingText(done: 1, total: 1260, elapsed: 0) == "estimating")
        #expect(ProgressBar.remainingText(done: 1, total: 1260, elapsed: ProgressBar.minimumEstimateSeconds / 2) == "estimating")
    }

    @Test("linear extrapolation once a unit is done after the minimum time; 'done' at the end")
    func extrapolates() {
        #expect(ProgressBar.remainingText(done: 1, total: 1260, elapsed: 10) == "~12590s left")
        #expect(ProgressBar.remainingText(done: 630, total: 1260, elapsed: 30) == "~30s left")
        #expect(ProgressBar.remainingText(done: 1260, total: 1260, elapsed: 0.5) == "done")
    }
}
