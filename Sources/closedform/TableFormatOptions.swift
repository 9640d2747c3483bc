import ArgumentParser
import ClosedForm
import Foundation

/// `--format markdown|latex|csv|json` for commands that print one table.
struct TableFormatOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Table format.", valueName: "format"))
    var format: TableFormat = CommandDefaults.tableFormat

    /// The table in the chosen format.
    func render(_ table: Table) -> String { table.rendered(as: format) }

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
