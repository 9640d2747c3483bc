import ArgumentParser
import ClosedForm
import Foundation

/// The options shared by `score`, `logpdf` and `denoise`, and the loading they share.
struct EvaluationOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var points: PointsOptions
    @OptionGroup var output: OutputOptions

    /// The exact diffusion of the model under the schedule, and the points (checked against its dimension
    /// and, before any evaluation, against the memory budget: see `OutputOptions.requireMemory`).
    func load() throws -> (score: ExactMixtureScore, points: Matrix) {
        let data = try model.load()
        let points = try self.points.load(dimension: data.dimension)
        try OutputOptions.requireMemory(rows: points.rows, columns: max(data.dimension, data.count),
                                        source: self.points.points, what: "evaluating \(points.rows) points in dimension \(data.dimension)")
        return (ExactMixtureScore(data: data, schedule: time.schedule), points)
    }

    /// Runs `body`; an error without a file name (e.g. a component with no density at t = 0) is
    /// attributed to the model file.
    func attributing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError where error.source.isEmpty {
            throw error.attributed(to: model.model)
        }
    }
}

/// A command that evaluates one closed form of the model's diffusion at every point and prints it as CSV
/// (`score`, `logpdf`, `denoise`).
protocol PointwiseEvaluationCommand: ParsableCommand {
    var options: EvaluationOptions { get }
    /// The CSV text for `points` at time `time`.
    func evaluate(_ model: ExactMixtureScore, _ points: Matrix, time: Double) throws -> String
}

extension PointwiseEvaluationCommand {
    /// Evaluates, writes the output, then prints the precision warnings of p_t (after the output, so that a
    /// failed run's standard error stays one line).
    func run() throws {
        let (model, points) = try options.load()
        let text = try options.attributing { try evaluate(model, points, time: options.time.time) }
        let warnings = try options.attributing { try model.numericalWarnings(at: options.time.time) }
        try options.output.emit(text)
        NumericalWarning.print(warnings, source: options.model.model)
    }
}

extension NumericalWarning {
    /// Prints each warning as one line `warning: <file>: <field>: <message>` on standard error.
    static func print(_ warnings: [NumericalWarning], source: String) {
        for warning in warnings {
            FileHandle.standardError.write(Data("warning: \(warning.attributed(to: source))\n".utf8))
        }
    }
}
