import ClosedForm

/// The table printed by `closedform check`: one row per claim.
enum CheckTable {
    static func make(_ outcomes: [ClaimCheckOutcome], search: CounterexampleSearch) -> Table {
        var table = Table(
            caption: "Counterexample search (closedform check, seed \(search.seed), \(search.trials) draws per claim"
                + (search.ignoreAssumptions ? ", assumptions ignored" : "") + ")",
            label: "tab:check",
            columns: ["key", "trials", "verdict", "tightest ratio", "tightest case", "key seed", "reproduce"],
            notes: [
                "ratio ≤ 1 means the claim holds on the case: measured/bound (upper), bound/measured (lower), |lhs − rhs|/(tolerance·scale) (identity); FAILS when ratio > 1 + 1e-9 (proofs/core.check.md)",
                "key seed: the per-key stream SplitMix64(seed ⊕ FNV-1a(key)); the reproduce command replays the row exactly",
            ])
        for outcome in outcomes {
            let what = ClaimCheckRegistry.boundCommand(for: outcome).map { "; " + $0 } ?? ""
            let replay = outcome.ratio == nil ? "" : "closedform check \(outcome.key) --seed \(search.seed) --trials \(search.trials)"
                + (search.ignoreAssumptions ? " --ignore-assumptions" : "") + what
            let trials = "\(outcome.trials)" + (outcome.skipped > 0 ? " (+\(outcome.skipped) skipped)" : "")
                + (outcome.stoppedByBudget ? " (budget)" : "")
            table.append([
                .text(outcome.key), .text(trials), .text(outcome.verdict.description),
                outcome.ratio.map { .number($0, digits: 4) } ?? .empty,
                .text(outcome.pointDescription), .text(outcome.ratio == nil ? "" : String(outcome.keySeed)), .text(replay),
            ])
        }
        return table
    }
}
