import InputErrors
import Theorems

/// Every `ClaimCheck`: the registered theorems of `TheoremRegistry` (checkable or not, in its order), then
/// closed-form identities, then hidden deliberately false variants (by key only).
///
/// `closedform check <key|all>` runs them through `CounterexampleSearch`.
public enum ClaimCheckRegistry {
    /// Every check, hidden ones included; keys unique.
    public static let everything: [ClaimCheck] = {
        let checks = paperA + paperB + paperC + identities + falseVariants
        precondition(Set(checks.map(\.key)).count == checks.count, "ClaimCheckRegistry: duplicate keys")
        let theoremKeys = Set(TheoremRegistry.keys), covered = Set(checks.map(\.key))
        precondition(theoremKeys.isSubset(of: covered), "ClaimCheckRegistry: no check for \(theoremKeys.subtracting(covered).sorted())")
        return checks
    }()

    /// The checks run by `check all` (every registered theorem and identity; no false variants).
    public static var all: [ClaimCheck] { everything.filter { !$0.hidden } }

    /// The check with this key (hidden variants included).
    /// - Throws: `InputError` naming the unknown key and listing the valid ones.
    public static func check(_ key: String) throws -> ClaimCheck {
        guard let check = everything.first(where: { $0.key == key }) else {
            throw InputError(source: "key", field: "",
                             reason: "unknown claim '\(key)'; valid keys: all, \(everything.map(\.key).joined(separator: ", "))")
        }
        return check
    }

    /// Evaluates theorem `key` at the check's point (only the parameters the theorem declares) plus `fixed`.
    static func bound(_ key: String, _ point: ClaimCheck.Point, fixed: [String: Double] = [:]) throws -> BoundEvaluation {
        let theorem = try TheoremRegistry.theorem(key)
        var parameters = fixed
        for (name, value) in point where theorem.parameter(named: name) != nil { parameters[name] = value }
        return try theorem.evaluate(parameters)
    }

    /// The `closedform bound` command replaying `outcome`'s case, when its key is a registered theorem.
    public static func boundCommand(for outcome: ClaimCheckOutcome) -> String? {
        guard let theorem = try? TheoremRegistry.theorem(outcome.key), let check = try? check(outcome.key) else { return nil }
        let point = Dictionary(uniqueKeysWithValues: outcome.point.map { ($0.name, $0.value) })
        // Derived values (computed at the case, e.g. a one-round case's ε*²) replace drawn or fixed ones of the same name.
        let derived = (try? check.derived(point)) ?? [:]
        var pairs = outcome.point.filter { theorem.parameter(named: $0.name) != nil && derived[$0.name] == nil }
        pairs += derived.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        pairs += check.fixed.filter { derived[$0.key] == nil }.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        return (["closedform bound \(outcome.key)"] + pairs.map { "--\($0.name) \(ClaimCheckOutcome.format($0.value))" })
            .joined(separator: " ")
    }
}
