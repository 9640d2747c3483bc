/// Escapes text for LaTeX body text; Unicode mathematical letters common in our captions are mapped to
/// their math-mode commands so that the table compiles with pdflatex.
public enum LaTeXEscaping {
    private static let replacements: [Character: String] = [
        "\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
        "{": "\\{", "}": "\\}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}",
        "α": "$\\alpha$", "β": "$\\beta$", "γ": "$\\gamma$", "δ": "$\\delta$", "ε": "$\\varepsilon$",
        "η": "$\\eta$", "θ": "$\\theta$", "κ": "$\\kappa$", "λ": "$\\lambda$", "μ": "$\\mu$", "ρ": "$\\rho$",
        "σ": "$\\sigma$", "Σ": "$\\Sigma$", "χ": "$\\chi$", "π": "$\\pi$", "∞": "$\\infty$", "²": "$^2$",
        "≤": "$\\le$", "≥": "$\\ge$", "±": "$\\pm$", "×": "$\\times$", "÷": "$\\div$", "−": "$-$", "→": "$\\to$",
        "‖": "$\\|$", "∗": "$^*$", "ₙ": "$_n$", "ᵢ": "$_i$", "₀": "$_0$", "₂": "$_2$", "≈": "$\\approx$",
        "·": "$\\cdot$", "—": "---", "–": "--",
    ]

    /// `text` with LaTeX's special characters escaped.
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text { result += replacements[character] ?? String(character) }
        return result.replacingOccurrences(of: "$$", with: "")
    }
}
