import Foundation
import LinearAlgebra
import Hashes
import RandomStreams

/// Searches a `ClaimCheck`'s parameter space for a case with ratio > 1 (proofs/core.check.md):
///
/// 1. `trials` random draws, draw j from substream j of the key's stream, redrawn (up to 50 times) until
///    the claim's assumptions hold unless `ignoreAssumptions`;
/// 2. a local search from the tightest draw: `localSteps` random coordinate moves (±1 for integers, a
///    Gaussian step of shrinking size for reals), each kept when it increases the ratio;
/// 3. if the case is a counterexample (`ClaimFailureRule`: ratio > 1, by more than 4 standard errors for a
///    Monte-Carlo ratio): shrinking, in parameter order and repeated until nothing changes, each
///    parameter replaced by the simplest value that keeps the ratio > 1 (integers: the smallest; reals: the
///    range's lower end, then 1, 2, 3 significant digits).
///
/// Deterministic: the same seed gives the same outcome, whatever else runs (each key has its own stream,
/// `keySeed(seed:key:)`).
public struct CounterexampleSearch: Sendable {
    public var trials: Int
    public var seed: UInt64
    /// Wall-clock budget per key for the random draws, in seconds; nil for none.
    public var budget: Double?
    public var ignoreAssumptions: Bool
    public var localSteps: Int

    public init(trials: Int, seed: UInt64, budget: Double? = nil, ignoreAssumptions: Bool = false, localSteps: Int = 60) {
        precondition(trials >= 1, "CounterexampleSearch: trials = \(trials) < 1")
        self.trials = trials
        self.seed = seed
        self.budget = budget
        self.ignoreAssumptions = ignoreAssumptions
        self.localSteps = localSteps
    }

    /// The stream seed of `key`: SplitMix64 of the seed mixed with the key's FNV-1a hash.
    public static func keySeed(seed: UInt64, key: String) -> UInt64 {
        SplitMix64.mix(seed ^ FNV1a.hash(key.utf8))
    }

    /// A scored case: its ratio, standard error, and whether it is a counterexample under `ClaimFailureRule`.
    private struct Scored {
        var point: ClaimCheck.Point
        var ratio: Double
        var standardError: Double
        var fails: Bool { ClaimFailureRule.fails(ratio, standardError: standardError) }

        /// ratio − 4·SE: how far the case is known to reach (the ratio itself when exact; −∞ when the
        /// standard error is infinite, a case that says nothing).
        var reach: Double {
            guard standardError > 0 else { return ratio }
            let value = ratio - ClaimFailureRule.standardErrors * standardError
            return value.isNaN ? -.infinity : value
        }

        /// Counterexamples first, then the larger reach (the larger ratio for exact cases).
        func isTighter(than other: Scored) -> Bool {
            fails != other.fails ? fails : reach > other.reach
        }
    }

    /// What the random draws and later steps met besides scored cases.
    private struct Tally {
        var skipped = 0
        var evaluationErrors = 0
        var firstEvaluationError: String?
        var reasons: [(reason: String, count: Int)] = []

        mutating func skip(_ reason: String?) {
            skipped += 1
            guard let reason else { return }
            if let index = reasons.firstIndex(where: { $0.reason == reason }) { reasons[index].count += 1 } else { reasons.append((reason, 1)) }
        }
    }

    /// Runs the search; `progress` is called after each random draw.
    public func run(_ check: ClaimCheck, progress: (() -> Void)? = nil) -> ClaimCheckOutcome {
        let keySeed = CounterexampleSearch.keySeed(seed: seed, key: check.key)
        if let reason = check.unavailable {
            return ClaimCheckOutcome(key: check.key, verdict: .notCheckable(reason), trials: 0, skipped: 0, ratio: nil,
                                     point: [], keySeed: keySeed, stoppedByBudget: false)
        }
        let root = RandomStream(seed: keySeed)
        let started = Date()
        var best: Scored?
        var evaluated = 0, stopped = false
        var tally = Tally()
        for trial in 0..<trials {
            defer { progress?() }
            if let budget, Date().timeIntervalSince(started) > budget { stopped = true; break }
            guard let point = draw(check, root.substream(UInt64(trial))) else {
                tally.skip(nil)
                continue
            }
            guard let scored = score(check, point, &tally) else { continue }
            evaluated += 1
            if best == nil || scored.isTighter(than: best!) { best = scored }
        }
        guard var found = best else {
            var outcome = ClaimCheckOutcome(key: check.key, verdict: .noValidCases, trials: 0, skipped: tally.skipped, ratio: nil,
                                            point: [], keySeed: keySeed, stoppedByBudget: stopped)
            annotate(&outcome, check, tally)
            return outcome
        }
        var steps = Tally()
        found = climb(check, from: found, root.substream(UInt64(trials)), &steps)
        let fails = found.fails
        if fails { found = shrink(check, found, &steps) }
        var outcome = ClaimCheckOutcome(key: check.key, verdict: fails ? .fails : .holds, trials: evaluated, skipped: tally.skipped,
                                        ratio: found.ratio, point: check.parameters.map { ($0.name, found.point[$0.name]!) },
                                        keySeed: keySeed, stoppedByBudget: stopped)
        outcome.standardError = found.standardError
        annotate(&outcome, check, tally)
        return outcome
    }

    /// Copies the claim's labels and the tally of the random draws into `outcome`.
    private func annotate(_ outcome: inout ClaimCheckOutcome, _ check: ClaimCheck, _ tally: Tally) {
        outcome.evaluationErrors = tally.evaluationErrors
        outcome.firstEvaluationError = tally.firstEvaluationError
        outcome.skippedReasons = tally.reasons
        outcome.choiceLabels = check.choiceLabels
        outcome.citation = check.citation
    }

    /// A random point within the assumptions (or any point when they are ignored); nil after 50 rejections.
    private func draw(_ check: ClaimCheck, _ stream: RandomStream) -> ClaimCheck.Point? {
        for _ in 0..<50 {
            var point: ClaimCheck.Point = [:]
            for parameter in check.parameters { point[parameter.name] = parameter.draw(stream) }
            if admissible(check, point) { return point }
        }
        return nil
    }

    private func admissible(_ check: ClaimCheck, _ point: ClaimCheck.Point) -> Bool {
        ignoreAssumptions || check.satisfiesAssumptions(point)
    }

    /// The case at `point`, or nil (tallied) when the claim says nothing there, it lies outside assumptions
    /// on computed quantities, the evaluation throws, or the ratio is NaN (an evaluation error).
    private func score(_ check: ClaimCheck, _ point: ClaimCheck.Point, _ tally: inout Tally) -> Scored? {
        do {
            switch try check.evaluateCase(point, ignoreAssumptions: ignoreAssumptions) {
            case .ratio(let ratio, let standardError):
                guard !ratio.isNaN, !standardError.isNaN else {
                    if check.caseEvaluation == nil { tally.skip(nil) } else { recordError("the ratio is NaN", &tally) }
                    return nil
                }
                return Scored(point: point, ratio: ratio, standardError: standardError)
            case .outsideAssumptions(let label):
                tally.skip(check.caseEvaluation == nil ? nil : "outside \(label)")
            case .noStatement(let reason):
                tally.skip(check.caseEvaluation == nil ? nil : reason)
            }
        } catch let error as ClaimEvaluationError {
            recordError(error.reason, &tally)
        } catch {
            tally.skip(check.caseEvaluation == nil ? nil : "\(error)")
        }
        return nil
    }

    private func recordError(_ reason: String, _ tally: inout Tally) {
        tally.evaluationErrors += 1
        if tally.firstEvaluationError == nil { tally.firstEvaluationError = reason }
    }

    /// Random coordinate moves from `start`, each kept when it makes the case tighter.
    private func climb(_ check: ClaimCheck, from start: Scored, _ stream: RandomStream, _ tally: inout Tally) -> Scored {
        var best = start
        guard !check.parameters.isEmpty, best.ratio.isFinite else { return best }
        for step in 0..<localSteps {
            let parameter = check.parameters[stream.integer(below: check.parameters.count)]
            let scale = 0.5 * (1 - Double(step) / Double(localSteps)) + 0.01
            var candidate = best.point
            candidate[parameter.name] = parameter.perturb(best.point[parameter.name]!, scale: scale, stream)
            guard admissible(check, candidate), let scored = score(check, candidate, &tally), scored.isTighter(than: best) else { continue }
            best = scored
        }
        return best
    }

    /// Replaces each parameter by the simplest value that keeps the case a counterexample, until nothing changes.
    private func shrink(_ check: ClaimCheck, _ start: Scored, _ tally: inout Tally) -> Scored {
        var current = start
        for _ in 0..<4 {
            var changed = false
            for parameter in check.parameters {
                for value in parameter.simplerValues(than: current.point[parameter.name]!) {
                    var candidate = current.point
                    candidate[parameter.name] = value
                    guard admissible(check, candidate), let scored = score(check, candidate, &tally), scored.fails else { continue }
                    current = scored
                    changed = true
                    break
                }
            }
            if !changed { break }
        }
        return current
    }
}
