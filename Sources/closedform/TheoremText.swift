import ClosedForm

/// Human-readable listings of the theorem registry (text, Markdown, LaTeX) and of one evaluation (text).
enum TheoremText {
    /// The registry as plain text: one block per theorem.
    static func text(_ theorems: [Theorem]) -> String {
        theorems.map { theorem in
            var lines = ["\(theorem.key) — \(theorem.title)  \(theorem.citation)  (\(provenance(theorem)))",
                         "  \(theorem.statement)", "  side: \(theorem.side.rawValue)", "  assumptions:"]
            lines += theorem.assumptions.map { "    - \($0)" }
            lines.append("  parameters:")
            lines += theorem.parameters.map { "    \($0.option) \($0.symbol): \(summary($0))" }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n\n" + legend
    }

    /// The registry as Markdown: one section per theorem.
    static func markdown(_ theorems: [Theorem]) -> String {
        theorems.map { theorem in
            var lines = ["### `\(theorem.key)` — \(theorem.title)", "",
                         "\(theorem.citation), provenance: \(provenance(theorem)), side: \(theorem.side.rawValue)", "",
                         "$$\(theorem.latex)$$", "", "Assumptions:", ""]
            lines += theorem.assumptions.map { "- \($0)" }
            lines += ["", "| option | symbol | default | range | meaning |", "|---|---|---|---|---|"]
            lines += theorem.parameters.map {
                "| `\($0.option)` | \($0.symbol) | \($0.defaultValue.map(number) ?? "required") | \($0.domain.description) | \(meaning($0)) |"
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n\n" + legend
    }

    /// The registry as a LaTeX `description` list (Unicode in the prose needs LuaLaTeX or XeLaTeX unless
    /// `LaTeXEscaping` maps it).
    static func latex(_ theorems: [Theorem]) -> String {
        let items = theorems.map { theorem in
            var lines = ["\\item[\\texttt{\(LaTeXEscaping.escape(theorem.key))}] \(LaTeXEscaping.escape(theorem.title)) "
                         + "\(LaTeXEscaping.escape(theorem.citation)) (\(LaTeXEscaping.escape(provenance(theorem))))",
                         "\\[ \(theorem.latex) \\]", "Assumptions: " + LaTeXEscaping.escape(theorem.assumptions.map(\.description).joined(separator: "; ")) + "."]
            let parameters = theorem.parameters.map { "\\texttt{\(LaTeXEscaping.escape($0.option))} " + LaTeXEscaping.escape("\($0.symbol): \(summary($0))") }
            lines.append("Parameters: " + parameters.joined(separator: "; ") + ".")
            return lines.joined(separator: "\n")
        }
        return "\\begin{description}\n" + items.joined(separator: "\n") + "\n\\end{description}\n"
    }

    /// One evaluation as plain text.
    static func evaluation(_ evaluation: BoundEvaluation, of theorem: Theorem) -> String {
        var lines = ["\(theorem.key) — \(theorem.title)  \(theorem.citation)  (\(provenance(theorem)))",
                     "  \(theorem.statement)", "  side: \(theorem.side.rawValue)"]
        lines += evaluation.violations.map { "  not applicable: \($0)" }
        if let holds = evaluation.conditionHolds { lines.append("  condition holds: \(holds)") }
        if let lower = evaluation.lower { lines.append("  lower: \(lower)") }
        if let upper = evaluation.upper { lines.append("  upper: \(upper)") }
        if let value = evaluation.value { lines.append("  value: \(value)") }
        lines += evaluation.quantities.map { "  \($0.symbol) = \($0.value)" }
        lines.append("  parameters:")
        lines += evaluation.parameters.map { used in
            let flag = used.parameter.uncertainty.map { "  [uncertain constant, \($0.rawValue): \($0.meaning)]" } ?? ""
            return "    \(used.parameter.option) \(used.parameter.symbol) = \(used.value)\(used.isDefault ? " (default)" : "")\(flag)"
        }
        lines += evaluation.vectors.map { "    \($0.parameter.option) \($0.parameter.symbol) = \($0.values.map { "\($0)" }.joined(separator: ", "))" }
        lines.append("  assumptions:")
        lines += theorem.assumptions.map { "    - \($0)" }
        if !evaluation.notes.isEmpty { lines.append("  notes:") }
        lines += evaluation.notes.map { "    - \($0)" }
        return lines.joined(separator: "\n")
    }

    private static let legend = "Provenance: " + Provenance.allCases.map { "\($0.rawValue) = \($0.meaning)" }.joined(separator: "; ") + "."

    private static func provenance(_ theorem: Theorem) -> String {
        theorem.provenanceDetail ?? theorem.provenance.map(\.rawValue).joined(separator: ", ")
    }

    private static func summary(_ parameter: TheoremParameter) -> String {
        let value = parameter.defaultValue.map { "default \(number($0))" } ?? "required"
        return "\(value), \(parameter.isVector ? "list, entries in" : "in") \(parameter.domain.description); \(meaning(parameter))"
    }

    /// Integral values without a trailing ".0" (counts, simple defaults); others in shortest round-trip form.
    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
    }

    private static func meaning(_ parameter: TheoremParameter) -> String {
        parameter.description + (parameter.uncertainty.map { " — uncertain constant (\($0.rawValue): \($0.meaning))" } ?? "")
    }
}
