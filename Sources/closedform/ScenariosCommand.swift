import ArgumentParser
import ClosedForm

/// `closedform scenarios [NAME]`: the catalogue of exactly computable situations that claim files are checked on.
struct ScenariosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarios",
        abstract: "List the scenarios of claim files: parameters with default domains, quantities with definition, citation and method.",
        discussion: """
            A claim file names one scenario (scenario = "pair"); its expressions read the scenario's quantities \
            and parameters, and its [parameters] table narrows or widens the default domains shown here \
            (proofs/core.claim-files.md). Monte Carlo quantities carry a standard error, used by `check`'s \
            4·SE failure rule.

            Examples:
              closedform scenarios
              closedform scenarios pair
            """
    )

    @Argument(help: ArgumentHelp("One scenario to show (default: all).", valueName: "NAME"))
    var name: String?

    func run() throws {
        let scenarios: [any Scenario]
        if let name {
            guard let scenario = ScenarioCatalog.named(name) else {
                throw InputError(source: "NAME", field: "", reason: "unknown scenario '\(name)'; scenarios: \(ScenarioCatalog.all.map(\.name).joined(separator: ", "))")
            }
            scenarios = [scenario]
        } else {
            scenarios = ScenarioCatalog.all
        }
        print(scenarios.map(ScenariosCommand.describe).joined(separator: "\n\n"))
    }

    /// One scenario: its name and summary, then a parameter per line (name, default domain, meaning) and a
    /// quantity per line (name, method, citation key, definition; arrays as name[k]).
    static func describe(_ scenario: any Scenario) -> String {
        var lines = ["\(scenario.name) — \(scenario.summary)", "  parameters:"]
        let width = scenario.parameters.map { $0.name.count }.max() ?? 0
        let domains = scenario.parameters.map { domain($0.domain) }
        let domainWidth = domains.map(\.count).max() ?? 0
        for (parameter, domain) in zip(scenario.parameters, domains) {
            lines.append("    \(parameter.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
                         + "\(domain.padding(toLength: domainWidth, withPad: " ", startingAt: 0))  \(parameter.description)")
        }
        lines.append("  quantities:")
        let names = scenario.quantities.map { $0.isArray ? "\($0.name)[k]" : $0.name }
        let quantityWidth = names.map(\.count).max() ?? 0
        for (quantity, name) in zip(scenario.quantities, names) {
            lines.append("    \(name.padding(toLength: quantityWidth, withPad: " ", startingAt: 0))  \(quantity.method.rawValue), \(quantity.citation): \(quantity.definition)")
        }
        return lines.joined(separator: "\n")
    }

    /// `range = [a, b]` (with `log = true`), `integers = [a, b]`, `values = [..]`, or `value = x` for a one-point domain.
    static func domain(_ domain: ScenarioParameter.Domain) -> String {
        switch domain {
        case .real(let range, let logScale):
            if range.lowerBound == range.upperBound { return "value = \(NumberText.human(range.lowerBound))" }
            return "range = [\(NumberText.human(range.lowerBound)), \(NumberText.human(range.upperBound))]" + (logScale ? ", log = true" : "")
        case .integer(let range):
            return range.lowerBound == range.upperBound ? "value = \(range.lowerBound)" : "integers = [\(range.lowerBound), \(range.upperBound)]"
        case .choice(let names): return "values = [\(names.map { "\"\($0)\"" }.joined(separator: ", "))]"
        }
    }
}
