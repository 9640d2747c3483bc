import ArgumentParser
import ClosedForm
import Foundation

/// `closedform check <key|all>`: a counterexample search over each claim's parameter space.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Search each claim's parameter space for a counterexample (ratio > 1), then shrink it.",
        discussion: """
            Every claim is reduced to a ratio that is ≤ 1 when it holds: measured ÷ bound for an upper bound, \
            bound ÷ measured for a lower bound, |lhs − rhs| ÷ (tolerance·scale) for an identity \
            (proofs/core.check.md). The search makes --trials random draws inside the claim's assumptions, \
            climbs from the tightest one, and shrinks a counterexample to the fewest components, the smallest \
            dimension and the roundest numbers. Each key has its own random stream derived from --seed, so \
            `closedform check <key> --seed S --trials N` reproduces that row's search, and \
            `closedform check <key> --at 'name=value …'` (the command printed in each row) evaluates that one \
            case. `all` leaves out the deliberately false variants B.prop3.3.chi2-lower.false-factor-4 and \
            B.prop3.1.kl-upper.false-ideal-path (Prop 3.1 with the ideal-path ε*² in place of ε̂²).

            Examples:
              closedform check all
              closedform check B.lemma.mixing --trials 2000 --seed 7
              closedform check B.prop3.3.chi2-lower.false-factor-4 --format json
              closedform check E.reconstruction-correlation \\
                --at 'stochastic=1 schedule=2 time-fraction=0.5 variance=2 mean=1'
            """
    )

    @Argument(help: ArgumentHelp("A claim key, or all.", valueName: "key|all"))
    var key: String

    @Option(help: ArgumentHelp("Random draws per claim.", valueName: "N"))
    var trials: Int = 5000

    /// Seeds the search (same seed, same table).
    @OptionGroup var seed: SeedOptions<CheckSeed>

    @Option(help: ArgumentHelp("Wall-clock budget per claim for the random draws, in seconds.", valueName: "seconds"))
    var budget: Double?

    @Option(help: ArgumentHelp("Evaluate one case of one claim instead of searching: every parameter as name=value.",
                               valueName: "'name=value …'"))
    var at: String?

    @Flag(help: "Draw cases that violate the claims' assumptions too.")
    var ignoreAssumptions = false

    @OptionGroup var table: TableFormatOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try TableFormatOptions.require(trials >= 1, "--trials", "\(trials)", "at least 1")
        if let budget { try TableFormatOptions.require(budget.isFinite && budget > 0, "--budget", "\(budget)", "a positive number of seconds") }
        if at != nil && key == "all" { throw InputError(source: "--at", field: "", reason: "evaluates one case of one claim; give a claim key, not all") }
    }

    func run() throws {
        let checks = key == "all" ? ClaimCheckRegistry.all : [try ClaimCheckRegistry.check(key)]
        let search = CounterexampleSearch(trials: trials, seed: seed.value, budget: budget, ignoreAssumptions: ignoreAssumptions)
        if let at {
            let outcome = try search.evaluate(checks[0], at: try checks[0].point(parsing: at))
            try output.emit(try table.render(CheckTable.make([outcome], search: search, replayed: true)))
            return
        }
        let progress = ProgressBar(label: "check", total: checks.filter { $0.unavailable == nil }.count * trials)
        var done = 0
        let outcomes = checks.map { check in
            search.run(check) {
                done += 1
                progress.update(done: done)
            }
        }
        try output.emit(try table.render(CheckTable.make(outcomes, search: search)))
    }
}
