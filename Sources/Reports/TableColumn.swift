/// One column of a `Table`, defined once and rendered right in every format: its header in Unicode
/// (Markdown, terminals, CSV and JSON keys), its header in LaTeX (text with `$…$` math, e.g.
/// `$\varepsilon^{*2}_{i-1}$`), a short key for `--columns`, and its role, which decides where a LaTeX or
/// Markdown table too wide for the page puts it (`TableParts`).
///
/// A column written as a string literal gets its LaTeX header from `TableColumn.latexHeader(for:)` (ASCII
/// `_x`, `_{…}`, `^x`, `^{…}` become math sub- and superscripts, Unicode symbols math commands) and its
/// header as key.
public struct TableColumn: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// Where a column goes when a table is split or regrouped.
    public enum Role: String, Sendable, CaseIterable {
        /// A parameter shared by a block of rows (α): a grouping row in LaTeX, a column elsewhere.
        case grouping
        /// The row index a reader selects rows by (the generation i): repeated in every part; rows
        /// can be chosen by its value (`TablePresentation.shownIndexValues`).
        case index
        /// A column that names the row (λ, t, a model): repeated in every part.
        case key
        /// A measured quantity (the drift part of a split table).
        case measured
        /// A bound, a comparison quantity or a verdict on one (the bound part of a split table).
        case bound
    }

    /// The Unicode header.
    public var header: String
    /// The LaTeX header (text mode, math in `$…$`); `\\` breaks it into stacked lines.
    public var latexHeader: String
    /// The name `--columns` selects it by (ASCII, no spaces).
    public var key: String
    public var role: Role

    public init(_ header: String, latex: String? = nil, key: String? = nil, role: Role = .measured) {
        self.header = header
        self.latexHeader = latex ?? Self.latexHeader(for: header)
        self.key = key ?? header
        self.role = role
    }

    public init(stringLiteral header: String) { self.init(header) }

    /// The LaTeX form of a Unicode header: `LaTeXEscaping.escapeWithScripts` (`D_i` → `$D_{i}$`,
    /// `S_{i−1}` → `$S_{i-1}$`), so a header has no escaped underscore or brace.
    public static func latexHeader(for header: String) -> String {
        LaTeXEscaping.escapeWithScripts(header)
    }
}
