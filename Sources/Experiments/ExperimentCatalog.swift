import InputErrors

/// Every experiment `closedform reproduce` knows, by name.
public enum ExperimentCatalog {
    /// In the order `reproduce all` runs them.
    public static let all: [any PaperExperiment] = [
        RetrainingRegimesExperiment(), StabilityGaussianExperiment(), RetrainingGMMExperiment(), ReconstructionExperiment(), ReproducibilityExperiment(),
        SubspacePhaseTransitionExperiment(), TrainingIsClusteringExperiment(),
    ]

    /// The experiment called `name`.
    /// - Throws: `InputError` naming the experiment and listing the valid names.
    public static func experiment(named name: String) throws -> any PaperExperiment {
        guard let experiment = all.first(where: { $0.name == name }) else {
            throw InputError(source: "reproduce", field: "experiment",
                             reason: "unknown experiment '\(name)'; expected all, closed-forms or one of \(all.map(\.name).joined(separator: ", "))")
        }
        return experiment
    }
}
