import ArgumentParser
import ClosedForm
import Foundation

/// `--format markdown|latex|csv|json` for commands that print one table.
struct TableFormatOptions: ParsableArguments {
    @Option(help: ArgumentHelp("markdown, latex, csv or json.", valueName: "format"))
    var format: String = "markdown"

    func validate() throws {
        guard ["markdown", "latex", "csv", "json"].contains(format) else {
            throw InputError(source: "--format", field: "", reason: "unknown format '\(format)'; expected markdown, latex, csv or json")
        }
    }

    /// The table in the chosen format.
    func render(_ table: Table) -> String {
        switch format {
        case "latex": return table.latex
        case "csv": return table.csv
        case "json": return table.json
        default: return table.markdown
        }
    }

    /// Parses a comma-separated list of numbers given to `option`.
    /// - Throws: `InputError` naming the option and the entry that is not a number.
    static func numbers<T: LosslessStringConvertible>(_ text: String, option: String) throws -> [T] {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !entries.isEmpty else { throw InputError(source: option, field: "", reason: "'\(text)' is empty; give a comma-separated list") }
        return try entries.map { entry in
            guard let value = T(entry) else {
                throw InputError(source: option, field: "", reason: "'\(entry)' in '\(text)' is not a number")
            }
            return value
        }
    }

    /// Throws `InputError` naming `option` with `value` unless `condition` holds.
    static func require(_ condition: Bool, _ option: String, _ value: String, _ requirement: String) throws {
        if !condition { throw InputError(source: option, field: "", reason: "\(value) must be \(requirement)") }
    }
}
