import ClosedForm

/// The defaults of the options several commands share, in one place. The library types own the defaults
/// of their own settings (`Reproduction`, `ClosedFormsDemo`, `Divergence.defaultSamples`,
/// `HeunEDMSampler`, `BoundConstants`, …), and the commands refer to them.
enum CommandDefaults {
    /// `--seed` of every command with a default seed but `check`.
    static let seed: UInt64 = 0
    /// `--seed` of `check`.
    static let checkSeed: UInt64 = 1
    /// `--format` of the commands that print one table.
    static let tableFormat = TableFormat.markdown
    /// `--schedule` of `fit` and `score-error`: the ou schedule of [B].
    static let estimatorSchedule = NoiseSchedule.ou
}

/// The default of a command's `--seed` (`SeedOptions`); nil makes the seed required.
protocol SeedDefault {
    static var seed: UInt64? { get }
}

/// `--seed` defaults to `CommandDefaults.seed`.
enum DefaultSeed: SeedDefault {
    static var seed: UInt64? { CommandDefaults.seed }
}

/// `--seed` defaults to `CommandDefaults.checkSeed`.
enum CheckSeed: SeedDefault {
    static var seed: UInt64? { CommandDefaults.checkSeed }
}

/// `--seed` must be given (`sample`, `sample-diffusion`, `retrain`: their output is a draw).
enum RequiredSeed: SeedDefault {
    static var seed: UInt64? { nil }
}
