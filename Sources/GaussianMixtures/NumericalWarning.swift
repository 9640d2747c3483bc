/// A loss of precision that is not an error: the result is computed, finite, but some of its digits may
/// be rounding noise. The command-line tool prints each as one line after its output:
/// `warning: model.json: components[2].covariance: condition number 3.1e13 at t = 0.001; scores may lose up to 13 of 16 digits`.
public struct NumericalWarning: CustomStringConvertible, Equatable, Sendable {
    /// The file the model came from (empty until `attributed(to:)`).
    public var source: String
    /// The field at fault, e.g. `components[2].covariance`.
    public var field: String
    /// What is lost, with the value.
    public var message: String

    public init(source: String = "", field: String, message: String) {
        self.source = source
        self.field = field
        self.message = message
    }

    /// A copy attributed to `source`.
    public func attributed(to source: String) -> NumericalWarning {
        NumericalWarning(source: source, field: field, message: message)
    }

    public var description: String {
        let location = [source, field].filter { !$0.isEmpty }.joined(separator: ": ")
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
