/// A divergence value with how it was obtained.
///
/// Printed by `closedform divergence` as
/// `{"metric": "kl", "value": …, "method": "closed-form" | "monte-carlo", "standardError": …}`.
public struct DivergenceEstimate: Sendable, Equatable {
    /// How the value was obtained.
    public enum Method: String, Sendable {
        case closedForm = "closed-form"
        case monteCarlo = "monte-carlo"
    }

    public let metric: DivergenceMetric
    /// The value; `+∞` where the divergence is infinite (see `note`).
    public let value: Double
    public let method: Method
    /// Standard error of a Monte-Carlo value; 0 for a closed form.
    public let standardError: Double
    /// Monte-Carlo sample size (0 for a closed form).
    public let samples: Int
    /// A short remark, e.g. why a value is infinite or which bias a Monte-Carlo W₂ carries.
    public let note: String?
    /// A guaranteed lower bound on the true value, where one is known in closed form (e.g. Gelbrich for W₂).
    public let lowerBound: Double?
    /// A guaranteed upper bound on the true value, where one is known in closed form (e.g. MW₂ for W₂).
    public let upperBound: Double?
    /// The tail diagnostics of an importance-sampled value (Pareto k̂, ESS); nil for other methods.
    public let diagnostics: ImportanceSamplingDiagnostics?

    /// False for an importance-sampled value flagged by its tail diagnostics (k̂ > 0.7): neither the value nor its
    /// standard error may decide anything (`ImportanceSamplingDiagnostics`).
    public var isReliable: Bool { diagnostics?.isReliable ?? true }

    public init(metric: DivergenceMetric, value: Double, method: Method, standardError: Double = 0,
                samples: Int = 0, note: String? = nil, lowerBound: Double? = nil, upperBound: Double? = nil,
                diagnostics: ImportanceSamplingDiagnostics? = nil) {
        self.metric = metric
        self.value = value
        self.method = method
        self.standardError = standardError
        self.samples = samples
        self.note = note
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.diagnostics = diagnostics
    }

    /// A copy with `upperBound` set (the other fields unchanged).
    func withUpperBound(_ upper: Double?) -> DivergenceEstimate {
        DivergenceEstimate(metric: metric, value: value, method: method, standardError: standardError,
                           samples: samples, note: note, lowerBound: lowerBound, upperBound: upper,
                           diagnostics: diagnostics)
    }
}
