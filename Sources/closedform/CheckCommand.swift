import ArgumentParser
import ClosedForm
import Foundation

/// `closedform check <key|all>` or `closedform check --claim FILE|DIR…`: a counterexample search over each
/// claim's parameter space.
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

            --claim checks claim files instead (TOML, proofs/core.claim-files.md): each FILE, or every *.toml \
            in a DIR (not its subfolders). A key then picks one of them. Sides with Monte-Carlo quantities fail \
            only when the ratio exceeds 1 by more than 4 standard errors; the verdict names the rule.

            Examples:
              closedform check all
              closedform check B.lemma.mixing --trials 2000 --seed 7
              closedform check B.prop3.3.chi2-lower.false-factor-4 --format json
              closedform check E.reconstruction-correlation \\
                --at 'stochastic=1 schedule=2 time-fraction=0.5 variance=2 mean=1'
              closedform check --claim claims/
              closedform check --claim claims/false/kl-chi2-quadratic.toml --trials 500
            """
    )

    @Argument(help: ArgumentHelp("A claim key, or all (optional with --claim).", valueName: "key|all"))
    var key: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Claim files, or folders of *.toml claim files, to check instead of the built-in claims.", valueName: "FILE|DIR"))
    var claim: [String] = []

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
        if key == nil && claim.isEmpty { throw InputError(source: "key", field: "", reason: "missing; give a claim key, all, or --claim FILE|DIR") }
    }

    func run() throws {
        var sources: [String: String] = [:]
        let checks: [ClaimCheck]
        if claim.isEmpty {
            checks = key == "all" ? ClaimCheckRegistry.all : [try ClaimCheckRegistry.check(key!)]
        } else {
            let files = try ClaimLibrary.load(claim).filter { key == nil || key == "all" || $0.file.key == key }
            guard !files.isEmpty else {
                throw InputError(source: "key", field: "", reason: "no claim file with key '\(key!)' in \(claim.joined(separator: " "))")
            }
            for file in files { sources[file.file.key] = file.file.path }
            checks = files.map(\.check)
            if at != nil && checks.count > 1 {
                throw InputError(source: "--at", field: "", reason: "evaluates one case of one claim; give one claim file, or its key")
            }
        }
        let search = CounterexampleSearch(trials: trials, seed: seed.value, budget: budget, ignoreAssumptions: ignoreAssumptions)
        if let at {
            let outcome = try search.evaluate(checks[0], at: try checks[0].point(parsing: at))
            try output.emit(try table.render(CheckTable.make([outcome], search: search, replayed: true, sources: sources)))
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
        try output.emit(try table.render(CheckTable.make(outcomes, search: search, sources: sources)))
    }
}
