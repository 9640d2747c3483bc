import NumberFormats
/// Bad input from a file or a command-line option: names the file, the field and the offending value.
///
/// Its `description` is the one line the command-line tool prints before exiting with status 2, e.g.
/// `model.json: components[1].covariance: not positive definite (smallest eigenvalue -0.5)`.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or `--option`) the value came from.
    public var source: String
    /// The field inside it, e.g. `components[1].weight` or `row 3, column 2`.
    public var field: String
    /// What is wrong, including the value, e.g. `-0.5 is negative; weights must be positive`.
    public var reason: String

    public init(source: String, field: String, reason: String) {
        self.source = source
        self.field = field
        self.reason = reason
    }

    /// A copy attributed to `source` (used when a validator that does not know the file name throws).
    public func attributed(to source: String) -> InputError {
        InputError(source: source, field: field, reason: reason)
    }

    /// Throws for the first (field, count) whose count is below 1, naming the field and the value.
    public static func requireAtLeastOne(_ counts: KeyValuePairs<String, Int>) throws {
        for (field, value) in counts where value < 1 {
            throw InputError(source: "", field: field, reason: "\(value) must be at least 1")
        }
    }

    public var description: String {
        let location = [source, field].filter { !$0.isEmpty }.joined(separator: ": ")
        return location.isEmpty ? reason : "\(location): \(reason)"
    }
}

/// Formats a number for an error message: `NumberText.human` (shortest round-trip form, `∞`, `−∞`, `NaN`).
public func describeNumber(_ value: Double) -> String { NumberText.human(value) }
