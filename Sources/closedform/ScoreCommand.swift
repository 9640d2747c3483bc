import ArgumentParser
import ClosedForm

/// `closedform score`: ∇ₓ log p_t(x) for every point.
struct ScoreCommand: PointwiseEvaluationCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Print the score ∇ log p_t(x) of the noised model at every point (one CSV row per point).",
        discussion: """
            p_t = Σ_k π_k N(s μ_k, s²(Σ_k + σ² I)) with (s, σ) from the schedule (docs/theory.md §0). Output: one \
            row of n numbers per input point, in shortest round-trip form, no header.

            Example:
              closedform score --model model.json --schedule ve --time 0.5 \\
                --points points.csv --output score.csv
            """
    )

    @OptionGroup var options: EvaluationOptions

    func evaluate(_ model: ExactMixtureScore, _ points: Matrix, time: Double) throws -> String {
        PointsFile.render(try model.score(points, time: time))
    }
}
