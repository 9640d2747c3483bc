import ArgumentParser
import ClosedForm
import Foundation

/// `--format markdown|latex|csv|json` and how the table is shown (`--caption`, `--label`, `--columns`,
/// `--show-generations`, `--table-environment`), for commands that print one table.
struct TableFormatOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Table format.", valueName: "format"))
    var format: TableFormat = CommandDefaults.tableFormat

    @Option(help: ArgumentHelp("Caption replacing the generated one (what, setting, seed; notes stay below the table).", valueName: "text"))
    var caption: String?

    @Option(help: ArgumentHelp("LaTeX label (\\label{…}) replacing the generated one.", valueName: "label"))
    var label: String?

    @OptionGroup var presentation: TablePresentationOptions

    /// The table in the chosen format, shown as the options say.
    /// - Throws: `InputError` naming `--columns` for a key the table does not have.
    func render(_ table: Table) throws -> String {
        var presentation = try presentation.presentation()
        presentation.caption = caption
        presentation.label = label
        return try table.rendered(as: format, presentation: presentation)
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

/// `--columns`, `--show-generations` and `--table-environment`: how tables are shown in LaTeX and
/// Markdown (`TablePresentation`), for `retrain`, the other table commands and `reproduce`.
struct TablePresentationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only these columns (keys such as D,KL,S,flag for the drift tables), beside the α, i and key columns; every format.",
                               valueName: "keys"))
    var columns: String?

    @Option(name: .customLong("show-generations"),
            help: ArgumentHelp("Rows shown in LaTeX and Markdown, by generation (e.g. 1,2,5,10,20); CSV and JSON keep every row. Default: every row that fits a page.",
                               valueName: "list"))
    var showGenerations: String?

    @Option(name: .customLong("table-environment"),
            help: ArgumentHelp("LaTeX environment: table (one-column article), table* (spans two columns) or longtable (every row, across pages).",
                               valueName: "environment"))
    var environment: TablePresentation.Environment = .table

    /// Checks the lists' syntax before any work is done.
    func validate() throws { _ = try presentation() }

    /// Checks, before any work is done, that every `--columns` key names one of `columns`.
    /// - Throws: `InputError` naming `--columns`, the key and the keys there are.
    func validate(against columns: [TableColumn]) throws {
        let table = Table(caption: "", label: "", columns: columns)
        if let keys = try presentation().columnKeys { _ = try table.selectingColumns(keys) }
    }

    /// The presentation these options describe.
    /// - Throws: `InputError` naming `--columns` or `--show-generations` for an empty list or an entry that
    ///   is not a key or a non-negative integer.
    func presentation() throws -> TablePresentation {
        let keys = try columns.map { text -> [String] in
            let keys = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if let empty = keys.firstIndex(of: "") { throw InputError(source: "--columns", field: "", reason: "entry \(empty + 1) of '\(text)' is empty") }
            return keys
        }
        let generations = try showGenerations.map { text -> [Int] in
            let values: [Int] = try TableFormatOptions.numbers(text, option: "--show-generations")
            if let negative = values.first(where: { $0 < 0 }) { throw InputError(source: "--show-generations", field: "", reason: "\(negative) must be ≥ 0") }
            return values
        }
        return TablePresentation(environment: environment, shownIndexValues: generations, columnKeys: keys)
    }
}

extension TablePresentation.Environment: ExpressibleByArgument {}
