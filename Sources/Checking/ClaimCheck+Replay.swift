import InputErrors

/// Replaying one case: `closedform check <key> --at 'name=value …'` evaluates the claim at exactly that point,
/// the ready-to-run command printed for every row of a search.
extension ClaimCheck {
    /// Parses `name=value` pairs separated by spaces or commas into a point of this check.
    ///
    /// Every parameter must be given once; integer parameters need integral values; a choice parameter takes
    /// the name of its value (`schedule=ou`) or its index. Values outside the search
    /// range are accepted (the range bounds the random search, not the claim).
    /// - Throws: `InputError` naming `--at` and the offending pair, unknown or missing parameter.
    public func point(parsing text: String) throws -> Point {
        var point: Point = [:]
        let names = parameters.map(\.name)
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let choice = parts.count == 2 ? parameters.first(where: { $0.name == parts[0] })?.choices.firstIndex(of: parts[1]) : nil
            guard parts.count == 2, let value = choice.map(Double.init) ?? Double(parts[1]), value.isFinite else {
                throw InputError(source: "--at", field: String(pair), reason: "expected name=value with a finite number")
            }
            guard let parameter = parameters.first(where: { $0.name == parts[0] }) else {
                throw InputError(source: "--at", field: parts[0],
                                 reason: "\(key) has no parameter '\(parts[0])'; its parameters: \(names.joined(separator: ", "))")
            }
            guard point[parameter.name] == nil else {
                throw InputError(source: "--at", field: parts[0], reason: "given twice")
            }
            guard !parameter.integer || value.rounded() == value else {
                throw InputError(source: "--at", field: parts[0], reason: "\(parts[1]) is not an integer")
            }
            point[parameter.name] = value
        }
        let missing = names.filter { point[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(source: "--at", field: missing.joined(separator: ", "),
                             reason: "missing; \(key) needs \(names.map { "\($0)=…" }.joined(separator: " "))")
        }
        return point
    }

}

extension CounterexampleSearch {
    /// The claim at exactly `point`: one evaluation, no search, no shrinking.
    /// - Throws: `InputError` naming `--at` when the point violates the claim's assumptions (unless
    ///   `ignoreAssumptions`), when the claim is not checkable, or when the claim says nothing there;
    ///   rethrows the evaluation's errors.
    public func evaluate(_ check: ClaimCheck, at point: ClaimCheck.Point) throws -> ClaimCheckOutcome {
        if let reason = check.unavailable {
            throw InputError(source: "--at", field: check.key, reason: "not checkable: \(reason)")
        }
        guard ignoreAssumptions || check.satisfiesAssumptions(point) else {
            throw InputError(source: "--at", field: check.key,
                             reason: "the case violates the claim's assumptions; add --ignore-assumptions to evaluate it anyway")
        }
        let evaluation: ClaimEvaluation
        do {
            evaluation = try check.evaluateCase(point)
        } catch let error as ClaimEvaluationError {
            throw InputError(source: "--at", field: check.key, reason: "evaluation error at this case: \(error.reason)")
        }
        if !ignoreAssumptions && !evaluation.violated.isEmpty {
            throw InputError(source: "--at", field: check.key,
                             reason: "the case is outside the claim's assumptions (\(evaluation.violated.joined(separator: ", "))); add --ignore-assumptions to evaluate it anyway")
        }
        guard let ratio = evaluation.ratio, !ratio.isNaN else {
            throw InputError(source: "--at", field: check.key, reason: "the claim makes no statement at this case (\(evaluation.reason ?? "its condition fails"))")
        }
        var outcome = ClaimCheckOutcome(key: check.key, verdict: ClaimRatio.fails(ratio, standardError: evaluation.standardError) ? .fails : .holds,
                                        trials: 1, skipped: 0, ratio: ratio, point: check.parameters.map { ($0.name, point[$0.name]!) },
                                        keySeed: CounterexampleSearch.keySeed(seed: seed, key: check.key), stoppedByBudget: false)
        outcome.standardError = evaluation.standardError
        outcome.choiceLabels = check.choiceLabels
        outcome.citation = check.citation
        return outcome
    }
}
