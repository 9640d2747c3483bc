import Foundation
import Testing
import LinearAlgebra

@Suite("Log-sum-exp")
struct LogSumExpTests {
    @Test("log-sum-exp equals log Σ exp for moderate inputs and does not overflow at ±1000")
    func logSumExpStable() {
        let values = [0.3, -1.2, 2.5]
        #expect(abs(logSumExp(values) - log(values.map(exp).reduce(0, +))) < 1e-15 * 4)
        #expect(abs(logSumExp([1000, 1000]) - (1000 + log(2))) < 1e-12)
        #expect(logSumExp([-Double.infinity, -Double.infinity]) == -Double.infinity)
    }
}
