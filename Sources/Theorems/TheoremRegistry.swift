import InputErrors

/// Every registered claim, in a fixed order ([A] first, then [B], then [C]), looked up by key.
///
/// `closedform theorems` lists them; `closedform bound <key>` evaluates one.
public enum TheoremRegistry {
    /// All theorems, in print order. Keys are unique (checked once, at first use).
    public static let all: [Theorem] = {
        let theorems = paperA + paperBSection3 + paperBSection4 + paperC
        precondition(Set(theorems.map(\.key)).count == theorems.count, "TheoremRegistry: duplicate keys")
        return theorems
    }()

    /// All keys, in print order.
    public static var keys: [String] { all.map(\.key) }

    /// The theorem with this key.
    /// - Throws: `InputError` naming the unknown key and listing the valid ones.
    public static func theorem(_ key: String) throws -> Theorem {
        guard let theorem = all.first(where: { $0.key == key }) else {
            throw InputError(source: "key", field: "", reason: "unknown theorem '\(key)'; valid keys: \(keys.joined(separator: ", "))")
        }
        return theorem
    }
}
