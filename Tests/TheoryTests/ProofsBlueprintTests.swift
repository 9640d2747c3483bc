import Foundation
import Testing
import Theorems

/// proofs/ is a checked blueprint: every registered claim has a proof file, every `uses:` edge and every
/// `verified-by:` test name resolves, every test named after a claim key names a real claim, and
/// proofs/README.md indexes exactly the proof files.
///
/// Conventions the checks rely on (see proofs/README.md):
/// - a section runs from its bold label (`**uses:**`, `**verified-by:**`) to the next blank line;
/// - in `verified-by:` every backticked span outside parentheses is a test display name (`@Test("…")` or
///   `@Suite("…")`); text after `Experiment:` or `Scale:` names commands, not tests; a name may be
///   abbreviated with "…" (or "...") and then matches any display name starting with the part before it.
@Suite("proofs/ blueprint: keys, uses and verified-by resolve")
struct ProofsBlueprintTests {
    // MARK: - Repository contents

    /// The repository root: three levels above this file (Tests/TheoryTests/<file>).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var proofsDirectory: URL { root.appendingPathComponent("proofs") }

    /// Proof files by key (file name without `.md`), excluding README.md and REFERENCES.md.
    static func proofKeys() throws -> Set<String> {
        let names = try FileManager.default.contentsOfDirectory(atPath: proofsDirectory.path)
        return Set(names.filter { $0.hasSuffix(".md") && $0 != "README.md" && $0 != "REFERENCES.md" }
            .map { String($0.dropLast(3)) })
    }

    static func proofText(_ key: String) throws -> String {
        try String(contentsOf: proofsDirectory.appendingPathComponent("\(key).md"), encoding: .utf8)
    }

    /// Every `@Test("…")` and `@Suite("…")` display name under Tests/, whitespace-normalised.
    static func testDisplayNames() throws -> Set<String> {
        let tests = root.appendingPathComponent("Tests")
        guard let walker = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil) else {
            throw BlueprintError("cannot list \(tests.path)")
        }
        var names = Set<String>()
        for case let url as URL in walker where url.pathExtension == "swift" {
            let source = try String(contentsOf: url, encoding: .utf8)
            names.formUnion(displayNames(in: source))
        }
        return names
    }

    /// The first string literal of each `@Test(` / `@Suite(` attribute (after optional whitespace and
    /// newlines), with `\"`, `\\` and other simple escapes resolved.
    static func displayNames(in source: String) -> [String] {
        var names: [String] = []
        let characters = Array(source)
        for marker in ["Test", "Suite"].map({ Array("@\($0)(") }) {
            var i = 0
            while i + marker.count <= characters.count {
                guard characters[i] == "@", Array(characters[i..<(i + marker.count)]) == marker else { i += 1; continue }
                var j = i + marker.count
                while j < characters.count, characters[j].isWhitespace { j += 1 }
                i = j
                guard j < characters.count, characters[j] == "\"" else { continue }
                var literal = ""
                j += 1
                var closed = false
                while j < characters.count {
                    let c = characters[j]
                    if c == "\\", j + 1 < characters.count {
                        let next = characters[j + 1]
                        switch next {
                        case "n": literal.append(" ")
                        case "t": literal.append(" ")
                        default: literal.append(next)
                        }
                        j += 2
                        continue
                    }
                    if c == "\"" { closed = true; break }
                    if c == "\n" { break }  // not a single-line literal: ignore
                    literal.append(c)
                    j += 1
                }
                if closed { names.append(normalised(literal)) }
                i = j
            }
        }
        return names
    }

    /// Runs of whitespace (including line breaks inside a backticked span) become one space.
    static func normalised(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The text after `**<label>:**` up to the next blank line, or nil when the label is missing.
    static func section(_ label: String, in text: String) -> String? {
        guard let start = text.range(of: "**\(label):**") else { return nil }
        let rest = text[start.upperBound...]
        if let end = rest.range(of: "\n\n") { return String(rest[..<end.lowerBound]) }
        return String(rest)
    }

    /// Backticked spans outside parentheses, before `Experiment:` / `Scale:`, whitespace-normalised.
    static func testReferences(in section: String) -> [String] {
        var spans: [String] = []
        var inTicks = false, depth = 0, current = ""
        var rest = Substring(section)
        while let c = rest.first {
            if inTicks {
                if c == "`" {
                    inTicks = false
                    if depth == 0 { spans.append(normalised(current)) }
                    current = ""
                } else {
                    current.append(c)
                }
            } else if c == "`" {
                inTicks = true
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth = max(0, depth - 1)
            } else if rest.hasPrefix("Experiment:") || rest.hasPrefix("Scale:") {
                break
            }
            rest = rest.dropFirst()
        }
        return spans
    }

    /// Whole tokens of a `uses:` section that look like claim keys (`core.score`, `B.lemma.mixing`).
    static func keyTokens(in text: String) -> [String] {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-"))
        return text.unicodeScalars.split(whereSeparator: { !allowed.contains($0) || !$0.isASCII })
            .map { String(String.UnicodeScalarView($0)) }
            .map { token in
                var token = Substring(token)
                while let last = token.last, last == "." || last == "-" { token = token.dropLast() }
                return String(token)
            }
            .filter { claimKeyPrefix(of: $0 + ":") == $0 }
    }

    /// The key of a name that starts like `B.lemma.mixing:` or `C.exact-solver:` (regex
    /// `^(core|[A-E])\.[A-Za-z0-9.\-]+:`), or nil.
    static func claimKeyPrefix(of name: String) -> String? {
        let head: Substring
        if name.hasPrefix("core.") {
            head = name.dropFirst(5)
        } else if let first = name.first, "ABCDE".contains(first), name.dropFirst().first == "." {
            head = name.dropFirst(2)
        } else {
            return nil
        }
        let body = head.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        guard !body.isEmpty, head.dropFirst(body.count).first == ":" else { return nil }
        return String(name.prefix(name.count - head.count + body.count))
    }

    /// A verified-by entry names an existing test: exactly, or by its prefix before "…" / "...".
    static func resolves(_ entry: String, in names: Set<String>) -> Bool {
        if names.contains(entry) { return true }
        for ellipsis in ["…", "..."] {
            if let cut = entry.range(of: ellipsis) {
                let prefix = normalised(entry[..<cut.lowerBound])
                if !prefix.isEmpty, names.contains(where: { $0.hasPrefix(prefix) }) { return true }
            }
        }
        return false
    }

    struct BlueprintError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - The parser itself

    @Test("blueprint parser: display names with escaped quotes and on the next line; key prefixes; ellipses; parentheses skipped")
    func parser() {
        let source = "@Test(\"a \\\"quoted\\\" name\") func a() {}\n@Suite(\n    \"B.x-y: suite\", .serialized)\n@Test func plain() {}"
        #expect(Self.displayNames(in: source).sorted() == ["B.x-y: suite", "a \"quoted\" name"])
        #expect(Self.claimKeyPrefix(of: "B.lemma.mixing: text") == "B.lemma.mixing")
        #expect(Self.claimKeyPrefix(of: "core.dsm: text") == "core.dsm")
        #expect(Self.claimKeyPrefix(of: "B.recursion and B.prop3.1.kl-upper: text") == nil)
        #expect(Self.claimKeyPrefix(of: "Closed-form MoLRG denoiser [C]") == nil)
        #expect(Self.keyTokens(in: " core.mixture-chi2, B.lemma.mixing. — (Ky Fan; docs/theory.md §1)") == ["core.mixture-chi2", "B.lemma.mixing"])
        let section = "`first name` (against `NotATest`), `second\n  name …`. Experiment: `closedform reproduce x`."
        #expect(Self.testReferences(in: section) == ["first name", "second name …"])
        #expect(Self.resolves("second name …", in: ["second name is longer"]))
        #expect(!Self.resolves("second game …", in: ["second name is longer"]))
    }

    // MARK: - The checks

    @Test("blueprint: every registered theorem key has proofs/<key>.md")
    func everyTheoremHasAProof() throws {
        let proofs = try Self.proofKeys()
        #expect(!TheoremRegistry.keys.isEmpty)
        for key in TheoremRegistry.keys {
            if !proofs.contains(key) { Issue.record("registered theorem \(key) has no proofs/\(key).md") }
        }
    }

    @Test("blueprint: every proof file has Statement, uses and verified-by, and every uses: key has a proof file")
    func usesResolve() throws {
        let proofs = try Self.proofKeys()
        #expect(proofs.count >= TheoremRegistry.keys.count)
        for key in proofs.sorted() {
            let text = try Self.proofText(key)
            #expect(text.contains("**Statement.**"), "proofs/\(key).md has no **Statement.**")
            #expect(Self.section("verified-by", in: text) != nil, "proofs/\(key).md has no **verified-by:**")
            guard let uses = Self.section("uses", in: text) else {
                Issue.record("proofs/\(key).md has no **uses:**")
                continue
            }
            for used in Self.keyTokens(in: uses) {
                if !proofs.contains(used) { Issue.record("proofs/\(key).md uses \(used), which has no proof file") }
            }
        }
    }

    @Test("blueprint: every verified-by entry names an existing @Test or @Suite display name")
    func verifiedByResolve() throws {
        let names = try Self.testDisplayNames()
        #expect(names.count > 100, "found only \(names.count) display names under Tests/")
        for key in try Self.proofKeys().sorted() {
            guard let section = Self.section("verified-by", in: try Self.proofText(key)) else { continue }
            let entries = Self.testReferences(in: section)
            #expect(!entries.isEmpty, "proofs/\(key).md: verified-by names no test")
            for entry in entries {
                if !Self.resolves(entry, in: names) { Issue.record("proofs/\(key).md: verified-by `\(entry)` is not a test display name") }
            }
        }
    }

    @Test("blueprint: a test named `<key>: …` names a registered theorem or a proof file")
    func testKeysResolve() throws {
        let known = Set(TheoremRegistry.keys).union(try Self.proofKeys())
        for name in try Self.testDisplayNames().sorted() {
            guard let key = Self.claimKeyPrefix(of: name) else { continue }
            if !known.contains(key) { Issue.record("test \"\(name)\" names \(key): no registered theorem and no proofs/\(key).md") }
        }
    }

    @Test("blueprint: proofs/README.md lists every proof file and only existing ones")
    func readmeIndex() throws {
        let readme = try String(contentsOf: Self.proofsDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        // Links of the form ](<key>.md) — the index table's first column.
        var listed = Set<String>()
        var rest = Substring(readme)
        while let open = rest.range(of: "](") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let target = rest[..<close]
            if target.hasSuffix(".md"), !target.contains("/") { listed.insert(String(target.dropLast(3))) }
            rest = rest[close...]
        }
        listed.remove("REFERENCES")
        let proofs = try Self.proofKeys()
        for key in proofs.subtracting(listed).sorted() {
            Issue.record("proofs/README.md does not list \(key).md")
        }
        for key in listed.subtracting(proofs).sorted() {
            Issue.record("proofs/README.md lists \(key).md, which does not exist")
        }
    }
}
