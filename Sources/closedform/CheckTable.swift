import ClosedForm

/// The table printed by `closedform check`: one row per claim.
enum CheckTable {
    /// One row per outcome; `replayed` for a single case evaluated with `--at` (no search); `sources` maps
    /// the keys of claim files to their paths (for the reproduce commands).
    static func make(_ outcomes: [ClaimCheckOutcome], search: CounterexampleSearch, replayed: Bool = false,
                     sources: [String: String] = [:]) -> Table {
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
        if outcomes.contains(where: { sources[$0.key] == nil && $0.point.contains { $0.name == "schedule" } }) {
            table.notes.append("schedule: 0 = ve, 1 = vp, 2 = ou, 3 = cosine; time-fraction u: t = T(0.01 + 0.99u) with T = 0.98 (vp, cosine) or 4 (ve, ou)")
        }
        if outcomes.contains(where: { $0.standardError > 0 }) {
            table.notes.append("ratio ± SE: a case with Monte Carlo sides (one-round scenario, claim files with Monte-Carlo quantities) FAILS only when ratio − 1 > \(Int(ClaimRatio.standardErrors)) SE of the ratio (delta method), else when ratio > 1 + 1e-9")
        }
        if outcomes.contains(where: { $0.outsideDescription != nil }) {
            table.notes.append("outside assumptions: draws that violate an assumption found only once computed, counted per assumption and never scored (A3: χ²(p̂^{i+1} ‖ q) = ∞, the moment condition fails; eps*2<=1: ε*² > 1; a claim file's assumption by its text); --ignore-assumptions scores them")
        }
        let cited = outcomes.contains { $0.citation != nil }
        if cited { table.columns.insert("citation", at: 1) }
        for outcome in outcomes {
            let replay: String
            if let path = sources[outcome.key] {
                replay = outcome.ratio == nil ? "" : "closedform check --claim \(path) --at '\(outcome.pointDescription)'"
                    + (search.ignoreAssumptions ? " --ignore-assumptions" : "")
                    + "; closedform bound --claim \(path) " + outcome.pointDescription.split(separator: " ").map { "--param \($0)" }.joined(separator: " ")
            } else {
                let bound = ClaimCheckRegistry.boundCommand(for: outcome).map { "; " + $0 } ?? ""
                replay = outcome.ratio == nil ? "" : "closedform check \(outcome.key) --at '\(outcome.pointDescription)'"
                    + (search.ignoreAssumptions ? " --ignore-assumptions" : "") + bound
            }
            let errors = outcome.evaluationErrors == 0 ? ""
                : " (+\(outcome.evaluationErrors) evaluation error\(outcome.evaluationErrors == 1 ? "" : "s"), first: \(CheckTable.abbreviated(outcome.firstEvaluationError ?? "")))"
            let trials = "\(outcome.trials)" + (outcome.skipped > 0 ? " (+\(outcome.skipped) skipped)" : "")
                + (outcome.outsideDescription.map { " (+\($0))" } ?? "")
                + (outcome.unreliable > 0 ? " (+\(outcome.unreliable) unreliable)" : "")
                + errors
                + (outcome.stoppedByBudget ? " (budget)" : "")
            if !outcome.skippedReasons.isEmpty {
                table.notes.append("\(outcome.key) skipped: " + outcome.skippedReasons.map { "\($0.count) × \($0.reason)" }.joined(separator: "; "))
            }
            let ratio: TableCell = outcome.ratio.map { ratio in
                outcome.standardError > 0 ? .estimate(value: ratio, standardError: outcome.standardError) : .number(ratio, digits: 4)
            } ?? .empty
            var row: [TableCell] = [
                .text(outcome.key), .text(trials), .text(outcome.verdict.description),
                ratio,
                .text(outcome.pointDescription), .text(outcome.ratio == nil ? "" : String(outcome.keySeed)), .text(replay),
            ]
            if cited { row.insert(.text(outcome.citation ?? ""), at: 1) }
            table.append(row)
        }
        return table
    }

    /// `text` cut to 100 characters with "…" (a library's reason can run to several clauses; `--at` replays
    /// the case in full).
    static func abbreviated(_ text: String) -> String { text.count <= 100 ? text : String(text.prefix(99)) + "…" }
}
