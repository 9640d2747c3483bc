/// What one cell of the reconstruction experiment's sweep yields — only the numbers its tables and
/// figures need (the sweep checkpoints it as JSON).
///
/// A cell is either a concentration cell (model × reverse dynamics × forward time t on the two-class
/// data) or a correlation cell (dynamics × t of the 1-D check of `E.reconstruction-correlation`).
enum ReconstructionCellResult: Codable, Sendable, Equatable {
    /// A concentration cell's statistics of the reconstructions x̂₀ of the N training samples.
    struct Concentration: Codable, Sendable, Equatable {
        /// tr Cov(x̂₀)/tr Cov(x₀).
        let varianceRatio: Double
        /// Fraction of x̂₀ farther than 2σ from the nearest component mean.
        let shell: Double
        /// Mean distance of x̂₀ to the nearest component mean.
        let distance: Double
        /// Test accuracy of a Gaussian discriminant fitted on x̂₀ labelled by their source's class.
        let accuracy: Double
    }

    /// A correlation cell's measurements on the 1-D pairs (x₀, x̂₀).
    struct Correlation: Codable, Sendable, Equatable {
        /// Pearson corr(x₀, x̂₀).
        let measured: Double
        /// Var(x̂₀) (total variance of the reconstructions).
        let variance: Double
    }

    case concentration(Concentration)
    case correlation(Correlation)

    /// The payload of a concentration cell, nil for a correlation cell.
    var concentration: Concentration? {
        if case .concentration(let value) = self { return value }
        return nil
    }

    /// The payload of a correlation cell, nil for a concentration cell.
    var correlation: Correlation? {
        if case .correlation(let value) = self { return value }
        return nil
    }
}
