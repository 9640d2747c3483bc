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
        return result.replacingOccurrences(of: "$$", with: "")
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
}
