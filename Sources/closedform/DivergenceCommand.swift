import ArgumentParser
import ClosedForm
import Foundation

/// `closedform divergence`: KL, χ², W₂ or the squared Hellinger distance between two models, the score-error
/// energy of P's exact score against Q's along the learned or the ideal path (`ScoreErrorEnergy`), or its
/// observability η (`Observability`).
struct DivergenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "divergence",
        abstract: "Print KL(P‖Q), χ²(P‖Q), W₂(P, Q), H²(P, Q) or a score-error energy between two model files as one JSON object.",
        discussion: """
            Closed form where one exists, otherwise Monte Carlo with a standard error. Output keys: \
            metric, value, method ("closed-form" or "monte-carlo"), standardError; and, when present, \
            samples, note, lowerBound, upperBound. An infinite value is written as the string "Infinity" \
            (JSON has no infinity; Python's float() and JavaScript's Number() read it back). --metric hellinger2 \
            is H² = 1 − ∫√(pq) ∈ [0, 1], finite where χ² is not: closed form between two Gaussians, else \
            1 − E_P[√(q/p)] by Monte Carlo with upperBound min(1, Σᵢⱼ πᵢρⱼ H²(Pᵢ, Qⱼ)).

            --metric score-energy: ∫_{t₀}^{T} g(t)² E‖∇log p_t − ∇log q_t‖² dt under --schedule, P = --from \
            (the learned law, whose exact score is ŝ) and Q = --to (the target). --path learned takes E under the \
            noised P (ε̂², the energy of [B, Prop 3.1]: KL(P‖Q) ≤ ½ε̂² + KL(P_T‖Q_T)); --path ideal under the \
            noised Q (ε*², the energy of [B, Prop 3.3, Thm 3.4]). The time integral is GSL's Gauss–Legendre \
            rule with --time-nodes nodes (in log t when t₀ > 0); E is exact for two Gaussians, otherwise a mean \
            of --samples draws per node (samples = draws per node; standardError is Monte-Carlo only). Extra \
            keys: path, schedule, t0, T, timeNodes.

            --metric observability: η = Var(E[M | Y_{t₀}]) / ε*² of [B, Def 3.2], the fraction of the ideal-path \
            error that the endpoint sees (M the Girsanov martingale of P's exact score along the ideal reverse \
            process of Q, under --schedule over [--t0, --T]). Exact (up to the time quadrature) when P and Q are \
            single Gaussians; otherwise nested Monte Carlo with --samples outer draws (default \
            \(Observability.defaultOuterSamples)) and a standard error. Extra keys: schedule, t0, T, timeNodes, \
            visibleVariance (Var E[M | Y_{t₀}]), idealEnergy (ε*²).

            Importance-sampled χ² (a mixture Q) carries paretoK, effectiveSampleSize and reliable: the Pareto k̂ \
            of the largest weights (Zhang–Stephens fit to the top min(0.2S, 3√S)) and (Σw)²/Σw²; reliable is \
            false past k̂ > 0.7, where the standard error cannot be trusted (while 0.7 < k̂ < 1 the sample is first grown, up to 8×).

            Example:
              closedform divergence --metric kl --from p.json --to q.json \\
                --samples 100000 --seed 1

            Example (the learned-path energy ε̂² of [B, Prop 3.1]):
              closedform divergence --metric score-energy --path learned --schedule ou \\
                --t0 0 --T 40 --from p.json --to q.json

            Example (observability η of [B, Def 3.2]):
              closedform divergence --metric observability --schedule ou \\
                --t0 0.02 --T 4 --from p.json --to q.json
            """
    )

    @Option(help: ArgumentHelp("Divergence, score-energy (then --path, --schedule, --t0 and --T apply) or observability (--schedule, --t0, --T).", valueName: "metric"))
    var metric: DivergenceChoice

    @Option(help: ArgumentHelp("score-energy only: learned (E under the noised --from law) or ideal (under the noised --to law).",
                               valueName: "path"))
    var path: ScoreErrorEnergy.Path?

    @Option(help: ArgumentHelp("score-energy only: the noise schedule.", valueName: "schedule"))
    var schedule: NoiseSchedule = .ou

    @Option(name: .customLong("t0"), parsing: .unconditional, help: ArgumentHelp("score-energy only: start t₀ ≥ 0 of the time integral.", valueName: "A"))
    var t0: Double?

    @Option(name: .customLong("T"), parsing: .unconditional, help: ArgumentHelp("score-energy only: end T > t₀ of the time integral.", valueName: "B"))
    var horizon: Double?

    @Option(name: .customLong("time-nodes"), parsing: .unconditional,
            help: ArgumentHelp("score-energy only: Gauss–Legendre nodes of the time integral.", valueName: "K"))
    var timeNodes: Int = ScoreErrorEnergy.defaultTimeNodes

    @Option(help: ArgumentHelp("Model file of P.", valueName: "A.json"))
    var from: String

    @Option(help: ArgumentHelp("Model file of Q.", valueName: "B.json"))
    var to: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Monte-Carlo sample size, used when no closed form exists (default \(Divergence.defaultSamples); observability: outer draws, default \(Observability.defaultOuterSamples)).", valueName: "N"))
    var samples: Int?

    /// Seeds the Monte-Carlo stream.
    @OptionGroup var seed: SeedOptions<DefaultSeed>

    func validate() throws {
        switch metric {
        case .scoreEnergy:
            guard path != nil else { throw InputError(source: "--path", field: "", reason: "missing; --metric score-energy needs learned or ideal") }
            guard t0 != nil else { throw InputError(source: "--t0", field: "", reason: "missing; --metric score-energy needs the start of the time integral") }
            guard horizon != nil else { throw InputError(source: "--T", field: "", reason: "missing; --metric score-energy needs the end of the time integral") }
        case .observability:
            guard path == nil else { throw InputError(source: "--path", field: "", reason: "given with --metric observability; η is defined on the ideal path only") }
            guard t0 != nil else { throw InputError(source: "--t0", field: "", reason: "missing; --metric observability needs the start of the time integral") }
            guard horizon != nil else { throw InputError(source: "--T", field: "", reason: "missing; --metric observability needs the end of the time integral") }
        case .divergence(let divergence):
            for (option, given) in [("--path", path != nil), ("--t0", t0 != nil), ("--T", horizon != nil)] where given {
                throw InputError(source: option, field: "", reason: "given with --metric \(divergence.rawValue); it applies to --metric score-energy and observability only")
            }
        }
        if let samples, !(1...Divergence.maximumSamples).contains(samples) {
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
        let divergence: DivergenceMetric
        switch metric {
        case .scoreEnergy:
            print(try scoreEnergy(from: p, to: q).printed(expandedLevels: 0))
            return
        case .observability:
            print(try observability(from: p, to: q).printed(expandedLevels: 0))
            return
        case .divergence(let chosen):
            divergence = chosen
        }
        let estimate: DivergenceEstimate
        do {
            estimate = try Divergence.evaluate(divergence, from: p, to: q, samples: samples ?? Divergence.defaultSamples, seed: seed.value)
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

    /// `--metric score-energy`: ŝ = ∇log p_t (the --from law's exact score) against ∇log q_t, as one JSON object.
    func scoreEnergy(from p: GaussianMixture, to q: GaussianMixture) throws -> JSONValue {
        guard let path, let t0, let horizon else { preconditionFailure("validate() requires --path, --t0 and --T with score-energy") }
        let energy: ScoreErrorEnergy.Energy
        do {
            energy = try ScoreErrorEnergy.between(learned: p, target: q, schedule: schedule, path: path, from: t0, to: horizon,
                                                  timeNodes: timeNodes, samplesPerNode: samples ?? Divergence.defaultSamples, seed: seed.value)
        } catch let error as InputError {
            let options = ["t0": "--t0", "T": "--T", "timeNodes": "--time-nodes", "samplesPerNode": "--samples", "learned": from]
            throw options[error.source].map { error.attributed(to: $0) } ?? error
        }
        return .object(JSONObject([
            ("metric", .string(DivergenceChoice.scoreEnergy.name)),
            ("value", .number(energy.value)),
            ("method", .string(energy.method.rawValue)),
            ("standardError", .number(energy.standardError)),
            ("samples", .integer(Int64(energy.samplesPerNode))),
            ("path", .string(path.rawValue)),
            ("schedule", .string(schedule.rawValue)),
            ("t0", .number(t0)),
            ("T", .number(horizon)),
            ("timeNodes", .integer(Int64(energy.timeNodes))),
        ]))
    }
}

extension DivergenceCommand {
    /// `--metric observability`: η of P's exact score against Q's ideal path (`Observability`), as one JSON object.
    func observability(from p: GaussianMixture, to q: GaussianMixture) throws -> JSONValue {
        guard let t0, let horizon else { preconditionFailure("validate() requires --t0 and --T with observability") }
        let eta: Observability.Estimate
        do {
            eta = try Observability.between(learned: p, target: q, schedule: schedule, from: t0, to: horizon, timeNodes: timeNodes,
                                            outerSamples: samples ?? Observability.defaultOuterSamples, seed: seed.value)
        } catch let error as InputError {
            let options = ["t0": "--t0", "T": "--T", "timeNodes": "--time-nodes", "samples": "--samples", "learned": from]
            throw options[error.source].map { error.attributed(to: $0) } ?? error
        } catch is Observability.ExactScore {
            throw InputError(source: from, field: "", reason: "has ε*² = 0 against \(to) (its score is exact on the path): η = Var(E[M | Y_{t₀}])/ε*² is 0/0")
        }
        return .object(JSONObject([
            ("metric", .string(DivergenceChoice.observability.name)),
            ("value", .number(eta.value)),
            ("method", .string(eta.method.rawValue)),
            ("standardError", .number(eta.standardError)),
            ("samples", .integer(Int64(eta.samples))),
            ("schedule", .string(schedule.rawValue)),
            ("t0", .number(t0)),
            ("T", .number(horizon)),
            ("timeNodes", .integer(Int64(eta.timeNodes))),
            ("visibleVariance", .number(eta.visibleVariance)),
            ("idealEnergy", .number(eta.idealEnergy)),
        ]))
    }
}

/// `--metric`: one of the divergences, or the score-error energy (which needs a path, a schedule and a time range).
enum DivergenceChoice: Equatable, CaseIterable, ExpressibleByArgument {
    case divergence(DivergenceMetric)
    case scoreEnergy
    case observability

    static var allCases: [DivergenceChoice] { DivergenceMetric.allCases.map(DivergenceChoice.divergence) + [.scoreEnergy, .observability] }

    /// `kl`, `chi2`, `w2`, `score-energy` or `observability`, in any case.
    var name: String {
        switch self {
        case .divergence(let metric): return metric.rawValue
        case .scoreEnergy: return "score-energy"
        case .observability: return "observability"
        }
    }

    init?(argument: String) {
        guard let choice = Self.allCases.first(where: { $0.name == argument.lowercased() }) else { return nil }
        self = choice
    }

    var defaultValueDescription: String { name }
    static var allValueStrings: [String] { allCases.map(\.name) }
}
