import ClosedForm

/// The table printed by `closedform check`: one row per claim.
enum CheckTable {
    /// One row per outcome; `replayed` for a single case evaluated with `--at` (no search).
    static func make(_ outcomes: [ClaimCheckOutcome], search: CounterexampleSearch, replayed: Bool = false) -> Table {
        let what = replayed ? "One case (closedform check --at" : "Counterexample search (closedform check, seed \(search.seed), \(search.trials) draws per claim"
        var table = Table(
            caption: what + (search.ignoreAssumptions ? ", assumptions ignored" : "") + ")",
            label: "tab:check",
            columns: ["key", "trials", "verdict", "tightest ratio", "tightest case", "key seed", "reproduce"],
            notes: [
                "ratio ≤ 1 means the claim holds on the case: measured/bound (upper), bound/measured (lower), |lhs − rhs|/(tolerance·scale) (identity); FAILS when ratio > 1 + 1e-9 (proofs/core.check.md)",
                "key seed: the per-key stream SplitMix64(seed ⊕ FNV-1a(key)); `closedform check <key> --seed S --trials N` replays a row's search exactly",
                "reproduce: evaluates the tightest case as printed (6 significant digits); for a theorem, the `closedform bound` command evaluates its bound there",
            ])
        if outcomes.contains(where: { $0.point.contains { $0.name == "schedule" } }) {
            table.notes.append("schedule: 0 = ve, 1 = vp, 2 = ou, 3 = cosine; time-fraction u: t = T(0.01 + 0.99u) with T = 0.98 (vp, cosine) or 4 (ve, ou)")
        }
        for outcome in outcomes {
            let bound = ClaimCheckRegistry.boundCommand(for: outcome).map { "; " + $0 } ?? ""
            let replay = outcome.ratio == nil ? "" : "closedform check \(outcome.key) --at '\(outcome.pointDescription)'"
                + (search.ignoreAssumptions ? " --ignore-assumptions" : "") + bound
            let trials = "\(outcome.trials)" + (outcome.skipped > 0 ? " (+\(outcome.skipped) skipped)" : "")
                + (outcome.unreliable > 0 ? " (+\(outcome.unreliable) unreliable)" : "")
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
