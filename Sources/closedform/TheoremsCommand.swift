import ArgumentParser
import ClosedForm

/// `closedform theorems`: every registered claim with its key, statement, assumptions, provenance and
/// parameters.
struct TheoremsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theorems",
        abstract: "List every registered claim: key, statement, assumptions, provenance, parameters and defaults.",
        discussion: """
            Provenance tags: code (the authors' code), sec (a third-party source quoting the paper), rec \
            (recalled, unverified), der (derived here). Evaluate one claim with `closedform bound <key>`.

            Example:
              closedform theorems --format markdown
            """
    )

    @Option(help: ArgumentHelp("Output format.", valueName: "text|json|markdown|latex"))
    var format: String = "text"

    static let formats = ["text", "json", "markdown", "latex"]

    func validate() throws {
        guard TheoremsCommand.formats.contains(format) else {
            throw InputError(source: "--format", field: "", reason: "unknown format '\(format)'; expected one of \(TheoremsCommand.formats.joined(separator: ", "))")
        }
    }

    func run() throws {
        let theorems = TheoremRegistry.all
        switch format {
        case "json": print(TheoremJSON.registry(theorems))
        case "markdown": print(TheoremText.markdown(theorems), terminator: "")
        case "latex": print(TheoremText.latex(theorems), terminator: "")
        default: print(TheoremText.text(theorems), terminator: "")
        }
    }
}
