/// Where an output file came from: the command line that wrote it, its seed and the tool's version.
/// Every file `closedform reproduce` writes carries these (a comment in text formats, `metadata` in JSON
/// and notebooks), so a table pasted into a paper can be regenerated bit for bit.
public struct RunProvenance: Sendable, Equatable {
    /// The tool's version, as `closedform --version` prints it.
    public static let toolVersion = "0.1.0"

    /// The command line, e.g. `closedform reproduce all --out out --scale quick --seed 0`.
    public var command: String
    /// The seed of every random stream of the run.
    public var seed: UInt64
    /// The tool's version.
    public var version: String
    /// Time and machine, written only into JSON tables' `metadata`; nil leaves them out.
    public var environment: RunEnvironment?

    public init(command: String, seed: UInt64, version: String = RunProvenance.toolVersion, environment: RunEnvironment? = nil) {
        self.command = command
        self.seed = seed
        self.version = version
        self.environment = environment
    }

    /// One line for a comment header: `Written by <command> (seed S, closedform V).`
    public var summary: String {
        "Written by `\(command)` (seed \(seed), closedform \(version))."
    }
}
