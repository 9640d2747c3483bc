import ArgumentParser
import ClosedForm
import Foundation

/// `closedform fit`: fits a learned-score estimator to samples and writes its law as a model file.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit an estimator to samples and write its law as a JSON model file (an mlp: its network).",
        discussion: """
            The written model is the fitted law, a Gaussian mixture, so every other command (score, logpdf, \
            sample, divergence) reads it:
              gaussian  one component N(μ̂, Σ̂), full covariance (divisor N, or N − 1 with --unbiased);
              kde       N components N(x_j, h²I), weights 1/N (basis with 0 columns, noise h²); at most \
            \(ModelFile.maximumComponents) samples, the model-file limit;
              lowrank   one component per non-empty K-subspaces cluster: basis Û_k (n×d, PCA of the cluster), \
            variances the cluster's mean squared projections on Û_k minus the noise, noise the mean squared \
            residual per orthogonal dimension (floor 1e-12), weight N_k/N, mean 0. This is the generative MoLRG \
            of the fit; the low-rank score estimator itself ([C]'s DAE parameterisation, used by score-error) \
            keeps unit variances and equal weights.
              mlp       not a Gaussian mixture: the trained network in its own JSON format \
            (format "closedform-mlp", FittedMLPScore.save), trained under --schedule with --steps, --width, \
            --layers, --seed; a progress bar on standard error.
            empirical is refused: the empirical law (1/N) Σ δ_{y_i} has no density, so no model file can \
            hold it; fit a KDE instead (--estimator kde --bandwidth h; h → 0 is the empirical denoiser), or \
            use the samples file itself as training points (sample-diffusion --score empirical --training).

            Examples:
              closedform fit --estimator gaussian --samples examples/fit-samples.csv \\
                --output fitted.json
              closedform fit --estimator kde --bandwidth 0.3 \\
                --samples examples/fit-samples.csv --output kde.json
              closedform fit --estimator lowrank --subspaces 2 --dimension 2 \\
                --samples examples/fit-samples.csv
              closedform fit --estimator mlp --steps 2000 --width 64 --seed 1 \\
                --samples examples/fit-samples.csv --output mlp.json
            """
    )

    @Option(help: ArgumentHelp("Training samples, one per row, comma-separated, no header.", valueName: "S.csv"))
    var samples: String

    @OptionGroup var estimator: EstimatorOptions

    /// Seeds the K-subspaces restarts (lowrank) or the training (mlp).
    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @Option(help: ArgumentHelp("Schedule the mlp is trained under; the mixture laws do not depend on it.", valueName: "schedule"))
    var schedule: NoiseSchedule = CommandDefaults.estimatorSchedule

    @OptionGroup var output: OutputOptions

    /// Noise and variance floor of the low-rank law, so every component keeps a density.
    static let varianceFloor = 1e-12

    func validate() throws {
        if estimator.estimator == .empirical {
            throw InputError(source: "--estimator", field: "",
                             reason: "'empirical' has no density to write ((1/N) Σ δ_{y_i}); use --estimator kde --bandwidth h (h → 0 is the empirical denoiser)")
        }
    }

    func run() throws {
        let points = try PointsFile.read(path: samples)
        if estimator.estimator == .kde {
            try TableFormatOptions.require(points.rows <= ModelFile.maximumComponents, samples, "\(points.rows) rows",
                                           "at most \(ModelFile.maximumComponents) for --estimator kde (one model-file component per sample)")
        }
        let fitted = try estimator.fit(points, schedule: schedule, seed: seed.value, source: samples)
        let law: GaussianMixture
        if let network = fitted as? FittedMLPScore {
            return try output.emit(network.fileContents)
        } else if let lowRank = fitted as? FittedLowRankMixture {
            law = try Self.generativeLaw(lowRank, samples: points)
        } else {
            law = fitted.law!  // gaussian and kde: the exact law of the fit (empirical is refused in validate)
        }
        try output.emit(ModelFile.render(law))
    }

    /// The MoLRG of a low-rank fit with fitted scales (see the command's discussion): for cluster k with
    /// points X_k (N_k×n) and projections A = X_k Û_k,
    /// ```
    /// δ_k² = max(1e-12, (‖X_k‖_F² − ‖A‖_F²) / (N_k (n − d)))   (1e-12 when d = n)
    /// λ_kj = max(1e-12, ‖A_{·j}‖² / N_k − δ_k²),   π_k = N_k / N
    /// ```
    /// so the component's variance along each basis direction, λ_kj + δ_k², is the cluster's mean squared
    /// projection, and its variance across the orthogonal complement is the mean squared residual.
    static func generativeLaw(_ fitted: FittedLowRankMixture, samples: Matrix) throws -> GaussianMixture {
        let n = samples.columns
        var weights: [Double] = [], components: [Gaussian] = []
        for (k, basis) in fitted.mixture.bases.enumerated() {
            let members = fitted.clustering.labels.indices.filter { fitted.clustering.labels[$0] == k }
            guard !members.isEmpty else { continue }
            let cluster = Matrix(rowArrays: members.map { samples.row($0) })
            let projections = Matrix.product(cluster, basis)
            let count = Double(members.count), d = basis.columns
            let secondMoments = (0..<d).map { j in projections.column(j).dot(projections.column(j)) / count }
            let residual = cluster.frobeniusNorm * cluster.frobeniusNorm - projections.frobeniusNorm * projections.frobeniusNorm
            let noise = n > d ? max(varianceFloor, residual / (count * Double(n - d))) : varianceFloor
            weights.append(count)
            components.append(try Gaussian(mean: [Double](repeating: 0, count: n), basis: basis,
                                           variances: secondMoments.map { max(varianceFloor, $0 - noise) }, noise: noise))
        }
        return try GaussianMixture(weights: weights, components: components)
    }
}
