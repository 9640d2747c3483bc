import ArgumentParser
import ClosedForm
import Foundation

/// `closedform divergence`: KL, χ² or W₂ between two models.
struct DivergenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "divergence",
        abstract: "Print KL(P‖Q), χ²(P‖Q) or W₂(P, Q) between two model files as one JSON object.",
        discussion: """
            Closed form where one exists, otherwise Monte Carlo with a standard error. Output keys: \
            metric, value, method ("closed-form" or "monte-carlo"), standardError; and, when present, \
            samples, note, lowerBound, upperBound. An infinite value is written as the string "Infinity" \
            (JSON has no infinity; Python's float() and JavaScript's Number() read it back).

            Example:
              closedform divergence --metric kl --from p.json --to q.json \\
                --samples 100000 --seed 1
            """
    )

    @Option(help: ArgumentHelp("Divergence.", valueName: "metric"))
    var metric: DivergenceMetric

    @Option(help: ArgumentHelp("Model file of P.", valueName: "A.json"))
    var from: String

    @Option(help: ArgumentHelp("Model file of Q.", valueName: "B.json"))
    var to: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Monte-Carlo sample size, used when no closed form exists.", valueName: "N"))
    var samples: Int = Divergence.defaultSamples

    /// Seeds the Monte-Carlo stream.
    @OptionGroup var seed: SeedOptions<DefaultSeed>

    func validate() throws {
        guard samples >= 1, samples <= Divergence.maximumSamples else {
            throw InputError(source: "--samples", field: "", reason: "\(samples) must be between 1 and \(Divergence.maximumSamples)")
        }
    }

    func run() throws {
        let p = try ModelFile.read(path: from)
        let q = try ModelFile.read(path: to)
        guard p.dimension == q.dimension else {
            throw InputError(source: to, field: "dimension",
                             reason: "\(q.dimension) differs from the dimension \(p.dimension) of \(from)")
        }
        let estimate: DivergenceEstimate
        do {
            estimate = try Divergence.evaluate(metric, from: p, to: q, samples: samples, seed: seed.value)
        } catch let error as InputError {
            // The library names `--from`/`--to` (or nothing); name the files instead.
            switch error.source {
            case "--from": throw error.attributed(to: from)
            case "--to": throw error.attributed(to: to)
            case "": throw error.attributed(to: "\(from) → \(to)")
            default: throw error
            }
        }
        print(DivergenceJSON.object(estimate).printed(expandedLevels: 0))
    }
}
