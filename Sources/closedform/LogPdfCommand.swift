import ArgumentParser
import ClosedForm

/// `closedform logpdf`: log p_t(x) for every point.
struct LogPdfCommand: PointwiseEvaluationCommand {
    static let configuration = CommandConfiguration(
        commandName: "logpdf",
        abstract: "Print the log-density log p_t(x) of the noised model at every point (one value per line).",
        discussion: """
            Natural logarithm; at t = 0 the model itself (every component must then have a density: a \
            low-rank component needs a positive noise).

            Example:
              closedform logpdf --model model.json --schedule vp --time 0.1 \\
                --points points.csv
            """
    )

    @OptionGroup var options: EvaluationOptions

    func evaluate(_ model: ExactMixtureScore, _ points: Matrix, time: Double) throws -> String {
        PointsFile.render(try model.logDensity(points, time: time))
    }
}
