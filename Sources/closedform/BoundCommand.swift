import ArgumentParser
import ClosedForm

/// `closedform bound <key> --param value …`: evaluates one registered bound; `closedform bound --claim FILE
/// --param name=value …` the bound of a claim file.
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
              closedform bound --claim claims/persistence.toml --param alpha=0.5 \\
                --param eta_floor=0.5 --param eps_floor=0.01

            With --claim, parameters are --param name=value (a choice by its name, e.g. --param schedule=ou); \
            those the bound needs and the file gives no default for must be passed. A bound that reads scenario \
            quantities needs every scenario parameter (the file's defaults count).
            """
    )

    @Argument(help: ArgumentHelp("Theorem key, e.g. B.prop4.1.persistence (omit with --claim).", valueName: "key"))
    var key: String?

    @Option(help: ArgumentHelp("A claim file whose bound to evaluate instead of a registered theorem.", valueName: "FILE"))
    var claim: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("With --claim: one parameter as name=value (repeat the option).", valueName: "name=value"))
    var claimParameters: [String] = []

    /// The output formats of one evaluation.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case json, text
    }

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format: Format = .json

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The theorem's parameters: --name value or --name=value.", valueName: "--param value"))
    var parameters: [String] = []

    func validate() throws {
        if claim == nil && key == nil { throw InputError(source: "key", field: "", reason: "missing; give a theorem key or --claim FILE") }
        if claim != nil, let key { throw InputError(source: key, field: "", reason: "unexpected with --claim; the file names its claim") }
        if claim == nil && !claimParameters.isEmpty { throw InputError(source: "--param", field: "", reason: "applies with --claim only; give a theorem's parameters as --name value") }
        if claim != nil, let stray = parameters.first {
            throw InputError(source: stray, field: "", reason: "unexpected argument; with --claim give parameters as --param name=value")
        }
    }

    func run() throws {
        if let claim {
            let file = try ClaimLibrary.load([claim])[0]
            let given = try claimParameters.map { text -> (name: String, text: String) in
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else { throw InputError(source: "--param", field: text, reason: "expected name=value") }
                return (parts[0], parts[1])
            }
            let value = try file.evaluateBound(given)
            switch format {
            case .json: print(ClaimBoundJSON.render(value, of: file))
            case .text: print(ClaimBoundJSON.text(value, of: file))
            }
            return
        }
        let theorem = try TheoremRegistry.theorem(key!)
        let (scalars, vectors) = try BoundArguments.parse(parameters, for: theorem)
        let evaluation = try theorem.evaluate(scalars, vectors: vectors)
        switch format {
        case .json: print(TheoremJSON.evaluation(evaluation, of: theorem))
        case .text: print(TheoremText.evaluation(evaluation, of: theorem))
        }
    }
}
