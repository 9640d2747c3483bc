import InputErrors

/// The density requirement shared by KL and χ²: both are integrals of p/q, so both laws must have densities.
///
/// A component with no density (rank r < n and noise floor δ² = 0) is concentrated on an affine subspace
/// of Lebesgue measure zero. If P has such a component and every component of Q has a density, then P
/// is not absolutely continuous with respect to Q, and KL(P‖Q) = χ²(P‖Q) = +∞ exactly (der). If Q has
/// such a component the value depends on how the supports meet; that case is rejected as input.
enum AbsoluteContinuity {
    /// nil when both laws have densities; a closed-form +∞ (with the reason in `note`) when only P lacks one.
    /// - Throws: `InputError` with source `--to` naming Q's first component without a density.
    static func check(_ metric: DivergenceMetric, from p: GaussianMixture, to q: GaussianMixture) throws -> DivergenceEstimate? {
        do {
            try q.requireDensity()
        } catch let error as InputError {
            throw InputError(source: "--to", field: error.field,
                             reason: error.reason + "; \(metric.rawValue) needs a density for the second law")
        }
        guard let index = p.components.firstIndex(where: { !$0.spectrum.isPositiveDefinite }) else { return nil }
        let spectrum = p.components[index].spectrum
        return DivergenceEstimate(
            metric: metric, value: .infinity, method: .closedForm,
            note: "P is not absolutely continuous w.r.t. Q: P's component \(index) has no density (rank \(spectrum.rank) < dimension \(spectrum.dimension), noise 0) while Q has a density")
    }

    /// Throws `InputError` (source `--to`) unless both laws have the same dimension.
    static func requireSameDimension(_ p: GaussianMixture, _ q: GaussianMixture) throws {
        guard p.dimension == q.dimension else {
            throw InputError(source: "--to", field: "dimension",
                             reason: "is \(q.dimension), but the first law has dimension \(p.dimension); both must match")
        }
    }
}
