import ArgumentParser
import ClosedForm

/// `closedform denoise`: the optimal denoiser E[x₀ | x_t = x] for every point.
struct DenoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "denoise",
        abstract: "Print the posterior mean E[x₀ | x_t = x] at every point (one CSV row per point).",
        discussion: """
            Tweedie's formula E[x₀ | x_t] = (x_t + γ² ∇ log p_t(x_t)) / s, γ = s·σ (THEORY.md §0).

            Example:
              closedform denoise --model model.json --schedule ou --time 1 \\
                --points points.csv --output denoised.csv
            """
    )

    @OptionGroup var options: EvaluationOptions

    func run() throws {
        let (model, points) = try options.load()
        let denoised = try options.attributing { try model.denoise(points, time: options.time.time) }
        try options.output.emit(PointsFile.render(denoised))
    }
}
