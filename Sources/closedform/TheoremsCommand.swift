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

            --claims adds the claim files of FILE or DIR (its *.toml) after the built-in claims: key, title, \
            citation, side, scenario, the measured side and bound, assumptions and parameter declarations.

            Examples:
              closedform theorems --format markdown
              closedform theorems --claims claims/
            """
    )

    /// The output formats of the registry.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json, markdown, latex
    }

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format: Format = .text

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Claim files, or folders of *.toml claim files, to list beside the built-in claims.", valueName: "FILE|DIR"))
    var claims: [String] = []

    func run() throws {
        let theorems = TheoremRegistry.all
        let files = try ClaimLibrary.load(claims)
        switch format {
        case .json: print(TheoremJSON.registry(theorems, claimFiles: files))
        case .markdown: print(TheoremText.markdown(theorems) + ClaimFileText.markdown(files), terminator: "")
        case .latex: print(TheoremText.latex(theorems) + ClaimFileText.latex(files), terminator: "")
        case .text: print(TheoremText.text(theorems) + ClaimFileText.text(files), terminator: "")
        }
    }
}
