import LinearAlgebra
import InputErrors

/// Checks shared by the fitting rules: enough rows for the fit, every value finite.
enum TrainingSamples {
    /// Throws unless `samples` has at least `minimumRows` rows, at least one column and only finite entries.
    /// - Parameter requirement: why that many rows are needed, appended to the message
    ///   (e.g. "need at least 6 (dimension + 1) for a non-singular covariance").
    static func validate(_ samples: Matrix, minimumRows: Int, requirement: String) throws {
        guard samples.columns > 0 else {
            throw InputError(source: "", field: "samples", reason: "have 0 columns; the dimension must be at least 1")
        }
        guard samples.rows >= minimumRows else {
            throw InputError(source: "", field: "samples",
                             reason: "\(samples.rows) rows for dimension \(samples.columns); \(requirement)")
        }
        if let index = samples.elements.firstIndex(where: { !$0.isFinite }) {
            throw InputError(source: "", field: "samples",
                             reason: "row \(index / samples.columns), column \(index % samples.columns) is \(describeNumber(samples.elements[index])); values must be finite")
        }
    }
}
