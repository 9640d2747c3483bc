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

    /// The output formats of the registry.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json, markdown, latex
    }

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format: Format = .text

    func run() throws {
        let theorems = TheoremRegistry.all
        switch format {
        case .json: print(TheoremJSON.registry(theorems))
        case .markdown: print(TheoremText.markdown(theorems), terminator: "")
        case .latex: print(TheoremText.latex(theorems), terminator: "")
        case .text: print(TheoremText.text(theorems), terminator: "")
        }
    }
}
