import Foundation
import Diffusion
import GaussianMixtures
import LinearAlgebra
import ScoreEstimators
import RandomStreams
import ScoreErrors

extension RecursiveRetraining {
    /// The measurements of generation i (law p̂^i) and, when `round` is the model fitted to q_i, ε*_i² (ideal
    /// path, stream 4), ε̂_i² (learned path, under the fit's own noised law, stream 5) and the one-round
    /// divergences of p̂^{i+1} from q_i (streams 6 and 7). `streams[8]` feeds KL(p_data‖p̂^i) and H².
    /// `step` is called `Self.measurementSteps` times, whatever is measured: after D_i, after each KL, after H²
    /// and W₂, after ε*_i², after ε̂_i², and at the end (so that a long generation moves the progress bar in parts).
    func measure(_ model: GenerationModel, generation i: Int, streams: [RandomStream],
                 round fitted: Rule.Fitted?, step: () -> Void = {}) throws -> GenerationMeasurement {
        let c = configuration, target = c.target, law = model.law
        let skipped = DivergenceEstimate(metric: .chi2, value: .nan, method: .monteCarlo, note: "not measured")
        let chi2 = c.measurement.divergences
            ? try ChiSquaredToMixture.evaluate(from: law, to: target, samples: c.measurement.chiSquaredSamples, seed: streams[2].seed)
            : skipped
        step()
        let notMeasured = (value: Double.nan, standardError: Double.nan)
        let kl = c.measurement.divergences
            ? try RetrainingDivergences.kl(model, to: target, samples: c.measurement.klSamples, stream: streams[3])
            : notMeasured
        step()
        let klReverse = c.measurement.divergences
            ? try RetrainingDivergences.kl(from: target, to: law, samples: c.measurement.klSamples, stream: streams[8].substream(0))
            : notMeasured
        step()
        let hellinger2 = c.measurement.divergences
            ? try RetrainingDivergences.hellingerSquared(law, target, samples: c.measurement.klSamples, stream: streams[8].substream(1))
            : notMeasured
        let moments = RetrainingDivergences.Moments(law, reference: target)
        let w2Lower = try MixtureDivergenceBounds.gelbrich(law, target)
        let w2Upper = c.measurement.divergences && law.count * target.count <= RetrainingMeasurement.maximumTransportCells
            ? try MixtureDivergenceBounds.mixtureWasserstein2(law, target) : .nan
        step()
        var ideal: ScoreErrorEnergy.Energy?, learned: ScoreErrorEnergy.Energy?, round: OneRoundDivergences?
        // q_i = α·p_data + (1 − α)·p̂^i, the law the round's model was fitted to, and its exact score.
        let alpha = c.mixing.freshFraction
        let training = try fitted.map { _ in try RetrainingDivergences.mixture(target, weight: alpha, law, weight: 1 - alpha) }
        let truth = training.map { ExactMixtureScore(data: $0, schedule: c.schedule) }
        if let fitted, let truth, let settings = c.measurement.scoreError {
            ideal = try ScoreErrorEnergy.estimate(
                .ideal, estimate: fitted, truth: truth,
                from: settings.t0, to: settings.T, timeNodes: settings.timeNodes,
                samplesPerNode: settings.samplesPerNode, seed: streams[4].seed)
        }
        step()
        if let fitted, let truth, let settings = c.measurement.scoreError, let learnedLaw = ScoreErrorEnergy.NoisedLaw.learned(by: fitted) {
            learned = try ScoreErrorEnergy.estimate(
                .learned, estimate: fitted, learnedLaw: learnedLaw, truth: truth,
                from: settings.t0, to: settings.T, timeNodes: settings.timeNodes,
                samplesPerNode: settings.samplesPerNode, seed: streams[5].seed)
        }
        step()
        if c.measurement.divergences, let training, let next = fitted?.law {
            round = try RetrainingDivergences.oneRound(next, training: training, schedule: c.schedule,
                                                       times: c.measurement.scoreError.map { ($0.t0, $0.T) },
                                                       measurement: c.measurement, chiSquaredSeed: streams[6].seed,
                                                       klStream: streams[7])
        }
        step()
        return GenerationMeasurement(
            generation: i, chiSquared: chi2.value, chiSquaredStandardError: chi2.standardError, chiSquaredNote: chi2.note,
            chiSquaredParetoK: chi2.diagnostics?.paretoShape, kl: kl.value, klStandardError: kl.standardError, klReverse: klReverse.value, klReverseStandardError: klReverse.standardError,
            hellinger2: hellinger2.value, hellinger2StandardError: hellinger2.standardError,
            w2Lower: w2Lower, w2Upper: w2Upper, mean: moments.mean,
            covariance: moments.covariance.elements, meanError: moments.meanError, averageVariance: moments.averageVariance,
            scoreError: ideal?.value, scoreErrorStandardError: ideal?.standardError,
            learnedScoreError: learned?.value, learnedScoreErrorStandardError: learned?.standardError, round: round)
    }

    /// D_i and the moments of the exact population laws (one importance-sampling seed per generation,
    /// from substream 2^32 + i of the configuration's seed, disjoint from the runs' substreams).
    func populationMeasurements(_ laws: [GaussianMixture]) throws -> [PopulationMeasurement] {
        let c = configuration
        let base = RandomStream(seed: c.seed)
        return try laws.enumerated().map { i, law in
            let chi2 = try ChiSquaredToMixture.evaluate(from: law, to: c.target, samples: c.measurement.chiSquaredSamples,
                                                        seed: base.substream((1 << 32) + UInt64(i)).seed)
            let moments = RetrainingDivergences.Moments(law, reference: c.target)
            return PopulationMeasurement(chiSquared: chi2.value, chiSquaredStandardError: chi2.standardError,
                                         chiSquaredNote: chi2.note, chiSquaredParetoK: chi2.diagnostics?.paretoShape,
                                         meanError: moments.meanError,
                                         averageVariance: moments.averageVariance)
        }
    }
}

/// The per-generation divergences and moments of the simulator.
enum RetrainingDivergences {
    /// KL(P‖Q), P the model's law: closed form between two Gaussians; otherwise Monte Carlo from exact draws
    /// of P (`GenerationModel.sampleLaw`, never the reverse SDE's), KL ≈ mean(log p − log q), SE = sd/√M
    /// (finite variance for Gaussian mixtures with densities).
    static func kl(_ model: GenerationModel, to q: GaussianMixture, samples: Int,
                   stream: RandomStream) throws -> (value: Double, standardError: Double) {
        let p = model.law
        if p.count == 1 && q.count == 1 {
            return (try GaussianDivergence.kl(from: p.components[0], to: q.components[0]).value, 0)
        }
        return try logRatioMean(p, q, points: model.sampleLaw(count: samples, stream: stream))
    }

    /// KL(P‖Q) between two laws: closed form between two Gaussians, else Monte Carlo from `p.sample`.
    static func kl(from p: GaussianMixture, to q: GaussianMixture, samples: Int,
                   stream: RandomStream) throws -> (value: Double, standardError: Double) {
        if p.count == 1 && q.count == 1 {
            return (try GaussianDivergence.kl(from: p.components[0], to: q.components[0]).value, 0)
        }
        return try logRatioMean(p, q, points: p.sample(count: samples, stream: stream))
    }

    /// H²(P, Q): closed form between two Gaussians, else Monte Carlo from P (`MonteCarloDivergence.hellingerSquared`;
    /// without the joint-convexity upper bound, whose K_P·K_Q closed forms a KDE law would make costly).
    static func hellingerSquared(_ p: GaussianMixture, _ q: GaussianMixture, samples: Int,
                                 stream: RandomStream) throws -> (value: Double, standardError: Double) {
        let estimate = p.count == 1 && q.count == 1
            ? try GaussianDivergence.hellingerSquared(p.components[0], q.components[0])
            : try MonteCarloDivergence.hellingerSquared(from: p, to: q, samples: samples, stream: stream)
        return (estimate.value, estimate.standardError)
    }

    /// Round i's `OneRoundDivergences` of p̂^{i+1} = `next` from q_i = `training`: I_i by `ChiSquaredToMixture`
    /// (closed form when q_i has one component; seed `chiSquaredSeed`), the three KLs by `kl(from:to:)` from
    /// `klStream`'s substreams 0 (t = 0), 1 (t₀) and 2 (T). Without score-error times the noised KLs are NaN.
    static func oneRound(_ next: GaussianMixture, training: GaussianMixture, schedule: NoiseSchedule,
                         times: (t0: Double, T: Double)?, measurement: RetrainingMeasurement,
                         chiSquaredSeed: UInt64, klStream: RandomStream) throws -> OneRoundDivergences {
        let chi2 = try ChiSquaredToMixture.evaluate(from: next, to: training, samples: measurement.chiSquaredSamples, seed: chiSquaredSeed)
        let kl = try Self.kl(from: next, to: training, samples: measurement.klSamples, stream: klStream.substream(0))
        func noisedKL(_ time: Double, _ substream: UInt64) throws -> (value: Double, standardError: Double) {
            let s = schedule.scale(at: time), gamma2 = schedule.gammaSquared(at: time)
            return try Self.kl(from: next.noised(scale: s, noiseVariance: gamma2), to: training.noised(scale: s, noiseVariance: gamma2),
                               samples: measurement.klSamples, stream: klStream.substream(substream))
        }
        let start = try times.map { try noisedKL($0.t0, 1) } ?? (.nan, .nan)
        let terminal = try times.map { try noisedKL($0.T, 2) } ?? (.nan, .nan)
        return OneRoundDivergences(chiSquared: chi2.value, chiSquaredStandardError: chi2.standardError, chiSquaredNote: chi2.note,
                                   kl: kl.value, klStandardError: kl.standardError,
                                   klAtStart: start.value, klAtStartStandardError: start.standardError,
                                   terminalKL: terminal.value, terminalKLStandardError: terminal.standardError)
    }

    /// mean(log p − log q) over `points` drawn from P, with its standard error sd/√M.
    static func logRatioMean(_ p: GaussianMixture, _ q: GaussianMixture, points: Matrix) throws -> (value: Double, standardError: Double) {
        let samples = points.rows
        let logP = try MixtureLogDensity(p)(points), logQ = try MixtureLogDensity(q)(points)
        let ratios = zip(logP, logQ).map { $0 - $1 }
        let mean = ratios.reduce(0, +) / Double(samples)
        let variance = ratios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples - 1)
        return (mean, (variance / Double(samples)).squareRoot())
    }

    /// w₁·A + w₂·B as one mixture (a part with weight 0 is left out).
    static func mixture(_ a: GaussianMixture, weight w1: Double, _ b: GaussianMixture, weight w2: Double) throws -> GaussianMixture {
        if w2 == 0 { return a }
        if w1 == 0 { return b }
        return try GaussianMixture(weights: a.weights.map { w1 * $0 } + b.weights.map { w2 * $0 },
                                   components: a.components + b.components)
    }

    /// A law's mean, covariance, distance of the mean to a reference's, and average variance tr Σ/n.
    struct Moments {
        let mean: [Double]
        let covariance: Matrix
        let meanError: Double
        let averageVariance: Double

        init(_ law: GaussianMixture, reference: GaussianMixture) {
            mean = law.mean
            covariance = law.covariance
            meanError = (mean - reference.mean).euclideanNorm
            averageVariance = covariance.trace / Double(law.dimension)
        }
    }
}
