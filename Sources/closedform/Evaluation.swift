import ArgumentParser
import ClosedForm

/// The options shared by `score`, `logpdf` and `denoise`, and the loading they share.
struct EvaluationOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var points: PointsOptions
    @OptionGroup var output: OutputOptions

    /// The exact diffusion of the model under the schedule, and the points (checked against its dimension).
    func load() throws -> (score: ExactMixtureScore, points: Matrix) {
        let data = try model.load()
        let points = try self.points.load(dimension: data.dimension)
        return (ExactMixtureScore(data: data, schedule: try time.noiseSchedule()), points)
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
    func run() throws {
        let (model, points) = try options.load()
        let text = try options.attributing { try evaluate(model, points, time: options.time.time) }
        try options.output.emit(text)
    }
}
