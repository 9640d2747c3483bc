extension ReproducibilityExperiment {
    /// What one training-set size N measures: one unit of the experiment's `sizes` sweep, checkpointed as
    /// JSON (doubles in shortest round-trip form, so a reloaded unit is bit for bit the computed one).
    struct SizeResult: Codable, Sendable, Equatable {
        /// N.
        let n: Int
        /// The values of the `metricNames` columns, in that order (RP ×3, GL ×4).
        let values: [Double]
        /// max_k ‖Û_kÛ_kᵀ − U_kU_kᵀ‖_F of the low-rank fit, best matching.
        let subspaceError: Double
    }
}
