import LinearAlgebra

/// Entry point: the divergence between two mixtures, closed form where one exists, Monte Carlo otherwise.
public enum Divergence {
    /// Default Monte-Carlo sample size.
    public static let defaultSamples = 100_000

    /// The divergence `metric` from P to Q.
    /// - Parameters:
    ///   - samples: Monte-Carlo sample size when no closed form exists.
    ///   - seed: seed of the Monte-Carlo stream.
    public static func evaluate(_ metric: DivergenceMetric, from p: GaussianMixture, to q: GaussianMixture,
                                samples: Int = defaultSamples, seed: UInt64 = 0) throws -> DivergenceEstimate {
        // Placeholder until the divergence implementations land (this session).
        DivergenceEstimate(metric: metric, value: .nan, method: .closedForm)
    }
}
