import ArgumentParser
import ClosedForm
import Foundation

/// `--estimator gaussian|kde|empirical|lowrank|mlp` with its parameters, shared by `fit` and `score-error`.
struct EstimatorOptions: ParsableArguments {
    /// The learned-score estimators.
    enum Estimator: String, CaseIterable, ExpressibleByArgument {
        /// One full-covariance Gaussian, by moments (`GaussianMaximumLikelihood`).
        case gaussian
        /// Gaussian kernel density estimate (`KernelDensityEstimate`), needs `--bandwidth`.
        case kde
        /// The memorising denoiser of [D] (`EmpiricalDenoiser`).
        case empirical
        /// MoLRG by K-subspaces + PCA [C] (`LowRankSubspaceFit`), needs `--subspaces` and `--dimension`.
        case lowrank
        /// A small score network trained by denoising score matching (`MLPScoreEstimator`).
        case mlp
    }

    @Option(help: ArgumentHelp("Estimator: gaussian (one full-covariance Gaussian, moments), kde (Gaussian KDE, needs --bandwidth), empirical (memorising denoiser of [D]), lowrank (MoLRG by K-subspaces + PCA [C], needs --subspaces and --dimension) or mlp (small score network trained by denoising score matching).",
                               valueName: "estimator"))
    var estimator: Estimator

    @Option(parsing: .unconditional, help: ArgumentHelp("KDE bandwidth h > 0 (kde only).", valueName: "h"))
    var bandwidth: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of subspaces K ≥ 1 (lowrank only).", valueName: "K"))
    var subspaces: Int?

    @Option(name: .customLong("dimension"), parsing: .unconditional,
            help: ArgumentHelp("Subspace dimension d, 1 ≤ d ≤ n (lowrank only).", valueName: "d"))
    var subspaceDimension: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("K-subspaces seeded restarts (lowrank only).", valueName: "R"))
    var restarts: Int = 5

    @Flag(help: "Unbiased sample covariance, divisor N − 1 (gaussian only; default the MLE, divisor N).")
    var unbiased = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Optimiser steps K ≥ 1 (mlp only; default 6000).", valueName: "K"))
    var steps: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Hidden-layer width w ≥ 1 (mlp only; default \(MLPArchitecture.defaultWidth)).", valueName: "w"))
    var width: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Hidden layers L, 1…8 (mlp only; default \(MLPArchitecture.defaultHiddenLayers)).", valueName: "L"))
    var layers: Int?

    func validate() throws {
        typealias F = TableFormatOptions
        try requireOnly(bandwidth != nil, "--bandwidth", for: .kde)
        try requireOnly(subspaces != nil, "--subspaces", for: .lowrank)
        try requireOnly(subspaceDimension != nil, "--dimension", for: .lowrank)
        try requireOnly(unbiased, "--unbiased", for: .gaussian)
        for (value, option) in [(steps, "--steps"), (width, "--width"), (layers, "--layers")] {
            try requireOnly(value != nil, option, for: .mlp)
            if let value { try F.require(value >= 1 && value <= 10_000_000, option, "\(value)", "between 1 and 10000000") }
        }
        switch estimator {
        case .kde:
            let h = try required(bandwidth, "--bandwidth", "h > 0")
            try F.require(h > 0 && h.isFinite, "--bandwidth", describeNumber(h), "positive and finite")
        case .lowrank:
            let k = try required(subspaces, "--subspaces", "K ≥ 1")
            let d = try required(subspaceDimension, "--dimension", "d ≥ 1")
            try F.require(k >= 1 && k <= 1_000, "--subspaces", "\(k)", "between 1 and 1000")
            try F.require(d >= 1 && d <= ModelFile.maximumDimension, "--dimension", "\(d)", "between 1 and \(ModelFile.maximumDimension)")
            try F.require(restarts >= 1 && restarts <= 1_000, "--restarts", "\(restarts)", "between 1 and 1000")
        case .gaussian, .empirical, .mlp: break  // no required parameters
        }
    }

    /// Throws when an option is given for an estimator it does not apply to.
    private func requireOnly(_ given: Bool, _ option: String, for name: Estimator) throws {
        if given && estimator != name {
            throw InputError(source: option, field: "", reason: "applies only to --estimator \(name.rawValue), not to '\(estimator.rawValue)'")
        }
    }

    private func required<T>(_ value: T?, _ option: String, _ what: String) throws -> T {
        guard let value else {
            throw InputError(source: option, field: "", reason: "missing: --estimator \(estimator.rawValue) needs \(option) (\(what))")
        }
        return value
    }

    /// Fits the estimator to `samples` (N×n) under `schedule`; K-subspaces and the MLP's training use `seed`.
    /// The MLP reports its training steps on a `ProgressBar` (standard error).
    /// - Throws: `InputError` attributed to `source` (the samples file) when the samples cannot support the
    ///   fit, or to the option of an invalid MLP setting.
    func fit(_ samples: Matrix, schedule: NoiseSchedule, seed: UInt64, source: String) throws -> any FittedScoreModel {
        do {
            switch estimator {
            case .mlp:
                let defaults = MLPTrainingSettings()
                let architecture: MLPArchitecture
                do {
                    architecture = try MLPArchitecture(dimension: samples.columns, hiddenLayers: layers ?? MLPArchitecture.defaultHiddenLayers, width: width ?? MLPArchitecture.defaultWidth)
                } catch let error as InputError where error.field == "hiddenLayers" {
                    throw InputError(source: "--layers", field: "", reason: error.reason)
                }
                let training = MLPTrainingSettings(steps: steps ?? defaults.steps, seed: seed)
                let bar = ProgressBar(label: "mlp training steps", total: training.steps)
                return try MLPScoreEstimator(architecture: architecture, training: training) { step, _, loss in
                    bar.update(done: step, detail: String(format: "batch loss %.4f", loss))
                }
                    .fit(samples, schedule: schedule)
            case .gaussian: return try GaussianMaximumLikelihood(convention: unbiased ? .unbiased : .biased).fit(samples, schedule: schedule)
            case .kde: return try KernelDensityEstimate(bandwidth: bandwidth!).fit(samples, schedule: schedule)
            case .empirical: return try EmpiricalDenoiser().fit(samples, schedule: schedule)
            case .lowrank:
                try TableFormatOptions.require(subspaceDimension! <= samples.columns, "--dimension", "\(subspaceDimension!)",
                                               "at most the dimension n = \(samples.columns) of \(source)")
                let rule = try LowRankSubspaceFit(subspaces: subspaces!, dimension: subspaceDimension!, restarts: restarts, seed: seed)
                return try rule.fit(samples, schedule: schedule)
            }
        } catch let error as InputError where error.source.isEmpty {
            throw error.attributed(to: source)
        }
    }
}
