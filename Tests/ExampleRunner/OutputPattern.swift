/// Compares a command's actual output with the output a document shows, where `…` marks what varies.
///
/// - A shown line that is `…` alone stands for any number of lines (none included): output left out.
/// - `…` inside a shown line stands for any text within that line (a timing, the tail of a long line).
/// - Everything else must be equal, character for character.
///
/// `…` also matches itself, so output that contains the character (some error messages do) still matches
/// when shown as printed.
public enum OutputPattern {
    public static let ellipsis = "…"

    /// True when `actual` is what `shown` shows.
    public static func matches(shown: [String], actual: [String]) -> Bool {
        // reachable[j]: the shown lines so far can stand for exactly actual[..<j].
        var reachable = [Bool](repeating: false, count: actual.count + 1)
        reachable[0] = true
        for line in shown {
            var next = [Bool](repeating: false, count: actual.count + 1)
            if line == ellipsis {
                var seen = false
                for j in 0...actual.count {
                    seen = seen || reachable[j]
                    next[j] = seen
                }
            } else {
                for j in 0..<actual.count where reachable[j] && lineMatches(shown: line, actual: actual[j]) {
                    next[j + 1] = true
                }
            }
            reachable = next
        }
        return reachable[actual.count]
    }

    /// True when the single line `actual` is what `shown` shows (`…` matching any text within the line).
    public static func lineMatches(shown: String, actual: String) -> Bool {
        let parts = shown.components(separatedBy: ellipsis)
        guard parts.count > 1 else { return shown == actual }
        guard let first = parts.first, let last = parts.last,
              actual.hasPrefix(first), actual.dropFirst(first.count).hasSuffix(last),
              actual.count >= first.count + last.count
        else { return false }
        // With only "any text" wildcards, taking each middle part at its leftmost place is optimal.
        var rest = actual.dropFirst(first.count).dropLast(last.count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
