/// What one cell of the reconstruction experiment's sweep yields — only the numbers its tables and
/// figures need (the sweep checkpoints it as a JSON line, e.g. `{"concentration":{"accuracy":0.979,…}}`).
///
/// A cell is a concentration cell (model × reverse dynamics × forward time t on the two-class data), a
/// correlation cell (dynamics × t of the 1-D check of `E.reconstruction-correlation`), or a learned unit
/// (one trained MLP score: every dynamics × t, and its score error per t).
enum ReconstructionCellResult: Codable, Sendable, Equatable {
    /// Statistics of the reconstructions x̂₀ of the N training samples: tr Cov(x̂₀)/tr Cov(x₀), the fraction
    /// farther than 2σ from the nearest component mean, the mean distance to it, and the test accuracy of a
    /// Gaussian discriminant fitted on x̂₀ labelled by their source's class.
    typealias Concentration = (varianceRatio: Double, shell: Double, distance: Double, accuracy: Double)
    /// The 1-D pairs (x₀, x̂₀): Pearson corr(x₀, x̂₀) and Var(x̂₀).
    typealias Correlation = (measured: Double, variance: Double)

    case concentration(varianceRatio: Double, shell: Double, distance: Double, accuracy: Double)
    case correlation(measured: Double, variance: Double)
    case learned(ReconstructionExperiment.LearnedScoreResult)

    /// The numbers of a concentration cell, nil otherwise.
    var concentration: Concentration? {
        guard case let .concentration(varianceRatio, shell, distance, accuracy) = self else { return nil }
        return (varianceRatio, shell, distance, accuracy)
    }

    /// The numbers of a learned unit, nil otherwise.
    var learned: ReconstructionExperiment.LearnedScoreResult? {
        guard case let .learned(result) = self else { return nil }
        return result
    }

    /// The numbers of a correlation cell, nil otherwise.
    var correlation: Correlation? {
        guard case let .correlation(measured, variance) = self else { return nil }
        return (measured, variance)
    }
}
