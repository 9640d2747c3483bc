import ArgumentParser
import ClosedForm

/// `closedform denoise`: the optimal denoiser E[x₀ | x_t = x] for every point.
struct DenoiseCommand: PointwiseEvaluationCommand {
    static let configuration = CommandConfiguration(
        commandName: "denoise",
        abstract: "Print the posterior mean E[x₀ | x_t = x] at every point (one CSV row per point).",
        discussion: """
            Tweedie's formula E[x₀ | x_t] = (x_t + γ² ∇ log p_t(x_t)) / s, γ = s·σ (docs/theory.md §0), \
            evaluated as Σ_k w_k (μ_k + sΣ_k(s²Σ_k + γ²I)⁻¹(x_t − sμ_k)), which stays accurate as s → 0 \
            (ou, vp near their end) and as σ grows (ve).

            Example:
              closedform denoise --model model.json --schedule ou --time 1 \\
                --points points.csv --output denoised.csv
            """
    )

    @OptionGroup var options: EvaluationOptions

    func evaluate(_ model: ExactMixtureScore, _ points: Matrix, time: Double) throws -> String {
        PointsFile.render(try model.denoise(points, time: time))
    }
}
