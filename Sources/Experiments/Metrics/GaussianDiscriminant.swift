import Foundation
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// Quadratic Gaussian discriminant analysis, the classifier of the reconstruction experiment [E]
/// (docs/theory.md §5): fit one Gaussian per class by its sample moments, predict the class of largest
/// ```
/// log π̂_c + log N(x; μ̂_c, Σ̂_c + ρI)
/// ```
/// with π̂_c the class frequencies and a ridge ρ (default 10⁻⁶·(tr Σ̂_c/n + 1)) so that collapsed classes
/// (memorised reconstructions) still have a density.
public struct GaussianDiscriminant: Sendable {
    /// The fitted class Gaussians, index = class label.
    public let classes: [Gaussian]
    /// log π̂_c.
    public let logPriors: [Double]

    /// Fits on labelled points; labels must be 0..<classCount and every class needs at least one point.
    /// - Throws: `InputError` naming `labels` for a label out of range or an empty class.
    public init(points: Matrix, labels: [Int], classCount: Int) throws {
        precondition(points.rows == labels.count, "GaussianDiscriminant: \(points.rows) points, \(labels.count) labels")
        if let bad = labels.first(where: { $0 < 0 || $0 >= classCount }) {
            throw InputError(source: "", field: "labels", reason: "label \(bad) is outside 0..<\(classCount)")
        }
        let n = points.columns
        var gaussians: [Gaussian] = []
        var priors: [Double] = []
        for c in 0..<classCount {
            let members = labels.indices.filter { labels[$0] == c }
            guard !members.isEmpty else {
                throw InputError(source: "", field: "labels", reason: "class \(c) has no points; every class needs at least one")
            }
            let rows = Matrix(rowArrays: members.map { points.row($0) })
            let count = Double(members.count)
            let mean = rows.transposedTimes([Double](repeating: 1, count: members.count)).map { $0 / count }
            var covariance = rows.subtractingFromRows(mean).gram.symmetrised
            covariance = Matrix(rows: n, columns: n, elements: covariance.elements.map { $0 / count })
            let ridge = 1e-6 * (covariance.trace / Double(n) + 1)
            gaussians.append(try Gaussian(mean: mean, covariance: covariance.addingToDiagonal(ridge)))
            priors.append(log(count / Double(points.rows)))
        }
        classes = gaussians
        logPriors = priors
    }

    /// The predicted class of each row.
    /// - Throws: `InputError` for points of the wrong dimension.
    public func predict(_ points: Matrix) throws -> [Int] {
        let scores = try classes.enumerated().map { c, gaussian in
            try GaussianMixture(gaussian).logDensity(points).map { $0 + logPriors[c] }
        }
        return (0..<points.rows).map { i in
            var best = 0
            for c in 1..<classes.count where scores[c][i] > scores[best][i] { best = c }
            return best
        }
    }

    /// The fraction of rows whose predicted class equals `labels`.
    public func accuracy(_ points: Matrix, labels: [Int]) throws -> Double {
        let predicted = try predict(points)
        return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }
}
