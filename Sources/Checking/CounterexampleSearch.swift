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
/// 3. if the ratio exceeds 1: shrinking, in parameter order and repeated until nothing changes, each
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

    /// Runs the search; `progress` is called after each random draw.
    public func run(_ check: ClaimCheck, progress: (() -> Void)? = nil) -> ClaimCheckOutcome {
        let keySeed = CounterexampleSearch.keySeed(seed: seed, key: check.key)
        if let reason = check.unavailable {
            return ClaimCheckOutcome(key: check.key, verdict: .notCheckable(reason), trials: 0, skipped: 0, ratio: nil,
                                     point: [], keySeed: keySeed, stoppedByBudget: false)
        }
        let root = RandomStream(seed: keySeed)
        let started = Date()
        var best: (point: ClaimCheck.Point, ratio: Double)?
        var evaluated = 0, skipped = 0, unreliable = 0, stopped = false
        for trial in 0..<trials {
            defer { progress?() }
            if let budget, Date().timeIntervalSince(started) > budget { stopped = true; break }
            guard let point = draw(check, root.substream(UInt64(trial))) else {
                skipped += 1
                continue
            }
            let ratio: Double
            switch evaluation(check, point) {
            case .ratio(let value): ratio = value
            case .unreliable: unreliable += 1; continue
            case .nothing: skipped += 1; continue
            }
            evaluated += 1
            if best == nil || ratio > best!.ratio { best = (point, ratio) }
        }
        guard var found = best else {
            var outcome = ClaimCheckOutcome(key: check.key, verdict: .noValidCases, trials: 0, skipped: skipped, ratio: nil,
                                            point: [], keySeed: keySeed, stoppedByBudget: stopped)
            outcome.unreliable = unreliable
            return outcome
        }
        found = climb(check, from: found, root.substream(UInt64(trials)))
        let fails = ClaimRatio.fails(found.ratio)
        if fails { found = shrink(check, found) }
        var outcome = ClaimCheckOutcome(key: check.key, verdict: fails ? .fails : .holds, trials: evaluated, skipped: skipped,
                                        ratio: found.ratio, point: check.parameters.map { ($0.name, found.point[$0.name]!) },
                                        keySeed: keySeed, stoppedByBudget: stopped)
        outcome.unreliable = unreliable
        return outcome
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

    /// What one evaluation gave: a ratio, nothing (no claim there, a numerical failure, NaN), or a flagged
    /// Monte-Carlo side (`UnreliableEstimate`), which never decides a verdict nor becomes the tightest case.
    private enum Evaluation {
        case ratio(Double)
        case nothing
        case unreliable
    }

    private func evaluation(_ check: ClaimCheck, _ point: ClaimCheck.Point) -> Evaluation {
        do {
            guard let ratio = try check.evaluate(point), !ratio.isNaN else { return .nothing }
            return .ratio(ratio)
        } catch is UnreliableEstimate {
            return .unreliable
        } catch {
            return .nothing
        }
    }

    /// The ratio, or nil for anything `evaluation` does not give a ratio for.
    private func score(_ check: ClaimCheck, _ point: ClaimCheck.Point) -> Double? {
        if case .ratio(let value) = evaluation(check, point) { return value }
        return nil
    }

    /// Random coordinate moves from `start`, each kept when it increases the ratio.
    private func climb(_ check: ClaimCheck, from start: (point: ClaimCheck.Point, ratio: Double),
                       _ stream: RandomStream) -> (point: ClaimCheck.Point, ratio: Double) {
        var best = start
        guard !check.parameters.isEmpty, best.ratio.isFinite else { return best }
        for step in 0..<localSteps {
            let parameter = check.parameters[stream.integer(below: check.parameters.count)]
            let scale = 0.5 * (1 - Double(step) / Double(localSteps)) + 0.01
            var candidate = best.point
            candidate[parameter.name] = parameter.perturb(best.point[parameter.name]!, scale: scale, stream)
            guard admissible(check, candidate), let ratio = score(check, candidate), ratio > best.ratio else { continue }
            best = (candidate, ratio)
        }
        return best
    }

    /// Replaces each parameter by the simplest value that keeps the ratio > 1, until nothing changes.
    private func shrink(_ check: ClaimCheck, _ start: (point: ClaimCheck.Point, ratio: Double)) -> (point: ClaimCheck.Point, ratio: Double) {
        var current = start
        for _ in 0..<4 {
            var changed = false
            for parameter in check.parameters {
                for value in parameter.simplerValues(than: current.point[parameter.name]!) {
                    var candidate = current.point
                    candidate[parameter.name] = value
                    guard admissible(check, candidate), let ratio = score(check, candidate), ClaimRatio.fails(ratio) else { continue }
                    current = (candidate, ratio)
                    changed = true
                    break
                }
            }
            if !changed { break }
        }
        return current
    }
}
