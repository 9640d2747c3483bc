import ArgumentParser
import ClosedForm

/// `closedform bound <key> --param value …`: evaluates one registered bound.
struct BoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Evaluate one registered bound for given parameters (JSON by default).",
        discussion: """
            Parameters are given as --name value or --name=value; a list parameter (per-round errors) \
            as comma-separated numbers. Parameters not given take their default; `closedform theorems` \
            lists every key with its parameters, ranges and defaults. The JSON object has key, side, \
            lower, upper, value (null when absent), conditionHolds, quantities, every parameter used with \
            "default": true/false, the uncertain constants with their provenance, assumptions (each with its \
            label, e.g. A3 or eps*2<=1, or null), applicable and notApplicable (the labelled assumptions the \
            given values violate: the bound then says nothing there; text prints "not applicable: <label>: \
            <why>") and notes.

            Examples:
              closedform bound B.prop4.1.persistence --alpha 0.5 --eta-floor 0.5 \\
                --epsilon-floor 0.01
              closedform bound A.thm1.stability --lambda 0.2 --lipschitz 1 --concavity 1 \\
                --epsilon 0.1 --rounds 10
              closedform bound B.thm4.2.discounted-sum --alpha=0.1 \\
                --round-errors 0.01,0.02,0.01 --format text
            """
    )

    @Argument(help: ArgumentHelp("Theorem key, e.g. B.prop4.1.persistence.", valueName: "key"))
    var key: String

    /// The output formats of one evaluation.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case json, text
    }

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format: Format = .json

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The theorem's parameters: --name value or --name=value.", valueName: "--param value"))
    var parameters: [String] = []

    func run() throws {
        let theorem = try TheoremRegistry.theorem(key)
        let (scalars, vectors) = try BoundArguments.parse(parameters, for: theorem)
        let evaluation = try theorem.evaluate(scalars, vectors: vectors)
        switch format {
        case .json: print(TheoremJSON.evaluation(evaluation, of: theorem))
        case .text: print(TheoremText.evaluation(evaluation, of: theorem))
        }
    }
}
