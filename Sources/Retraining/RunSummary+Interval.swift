import Foundation
import CNumerics

extension RunSummary {
    /// Confidence level of every interval.
    public static let confidence = 0.95

    /// The mean over runs and its 95 % Student-t interval (see the type).
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "RunSummary: no values")
        let infinite = values.filter { $0 == .infinity }.count
        let count = values.count
        let mean = values.reduce(0, +) / Double(count)
        guard count > 1, infinite == 0, mean.isFinite else {
            self.init(mean: mean, lower: nil, upper: nil, standardDeviation: nil, runs: count, infiniteRuns: infinite)
            return
        }
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)).squareRoot()
        let half = RunSummary.tQuantile(degreesOfFreedom: count - 1) * deviation / Double(count).squareRoot()
        self.init(mean: mean, lower: mean - half, upper: mean + half, standardDeviation: deviation,
                  runs: count, infiniteRuns: infinite)
    }

    /// t_{(1+c)/2, ν}, the two-sided quantile of Student's t with ν degrees of freedom (`gsl_cdf_tdist_Pinv`).
    public static func tQuantile(degreesOfFreedom nu: Int) -> Double {
        gsl_cdf_tdist_Pinv(0.5 + confidence / 2, Double(nu))
    }
}

extension OneRoundSummary {
    /// The summaries over runs of one round's `OneRoundDivergences` (one per run, in run order).
    init(_ rounds: [OneRoundDivergences]) {
        let undecided = rounds.filter { $0.chiSquared.isNaN }.count
        self.init(chiSquared: RunSummary(rounds.map(\.chiSquared)),
                  chiSquaredNote: rounds.first { !$0.chiSquared.isFinite }?.chiSquaredNote,
                  undecidedRuns: undecided, kl: RunSummary(rounds.map(\.kl)),
                  klAtStart: RunSummary(rounds.map(\.klAtStart)), terminalKL: RunSummary(rounds.map(\.terminalKL)))
    }
}
