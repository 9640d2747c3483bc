/// One cell of a Jupyter notebook: Markdown, or code with the outputs it displayed.
public struct NotebookCell: Sendable {
    public enum Kind: Sendable {
        case markdown
        /// A code cell (never executed here: `execution_count` is null) with its outputs.
        case code(outputs: [NotebookOutput])
    }

    /// Unique within the notebook and stable between runs: 1–64 characters of `[A-Za-z0-9_-]` (nbformat 4.5).
    public let id: String
    public let kind: Kind
    /// The cell's text.
    public let source: String

    public init(id: String, kind: Kind, source: String) {
        precondition(!id.isEmpty && id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") },
                     "NotebookCell: id '\(id)' is not 1–64 characters of [A-Za-z0-9_-]")
        self.id = id
        self.kind = kind
        self.source = source
    }
}
