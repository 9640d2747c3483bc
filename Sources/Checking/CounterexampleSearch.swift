import Foundation
import LinearAlgebra
import Hashes
import RandomStreams
import Synchronization

/// Searches a `ClaimCheck`'s parameter space for a case with ratio > 1 (proofs/core.check.md):
///
/// 1. `trials` random draws, draw j from substream j of the key's stream, redrawn (up to 50 times) until
///    the claim's assumptions hold unless `ignoreAssumptions`; evaluated concurrently in rounds of
///    `drawsPerRound` and scored in trial order;
/// 2. a local search from the tightest draw: `localSteps` random coordinate moves (±1 for integers, a
///    Gaussian step of shrinking size for reals), each kept when it gives a tighter case (a counterexample,
///    else a larger ratio, less 4 standard errors for a Monte Carlo case);
/// 3. if the tightest case is a counterexample (`ClaimRatio.fails(_:standardError:)`: ratio > 1 + 10⁻⁹, and for a
///    Monte Carlo case ratio − 1 > 4 standard errors): shrinking, in parameter order and repeated until nothing changes, each
///    parameter replaced by the simplest value that keeps it a counterexample (integers: the smallest; reals:
///    the range's lower end, then 1, 2, 3 significant digits).
///
/// A case that violates an assumption known only once computed (`ClaimEvaluation.violated`, e.g. χ² = ∞) is
/// counted per assumption in `ClaimCheckOutcome.outsideAssumptions`, never scored, unless `ignoreAssumptions`.
///
/// Deterministic: the same seed gives the same outcome, whatever else runs (each key has its own stream,
/// `keySeed(seed:key:)`).
public struct CounterexampleSearch: Sendable {
    public var trials: Int
    public var seed: UInt64
    /// Wall-clock budget per key for the random draws, in seconds, checked between rounds of
    /// `drawsPerRound` draws; nil for none.
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
        var evaluated = 0, skipped = 0, unreliable = 0, stopped = false
        var outside: [String: Int] = [:]
        var evaluationErrors = 0, firstEvaluationError: String?
        var skippedReasons: [(reason: String, count: Int)] = []
        var next = 0
        while next < trials {
            if let budget, Date().timeIntervalSince(started) > budget { stopped = true; break }
            let round = next..<min(trials, next + Self.drawsPerRound)
            for drawn in scoreDraws(check, root, round) {
                defer { progress?() }
                guard let drawn else {
                    skipped += 1
                    continue
                }
                switch drawn {
                case .none(let reason):
                    skipped += 1
                    if let reason {
                        if let index = skippedReasons.firstIndex(where: { $0.reason == reason }) { skippedReasons[index].count += 1 } else { skippedReasons.append((reason, 1)) }
                    }
                case .evaluationError(let reason):
                    evaluationErrors += 1
                    if firstEvaluationError == nil { firstEvaluationError = reason }
                case .unreliable:
                    unreliable += 1
                case .outside(let labels):
                    for label in labels { outside[label, default: 0] += 1 }
                case .scored(let scored):
                    evaluated += 1
                    if best == nil || scored.isTighter(than: best!) { best = scored }
                }
            }
            next = round.upperBound
        }
        guard var found = best else {
            var outcome = ClaimCheckOutcome(key: check.key, verdict: .noValidCases, trials: 0, skipped: skipped, ratio: nil,
                                            point: [], keySeed: keySeed, stoppedByBudget: stopped)
            outcome.outsideAssumptions = outside
            outcome.unreliable = unreliable
            outcome.record(evaluationErrors: evaluationErrors, first: firstEvaluationError, skippedReasons: skippedReasons, of: check)
            return outcome
        }
        found = climb(check, from: found, root.substream(UInt64(trials)))
        if found.fails { found = shrink(check, found) }
        var outcome = ClaimCheckOutcome(key: check.key, verdict: found.fails ? .fails : .holds, trials: evaluated, skipped: skipped,
                                        ratio: found.ratio, point: check.parameters.map { ($0.name, found.point[$0.name]!) },
                                        keySeed: keySeed, stoppedByBudget: stopped)
        outcome.standardError = found.standardError
        outcome.outsideAssumptions = outside
        outcome.unreliable = unreliable
        outcome.record(evaluationErrors: evaluationErrors, first: firstEvaluationError, skippedReasons: skippedReasons, of: check)
        return outcome
    }

    /// Random draws evaluated concurrently per round; the budget is checked between rounds.
    static let drawsPerRound = 64

    /// The scores of the draws `trials` (nil where no admissible point was drawn), evaluated concurrently on
    /// every core (`ParallelBlocks`, OpenBLAS pinned to one thread) and returned in trial order: draw j reads
    /// only substream j, so the outcome is the same for any thread count.
    private func scoreDraws(_ check: ClaimCheck, _ root: RandomStream, _ trials: Range<Int>) -> [CaseScore?] {
        let scores = Mutex<[CaseScore?]>(Array(repeating: nil, count: trials.count))
        let rootSeed = root.seed
        ParallelBlocks.forEach(count: trials.count, blockSize: 1) { block in
            for offset in block {
                guard let point = draw(check, RandomStream(seed: rootSeed).substream(UInt64(trials.lowerBound + offset))) else { continue }
                let score = score(check, point)
                scores.withLock { $0[offset] = score }
            }
        }
        return scores.withLock { $0 }
    }

    /// An evaluated case.
    struct Scored: Sendable {
        let point: ClaimCheck.Point
        let ratio: Double
        let standardError: Double
        /// A counterexample by `ClaimRatio.fails(_:standardError:)`.
        var fails: Bool { ClaimRatio.fails(ratio, standardError: standardError) }

        /// ratio − 4·SE: the ratio itself for an exact case; a Monte Carlo case is ranked by how far it is
        /// certainly above (or below) 1, so that a noisy ratio does not pass for the tightest case.
        var conservativeRatio: Double {
            standardError > 0 ? ratio - ClaimRatio.standardErrors * standardError : ratio
        }

        /// Counterexamples first, then the larger conservative ratio.
        func isTighter(than other: Scored) -> Bool {
            fails != other.fails ? fails : conservativeRatio > other.conservativeRatio
        }
    }

    /// What a case gave: nothing (no claim, with the evaluation's reason when it gives one; a numerical
    /// failure; NaN), a NaN expression of a claim file (`ClaimEvaluationError`, counted apart), assumptions
    /// violated, a flagged Monte-Carlo side (`UnreliableEstimate`, which never decides a verdict nor becomes
    /// the tightest case), or a ratio.
    enum CaseScore: Sendable {
        case none(String?)
        case evaluationError(String)
        case unreliable
        case outside([String])
        case scored(Scored)
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

    /// The case at `point`: outside the assumptions (unless ignored), or its ratio; none when the claim says
    /// nothing there, the evaluation throws, or the ratio is NaN.
    private func score(_ check: ClaimCheck, _ point: ClaimCheck.Point) -> CaseScore {
        let evaluation: ClaimEvaluation
        do {
            evaluation = try check.evaluateCase(point)
        } catch is UnreliableEstimate {
            return .unreliable
        } catch let error as ClaimEvaluationError {
            return .evaluationError(error.reason)
        } catch {
            return .none(nil)
        }
        if !ignoreAssumptions && !evaluation.violated.isEmpty { return .outside(evaluation.violated) }
        guard let ratio = evaluation.ratio, !ratio.isNaN else { return .none(evaluation.reason) }
        return .scored(Scored(point: point, ratio: ratio, standardError: evaluation.standardError))
    }

    private func scored(_ check: ClaimCheck, _ point: ClaimCheck.Point) -> Scored? {
        if case .scored(let scored) = score(check, point) { return scored }
        return nil
    }

    /// Random coordinate moves from `start`, each kept when it gives a tighter case (`Scored.isTighter`).
    private func climb(_ check: ClaimCheck, from start: Scored, _ stream: RandomStream) -> Scored {
        var best = start
        guard !check.parameters.isEmpty, best.ratio.isFinite else { return best }
        for step in 0..<localSteps {
            let parameter = check.parameters[stream.integer(below: check.parameters.count)]
            let scale = 0.5 * (1 - Double(step) / Double(localSteps)) + 0.01
            var candidate = best.point
            candidate[parameter.name] = parameter.perturb(best.point[parameter.name]!, scale: scale, stream)
            guard admissible(check, candidate), let next = scored(check, candidate), next.isTighter(than: best) else { continue }
            best = next
        }
        return best
    }

    /// Replaces each parameter by the simplest value that keeps the case a counterexample, until nothing changes.
    private func shrink(_ check: ClaimCheck, _ start: Scored) -> Scored {
        var current = start
        for _ in 0..<4 {
            var changed = false
            for parameter in check.parameters {
                for value in parameter.simplerValues(than: current.point[parameter.name]!) {
                    var candidate = current.point
                    candidate[parameter.name] = value
                    guard admissible(check, candidate), let next = scored(check, candidate), next.fails else { continue }
                    current = next
                    changed = true
                    break
                }
            }
            if !changed { break }
        }
        return current
    }
}

extension ClaimCheckOutcome {
    /// Adds what only claim files and Swift claims produce: evaluation errors, skip reasons, choice names and
    /// the citation.
    mutating func record(evaluationErrors: Int, first: String?, skippedReasons: [(reason: String, count: Int)], of check: ClaimCheck) {
        self.evaluationErrors = evaluationErrors
        self.firstEvaluationError = first
        self.skippedReasons = skippedReasons
        self.choiceLabels = check.choiceLabels
        self.citation = check.citation
    }
}
