/// Writes actual outputs into a document, for the refresh script (never called by a test).
public enum ExampleRewriter {
    /// `document`'s text with the shown output of every command in `results` that does not match replaced
    /// by its actual output. Outputs that match — including those whose `…` hides a varying part — are
    /// kept as written, so a refresh after no change leaves the file untouched.
    public static func rewrite(_ document: ExampleDocument, with results: [ExampleChain.Result]) -> String {
        var lines = document.lines
        let changed = results.filter { !$0.matches }.sorted { $0.command.outputLines.lowerBound > $1.command.outputLines.lowerBound }
        for result in changed {
            lines.replaceSubrange(result.command.outputLines, with: result.actual)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
