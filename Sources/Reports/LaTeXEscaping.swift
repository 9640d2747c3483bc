/// Escapes text for LaTeX body text so that it compiles with pdflatex and `amsmath` (no other package):
/// special characters are escaped; Greek letters, sub/superscripts and the mathematical symbols of our
/// captions become math-mode commands (adjacent math runs are merged); a letter with a combining hat,
/// tilde or bar becomes `\hat{x}`, `\tilde{x}`, `\bar{x}`; Latin-1 letters pass through (pdflatex's UTF-8
/// input reads them); any other character is written as `[U+XXXX]` rather than stopping the compilation.
public enum LaTeXEscaping {
    private static let replacements: [Character: String] = {
        var table: [Character: String] = [
            "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
            "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "<": "$<$", ">": "$>$",
            "|": "$|$", "—": "---", "–": "--", "…": "\\ldots{}", "§": "\\S{}", "½": "$1/2$", "°": "$^\\circ$",
        ]
        let math: [Character: String] = [
            "∞": "\\infty", "≤": "\\le", "≥": "\\ge", "±": "\\pm", "×": "\\times", "÷": "\\div", "−": "-", "→": "\\to",
            "←": "\\leftarrow", "↦": "\\mapsto", "‖": "\\|", "∗": "^*", "≈": "\\approx", "·": "\\cdot", "√": "\\surd",
            "∝": "\\propto", "≠": "\\neq", "∂": "\\partial", "∈": "\\in", "∉": "\\notin", "∑": "\\sum", "∏": "\\prod",
            "∇": "\\nabla", "∫": "\\int", "≲": "\\mathrel{\\underset{\\sim}{<}}", "≳": "\\mathrel{\\underset{\\sim}{>}}", "≡": "\\equiv",
            "ℝ": "\\mathbf{R}", "ℕ": "\\mathbf{N}", "∘": "\\circ", "⊂": "\\subset", "⊆": "\\subseteq", "∪": "\\cup",
            "∩": "\\cap", "∀": "\\forall", "∃": "\\exists", "⟨": "\\langle", "⟩": "\\rangle", "ᾱ": "\\bar\\alpha",
            "′": "'", "∼": "\\sim", "≪": "\\ll", "≫": "\\gg", "⊤": "\\top", "Û": "\\hat{U}",
        ]
        let greek = ["α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ζ": "zeta", "η": "eta",
                     "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
                     "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "varphi", "χ": "chi", "ψ": "psi", "ω": "omega",
                     "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma",
                     "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"]
        let subscripts = Array("₀₁₂₃₄₅₆₇₈₉"), superscripts = Array("⁰¹²³⁴⁵⁶⁷⁸⁹")
        var all = math
        for (letter, name) in greek { all[Character(letter)] = "\\" + name }
        for digit in 0..<10 { all[subscripts[digit]] = "_\(digit)"; all[superscripts[digit]] = "^\(digit)" }
        for (mark, letter) in zip("ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "aeoxhklmnpstij") { all[mark] = "_\(letter)" }
        for (mark, letter) in zip("ᵃᵇᵈᵉᵏᵐⁿᵗⁱ", "abdekmnti") { all[mark] = "^\(letter)" }
        all["ᵀ"] = "^\\top"
        all["₊"] = "_+"; all["₋"] = "_-"; all["⁺"] = "^+"; all["⁻"] = "^-"
        for (character, command) in all { table[character] = "$" + command + "$" }
        return table
    }()

    /// Combining accents (U+0302 hat, U+0303 tilde, U+0304 macron, U+0305 overline) as math accents.
    private static let accents: [Unicode.Scalar: String] = ["\u{0302}": "\\hat", "\u{0303}": "\\tilde", "\u{0304}": "\\bar", "\u{0305}": "\\bar"]

    /// `text` with LaTeX's special characters escaped (see the type). A run of subscript (superscript)
    /// characters becomes one group, `μᵢ₊₁` → `$\mu_{i+1}$`, so that pdflatex sees no double subscript.
    public static func escape(_ text: String) -> String {
        var result = ""
        var script: (mark: String, content: String)? = nil
        func flush() {
            if let run = script { result += "$\(run.mark){\(run.content)}$" }
            script = nil
        }
        for character in text {
            if let replacement = replacements[character], let mark = ["_", "^"].first(where: { replacement.hasPrefix("$" + $0) }) {
                let content = String(replacement.dropFirst(2).dropLast())
                if script?.mark == mark { script!.content += content } else { flush(); script = (mark, content) }
                continue
            }
            flush()
            result += escape(character)
        }
        flush()
        return result.mergingMathRuns
    }

    private static func escape(_ character: Character) -> String {
        if let replacement = replacements[character] { return replacement }
        let scalars = Array(character.unicodeScalars)
        if scalars.count == 2, let accent = accents[scalars[1]] {
            var base = escape(Character(scalars[0]))
            if base.hasPrefix("$") && base.hasSuffix("$") && base.count > 1 { base = String(base.dropFirst().dropLast()) }
            return "$\(accent){\(base)}$"
        }
        if scalars.allSatisfy({ $0.value < 0x80 || (0xC0...0x17F).contains($0.value) }) { return String(character) }
        return scalars.map { "[U+" + String($0.value, radix: 16, uppercase: true) + "]" }.joined()
    }

    /// `escape`, except that TeX-like scripts become math: ASCII `_` and `^` followed by a `{…}` group,
    /// a word or one character become a sub- or superscript (`D_i` → `$D_{i}$`, `S_{i−1}` → `$S_{i-1}$`,
    /// `p_data` → `$p_{\mathrm{data}}$`, `N^{-1/2}` → `$N^{-1/2}$`; a single letter before the script is
    /// its base, `KL_i` → `KL$_{i}$`; between two words of several letters `_` stays an underscore,
    /// `SOURCE_DATE_EPOCH`), and a star after a Greek letter is a
    /// superscript (`ε*²` → `$\varepsilon^{*2}$`). For headers, captions and notes; the result has no
    /// escaped underscore or brace from a script.
    public static func escapeWithScripts(_ text: String) -> String {
        var result = "", plain = ""
        var characters = Substring(starred(text))
        while let first = characters.first {
            characters = characters.dropFirst()
            guard first == "_" || first == "^", let next = characters.first, next != " " else {
                plain.append(first)
                continue
            }
            // Between two words of several letters, `_` is part of an identifier (SOURCE_DATE_EPOCH).
            let wordBefore = plain.reversed().prefix { $0.isLetter || $0.isNumber }.count
            let wordAfter = characters.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }.count
            if first == "_", wordBefore > 1, wordAfter > 1 {
                plain.append(first)
                continue
            }
            // A single letter before the script is its base: `D_i` → `$D_{i}$`, not `D$_{i}$`.
            var base = ""
            if let last = plain.last, last.isASCII, last.isLetter, !(plain.dropLast().last?.isLetter ?? false) {
                base = String(last)
                plain.removeLast()
            }
            result += escape(plain) + (base.isEmpty ? "" : "$\(base)$")
            plain = ""
            var math: String
            if next == "{", let close = characters.firstIndex(of: "}") {
                math = escapeWithScripts(String(characters[characters.index(after: characters.startIndex)..<close]))
                characters = characters[characters.index(after: close)...]
            } else if next.isASCII, next.isLetter {
                // A lower-case word is one script (`p_data`); otherwise one letter is (`U_kU_k` is U_k U_k).
                let letters = characters.prefix { $0.isASCII && $0.isLetter }
                let word = letters.allSatisfy(\.isLowercase) ? letters : letters.prefix(1)
                characters = characters.dropFirst(word.count)
                math = word.count > 1 ? "\\mathrm{\(word)}" : String(word)
            } else {
                math = escape(String(next))
                characters = characters.dropFirst()
            }
            // Inside the script, the math runs join: a `$` between two runs becomes a space, so that `\le`
            // before a letter stays a control word (`i≤r` → `i \le r`, not `i\ler`).
            let joined = math.components(separatedBy: "$").reduce("") { joined, run in
                let endsInWord = joined.reversed().prefix { $0.isLetter }.count > 0 && joined.reversed().drop { $0.isLetter }.first == "\\"
                return joined + (endsInWord && run.first?.isLetter == true ? " " : "") + run
            }
            result += "$\(first){\(joined)}$"
        }
        result += escape(plain)
        return result.mergingMathRuns
    }

    /// `ε*²` → `ε^{*2}`, `ε*` → `ε^{*}`: a star after a Greek letter, with the superscript digits after it.
    private static func starred(_ text: String) -> String {
        var result = ""
        var characters = Substring(text)
        while let first = characters.first {
            characters = characters.dropFirst()
            result.append(first)
            guard characters.first == "*", first.unicodeScalars.first.map({ (0x391...0x3C9).contains($0.value) }) == true else { continue }
            characters = characters.dropFirst()
            // `ε*_i²` has its subscript between the star and the square: `ε^{*2}_{i}`.
            var subscriptText = ""
            if characters.first == "_", characters.count >= 2, characters.dropFirst().first != "{" {
                subscriptText = "_{" + String(characters.dropFirst().prefix(1)) + "}"
                characters = characters.dropFirst(2)
            }
            let digits = characters.prefix { "⁰¹²³⁴⁵⁶⁷⁸⁹".contains($0) }
            characters = characters.dropFirst(digits.count)
            let plainDigits = digits.map { String("⁰¹²³⁴⁵⁶⁷⁸⁹".distance(from: "⁰¹²³⁴⁵⁶⁷⁸⁹".startIndex, to: "⁰¹²³⁴⁵⁶⁷⁸⁹".firstIndex(of: $0)!)) }.joined()
            result += "^{*\(plainDigits)}" + subscriptText
        }
        return result
    }
}

private extension String {
    /// Adjacent math runs joined (`$a$$b$` → `$ab$`), with a space where a control word would otherwise
    /// run into a letter (`$\\partial$$x$` → `$\\partial x$`).
    var mergingMathRuns: String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: "$$") {
            let before = rest[..<range.lowerBound]
            result += before
            let word = before.reversed().prefix { $0.isLetter }
            let controlWord = !word.isEmpty && before.dropLast(word.count).last == "\\"
            if controlWord, rest[range.upperBound...].first?.isLetter == true { result += " " }
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
