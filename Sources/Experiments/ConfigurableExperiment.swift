import Reports

/// Settings of an experiment whose defaults depend only on the scale.
public protocol ScaledExperimentSettings: Sendable {
    /// The defaults at `scale`.
    init(scale: ExperimentScale)
}

/// A paper experiment that also runs with explicit settings (the CLI and the tests pass their own);
/// `reproduce` runs it with the scale's defaults.
public protocol ConfigurableExperiment: PaperExperiment {
    associatedtype Settings: ScaledExperimentSettings
    /// Runs with `settings`, writing into `directory`; returns the index's summary lines.
    func run(in directory: ReportDirectory, settings: Settings, seed: UInt64,
             progress: @escaping ProgressHandler) async throws -> [String]
}

extension ConfigurableExperiment {
    public func run(in directory: ReportDirectory, scale: ExperimentScale, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        try await run(in: directory, settings: Settings(scale: scale), seed: seed, progress: progress)
    }
}
