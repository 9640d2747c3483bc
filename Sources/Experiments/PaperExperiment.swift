import Reports

/// How large an experiment runs: `quick` reproduces the shape of a claim on a laptop in minutes, `paper`
/// uses the paper's own sizes (hours for some).
public enum ExperimentScale: String, Sendable, CaseIterable {
    case quick, paper
}

/// Progress of a long run: (what, units done, units in all). Called from worker threads.
public typealias ProgressHandler = @Sendable (_ label: String, _ done: Int, _ total: Int) -> Void

/// An experiment that `closedform reproduce <name>` runs: it writes its tables (Markdown, LaTeX, CSV,
/// JSON) into a directory and returns the Markdown summary lines for the index.
public protocol PaperExperiment: Sendable {
    /// The name on the command line, e.g. `retraining-gmm`.
    var name: String { get }
    /// One line: what it reproduces, with the paper key.
    var title: String { get }
    /// The theorem keys and proof labels whose claims it checks.
    var claims: [String] { get }
    /// Whether its work is one `Sweep` (which `reproduce --shard i/n` splits). An experiment without one
    /// (seconds at any scale) is skipped by shard runs and computed whole by `closedform merge`.
    var hasSweep: Bool { get }
    /// Runs the experiment at `scale` with `seed`, writing into `directory`.
    func run(in directory: ReportDirectory, scale: ExperimentScale, seed: UInt64,
             progress: @escaping ProgressHandler) async throws -> [String]
}

extension PaperExperiment {
    /// Every experiment but the exact, deterministic ones runs its work as one sweep.
    public var hasSweep: Bool { true }
}
