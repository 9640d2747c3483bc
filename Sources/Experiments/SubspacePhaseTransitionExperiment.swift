import Foundation
import Synchronization
import GaussianMixtures
import LinearAlgebra
import Reports
import SubspaceClustering
import RandomStreams
import Sweeps

/// [C]'s sample-complexity phase transition (docs/theory.md §1, C.phase-transition): the success rate of subspace
/// recovery against N_k/d. For each K, d and N_k (equal for every subspace), each trial draws a MoLRG with
/// [C]'s generator (`LowRankMixture.orthogonalSubspaces`: n×n Gaussian, left singular vectors, class k
/// gets columns [k·d, (k+1)·d)), N_k points per subspace plus isotropic noise
/// ```
/// x = U_k a + e,   a ~ N(0, I_d),   e ~ N(0, σ_e² Iₙ),   σ_e = noise·√(d/n)   (E‖e‖² = noise²·E‖U_k a‖²)
/// ```
/// fits K subspaces by `KSubspaces` (K = 1: PCA) and by the certified global optimum of the clustering
/// objective (`ExactSubspaceClustering` within `exactNodeBudget` nodes; the problem [C]'s theorem is about),
/// and counts a success when the subspace error max_k ‖Û_kÛ_kᵀ − U_πkU_πkᵀ‖_F under the best matching is
/// ≤ τ·√(2d) (√(2d): orthogonal subspaces), for several relative thresholds τ; an uncertified optimum is never
/// a success. The transition N*_k is the smallest N_k of the grid with success ≥ 1/2. For K ≥ 2 the noiseless
/// partition is not identifiable at N_k = d (every split into K groups of d points has residual 0) and is at
/// N_k = d + 1: `identifiability` counts the optimal partitions by enumeration (proofs/C.phase-transition.md).
///
/// Randomness: trial j of cell (K, d, N_k) uses substream j of substream key(K, d, N_k) of the seed, so a
/// cell's numbers do not depend on the grid, the thread count, interruptions or shards (`Sweep`).
public struct SubspacePhaseTransitionExperiment: ConfigurableExperiment {
    /// Sizes and parameters.
    public struct Settings: ScaledExperimentSettings {
        /// n (the authors' 48).
        public var dimension = 48
        /// The subspace dimensions d (the authors' 2…8).
        public var ranks = Array(2...8)
        /// The numbers of points per subspace N_k (the authors' 2…15).
        public var pointsPerSubspace = Array(2...15)
        /// The numbers of subspaces K (the authors' 1, 2, 3).
        public var subspaceCounts = [1, 2, 3]
        /// Relative noise level: σ_e = noise·√(d/n) per coordinate (a choice; [C]'s level is not known). It
        /// sets the error floor at large N_k (relative error ≈ noise/2 here); thresholds τ near that floor
        /// delay the transition, so the default keeps the floor well below the smallest τ.
        public var noise = 0.01
        /// Relative success thresholds τ: success when the subspace error ≤ τ·√(2d).
        public var thresholds = [0.05, 0.1, 0.2]
        /// Trials per cell.
        public var trials: Int
        /// K-subspaces restarts (irrelevant for K = 1).
        public var restarts: Int
        /// Nodes the exact solver may expand per trial (a node budget, not a time budget, so that the output
        /// does not depend on the machine); a trial not certified within it is counted as uncertified.
        public var exactNodeBudget: Int
        /// The exact solver runs on the cells with N_k ≤ d + `optimumExcess` for K ≥ 2 (the transition region; its
        /// cost grows steeply with N_k at K = 3, d ≥ 4, see README's benchmark), and shows — elsewhere.
        public var optimumExcess: Int

        /// The settings of a scale.
        public init(scale: ExperimentScale) {
            switch scale {
            case .quick: trials = 10; restarts = 4; exactNodeBudget = 20_000; optimumExcess = 1
            case .paper: trials = 50; restarts = 10; exactNodeBudget = 1_000_000; optimumExcess = 2
            }
        }
    }

    public let name = "subspace-phase-transition"
    public let title = "[C] phase transition of subspace recovery at N_k ≈ d: success rate against N_k/d for K = 1, 2, 3"
    public let claims = ["C.phase-transition"]

    public init() {}

    public func run(in directory: ReportDirectory, settings: Settings, seed: UInt64,
                    progress: @escaping ProgressHandler) async throws -> [String] {
        let cells = try await successRates(settings, seed: seed, progress: progress)
        let (summary, long) = tables(cells, settings: settings, seed: seed)
        let optimum = try optimumTable(cells, settings: settings, seed: seed)
        let identifiability = try await identifiabilityTable(settings, seed: seed)
        try directory.write(summary, basename: "phase-transition-summary")
        try directory.write(long, basename: "phase-transition")
        try directory.write(optimum, basename: "phase-transition-optimum")
        try directory.write(identifiability, basename: "phase-transition-identifiability")
        let threshold = settings.thresholds.count / 2
        let tau = NumberFormatting.significant(settings.thresholds[threshold], digits: 3)
        let figures = settings.subspaceCounts.flatMap { k in
            [(label: "K = \(k), K-subspaces", basename: "success-K\(k)",
              figure: Self.heatMap(cells, subspaces: k, threshold: threshold, tau: tau, fit: .kSubspaces)),
             (label: "K = \(k), certified optimum", basename: "success-optimum-K\(k)",
              figure: Self.heatMap(cells, subspaces: k, threshold: threshold, tau: tau, fit: .optimum))]
        }
        return ["- `phase-transition-summary.md`: " + summary.notes.joined(separator: " "),
                "- `phase-transition.md`: K-subspaces' success rate and median subspace error for every (K, d, N_k).",
                "- `phase-transition-optimum.md`: " + optimum.notes.joined(separator: " "),
                "- `phase-transition-identifiability.md`: " + identifiability.notes.joined(separator: " "),
                try FigureIndexLine.write(figures, caption: "success rate (τ = \(tau)) against N_k/d and d", experiment: name, in: directory)]
    }

    /// Which fit a figure or column shows.
    enum Fit { case kSubspaces, optimum }

    /// The success rate at threshold index `threshold` of the cells of one K, as a heat map over N_k/d
    /// (columns) and d (rows; each row's cells are 1/d wide), with the predicted transition N_k/d = 1 dotted
    /// (thin, so the colour of the N_k = d cells shows through).
    static func heatMap(_ cells: [Cell], subspaces k: Int, threshold: Int, tau: String, fit: Fit = .kSubspaces) -> Figure {
        let ofK = cells.filter { $0.subspaces == k }
        let ranks = Set(ofK.map(\.rank)).sorted()
        let rows = ranks.map { d in
            let row = ofK.filter { $0.rank == d }.sorted { $0.perSubspace < $1.perSubspace }
            return HeatMapRow(y: Double(d), x: row.map { Double($0.perSubspace) / Double(d) }, values: row.map { cell in
                // The optimum's cells where no trial was certified (or the solver did not run) stay blank.
                fit == .optimum && cell.certified == 0 ? .nan : cell.successRate(fit, threshold: threshold) ?? .nan
            })
        }
        let low = Double(ranks.first ?? 0) - 0.5, high = Double(ranks.last ?? 0) + 0.5
        let transition = FigureSeries(name: "Nₖ = d", points: [FigurePoint(x: 1, y: low), FigurePoint(x: 1, y: high)],
                                      style: .dotted, colorIndex: 6)
        let method = fit == .optimum ? "certified optimum (blank: none certified)" : (k == 1 ? "PCA" : "K-subspaces")
        return Figure(title: "Subspace recovery, K = \(k), \(method): success rate (τ = \(tau)) against Nₖ/d",
                      xAxis: FigureAxis("Nₖ/d (points per subspace ÷ subspace dimension)"), yAxis: FigureAxis("d (subspace dimension)"),
                      content: .heatMap(HeatMap(rows: rows, valueLabel: "success rate", valueRange: 0...1), overlay: [transition]))
    }

    /// One cell of the grid: its success rates at each threshold and the errors of its trials, for K-subspaces
    /// and for the certified optimum.
    public struct Cell: Sendable {
        public let subspaces: Int
        public let rank: Int
        public let perSubspace: Int
        /// K-subspaces' max_k ‖Û_kÛ_kᵀ − U_kU_kᵀ‖_F of each trial.
        public let errors: [Double]
        /// The fraction of trials with K-subspaces' error ≤ τ·√(2d), one per threshold.
        public let success: [Double]
        /// The certified optimum's error of each trial, nil where the solver did not certify within its budget;
        /// empty where the solver was not run (N_k > d + `optimumExcess`).
        public let optimumErrors: [Double?]
        /// The fraction of trials whose optimum is certified and has error ≤ τ·√(2d), one per threshold (empty
        /// where the solver was not run).
        public let optimumSuccess: [Double]
        /// The certified optimal residuals relative to Σ‖x_i‖² (for the zero-residual ties at N_k = d).
        public let optimumRelativeResiduals: [Double]
        /// Each trial's max_k ‖E_k‖_F.
        public let noiseNorms: [Double]

        public init(subspaces: Int, rank: Int, perSubspace: Int, errors: [Double], success: [Double],
                    optimumErrors: [Double?] = [], optimumSuccess: [Double] = [], optimumRelativeResiduals: [Double] = [], noiseNorms: [Double] = []) {
            (self.subspaces, self.rank, self.perSubspace, self.errors, self.success) = (subspaces, rank, perSubspace, errors, success)
            (self.optimumErrors, self.optimumSuccess, self.optimumRelativeResiduals) = (optimumErrors, optimumSuccess, optimumRelativeResiduals)
            self.noiseNorms = noiseNorms
        }

        /// How many trials have a certified optimum.
        public var certified: Int { optimumErrors.compactMap { $0 }.count }

        /// The success rate of `fit` at threshold index `threshold`; nil where the optimum was not run.
        func successRate(_ fit: Fit, threshold: Int) -> Double? {
            (fit == .optimum ? optimumSuccess : success).dropFirst(threshold).first
        }
    }

    /// One trial's subspace errors: K-subspaces', and the exact solver's (nil when not run) with whether it is
    /// certified and its residual relative to Σ‖x_i‖².
    public struct TrialErrors: Codable, Sendable, Equatable {
        public let kSubspaces: Double
        public let optimum: Double?
        public let certified: Bool
        public let relativeResidual: Double?
        /// max_k ‖E_k‖_F, the largest per-subspace noise norm (the ‖E‖_F of [C]'s rates).
        public let noiseNorm: Double
    }

    /// Points from [C]'s generator and the Frobenius norm ‖E_k‖_F of each subspace's noise block.
    public struct NoisySamples: Sendable {
        public let points: Matrix
        public let noiseNorms: [Double]
    }

    /// N_k points per subspace of `truth` (rows grouped by subspace: row i is in subspace i / N_k) plus
    /// isotropic noise σ_e = noise·√(d/n) (see the type), from `stream`.
    public static func noisySamples(_ truth: LowRankMixture, perSubspace: Int, noise: Double, stream: RandomStream) -> NoisySamples {
        let n = truth.dimension
        let d = truth.bases[0].columns
        let blocks = truth.bases.map { basis in
            Matrix.product(Matrix.gaussian(rows: perSubspace, columns: d, stream: stream), basis, transposeB: true).elements
        }
        let clean = Matrix(rows: perSubspace * truth.bases.count, columns: n, elements: Array(blocks.joined()))
        guard noise != 0 else { return NoisySamples(points: clean, noiseNorms: truth.bases.map { _ in 0 }) }
        let sigma = noise * (Double(d) / Double(n)).squareRoot()
        let error = sigma * Matrix.gaussian(rows: clean.rows, columns: n, stream: stream)
        let block = perSubspace * n
        let norms = truth.bases.indices.map { k in error.elements[(k * block)..<((k + 1) * block)].reduce(0) { $0 + $1 * $1 }.squareRoot() }
        return NoisySamples(points: clean + error, noiseNorms: norms)
    }

    /// Runs every (K, d, N_k, trial) as one `Sweep` (parallel, checkpointed under `reproduce`) and gathers the
    /// cells in grid order.
    public func successRates(_ settings: Settings, seed: UInt64, progress: @escaping ProgressHandler) async throws -> [Cell] {
        let grid = settings.subspaceCounts.flatMap { k in settings.ranks.flatMap { d in settings.pointsPerSubspace.map { (k, d, $0) } } }
        precondition(grid.allSatisfy { $0.0 * $0.1 <= settings.dimension }, "phase transition: K·d exceeds n = \(settings.dimension)")
        let trials = settings.trials
        let total = grid.count * trials
        let label = name
        let outcomes = try await Sweep.run("trials", count: total, progress: { progress(label, $0, $1) }) { unit -> TrialErrors? in
            let (k, d, perSubspace) = grid[unit / trials]
            let key = UInt64(k) << 32 | UInt64(d) << 16 | UInt64(perSubspace)
            let stream = RandomStream(seed: seed).substream(key).substream(UInt64(unit % trials))
            return try? Self.trialErrors(settings, subspaces: k, rank: d, perSubspace: perSubspace, stream: stream)
        }
        if let bad = outcomes.firstIndex(where: { $0 == nil }) {
            let (k, d, perSubspace) = grid[bad / trials]
            throw PhaseTransitionFailure(subspaces: k, rank: d, perSubspace: perSubspace)
        }
        let results = outcomes.compactMap { $0 }
        return grid.enumerated().map { index, cell in
            let slice = Array(results[(index * trials)..<((index + 1) * trials)])
            let scale = (2.0 * Double(cell.1)).squareRoot()
            let errors = slice.map(\.kSubspaces)
            let ran = slice.filter { $0.optimum != nil }
            let optimum = ran.map { $0.certified ? $0.optimum : nil }
            return Cell(subspaces: cell.0, rank: cell.1, perSubspace: cell.2, errors: errors,
                        success: settings.thresholds.map { tau in Double(errors.filter { $0 <= tau * scale }.count) / Double(trials) },
                        optimumErrors: optimum,
                        optimumSuccess: ran.isEmpty ? [] : settings.thresholds.map { tau in Double(optimum.filter { ($0 ?? .infinity) <= tau * scale }.count) / Double(trials) },
                        optimumRelativeResiduals: ran.filter(\.certified).compactMap(\.relativeResidual),
                        noiseNorms: slice.map(\.noiseNorm))
        }
    }

    /// One trial: draw the truth and the points, fit by K-subspaces and by the exact solver, return both errors.
    static func trialErrors(_ settings: Settings, subspaces k: Int, rank d: Int, perSubspace: Int, stream: RandomStream) throws -> TrialErrors {
        let truth = try LowRankMixture.orthogonalSubspaces(dimension: settings.dimension, components: k, rank: d, stream: stream.substream(0))
        let samples = noisySamples(truth, perSubspace: perSubspace, noise: settings.noise, stream: stream.substream(1))
        let points = samples.points
        let noiseNorm = samples.noiseNorms.max() ?? 0
        let fit = try KSubspaces(subspaces: k, dimension: d, restarts: settings.restarts, seed: stream.substream(2).seed).fit(points)
        guard k == 1 || perSubspace <= d + settings.optimumExcess else {
            return TrialErrors(kSubspaces: fit.subspaceError(to: truth.bases), optimum: nil, certified: false, relativeResidual: nil, noiseNorm: noiseNorm)
        }
        // The K-subspaces fit above is the solver's incumbent (the same fit it would compute with these restarts and seed).
        let exact = try ExactSubspaceClustering(subspaces: k, dimension: d, nodeBudget: settings.exactNodeBudget,
                                                incumbentRestarts: settings.restarts, seed: stream.substream(2).seed)
            .solve(points, startingLabels: fit.labels)
        return TrialErrors(kSubspaces: fit.subspaceError(to: truth.bases), optimum: exact.subspaceError(to: truth.bases), certified: exact.certified,
                           relativeResidual: exact.residual / points.rowSquaredNorms.reduce(0, +), noiseNorm: noiseNorm)
    }

    /// A trial that threw (a LAPACK failure): names the cell.
    struct PhaseTransitionFailure: Error, CustomStringConvertible {
        let subspaces: Int, rank: Int, perSubspace: Int
        var description: String { "subspace-phase-transition: the fit failed for K = \(subspaces), d = \(rank), N_k = \(perSubspace)" }
    }
}

extension SubspacePhaseTransitionExperiment {
    /// The transition N*_k of the cells of one (K, d) (grid order: N_k ascending) at threshold index τ:
    /// the smallest N_k with success ≥ 1/2, nil when none.
    static func transition(_ cells: [Cell], threshold: Int, fit: Fit = .kSubspaces) -> Int? {
        cells.sorted { $0.perSubspace < $1.perSubspace }.first { ($0.successRate(fit, threshold: threshold) ?? 0) >= 0.5 }?.perSubspace
    }

    /// (a) the transition per (K, d) and threshold; (b) every cell.
    func tables(_ cells: [Cell], settings: Settings, seed: UInt64) -> (summary: Table, long: Table) {
        let tauNames = settings.thresholds.map { "τ = \(NumberFormatting.significant($0, digits: 3))" }
        let setup = "n = \(settings.dimension), [C]'s generator (orthogonal subspaces, equal N_k), noise σ_e = \(NumberFormatting.significant(settings.noise, digits: 3))·√(d/n) per coordinate, K-subspaces with \(settings.restarts) restarts (PCA for K = 1), \(settings.trials) trials per cell, seed \(seed). Success: max_k ‖Û_kÛ_kᵀ − U_kU_kᵀ‖_F ≤ τ·√(2d) under the best matching."
        var summary = Table(
            caption: "Phase transition of subspace recovery [C] (C.phase-transition): N*_k/d, where N*_k is the smallest N_k with success rate ≥ 1/2, per K, d and relative threshold τ; the last column for the certified global optimum (uncertified trials fail). " + setup,
            label: "tab:\(name)-summary", columns: ["K", "d"] + tauNames.map { "N*_k/d (\($0))" } + ["N*_k/d optimum (\(tauNames[settings.thresholds.count / 2]))"])
        var long = Table(
            caption: "Success rate of subspace recovery [C] (C.phase-transition) per K, d and N_k, at each relative threshold τ, and the median subspace error. " + setup,
            label: "tab:\(name)", columns: ["K", "d", "N_k", "N_k/d"] + tauNames.map { "success (\($0))" } + ["median error", "median error/√(2d)"])
        var offsets: [[Int?]] = Array(repeating: [], count: settings.thresholds.count)
        var spread = 0
        let groups = Dictionary(grouping: cells) { [$0.subspaces, $0.rank] }
        for k in settings.subspaceCounts {
            for d in settings.ranks {
                let group = groups[[k, d]] ?? []
                let points = settings.thresholds.indices.map { Self.transition(group, threshold: $0) }
                for (index, point) in points.enumerated() { offsets[index].append(point.map { $0 - d }) }
                let found = points.compactMap { $0 }
                if found.count == points.count, let low = found.min(), let high = found.max() { spread = max(spread, high - low) }
                let optimum = Self.transition(group, threshold: settings.thresholds.count / 2, fit: .optimum)
                summary.append([.number(Double(k)), .number(Double(d))] + (points + [optimum]).map { $0.map { .number(Double($0) / Double(d), digits: 3) } ?? .empty })
                for cell in group.sorted(by: { $0.perSubspace < $1.perSubspace }) {
                    let median = cell.errors.sorted()[cell.errors.count / 2]
                    long.append([.number(Double(k)), .number(Double(d)), .number(Double(cell.perSubspace)),
                                 .number(Double(cell.perSubspace) / Double(d), digits: 3)]
                                + cell.success.map { .number($0, digits: 3) }
                                + [.number(median, digits: 3), .number(median / (2.0 * Double(d)).squareRoot(), digits: 3)])
                }
            }
        }
        summary.notes = Self.findings(cells, offsets: offsets, spread: spread, names: tauNames)
        long.notes = summary.notes
        return (summary, long)
    }

    /// The honest reading of the grid: where N*_k − d sits per threshold, success below N_k = d, and how far
    /// the thresholds move the transition.
    static func findings(_ cells: [Cell], offsets: [[Int?]], spread: Int, names: [String]) -> [String] {
        var notes = zip(names, offsets).map { name, values -> String in
            let found = values.compactMap { $0 }
            let missing = values.count - found.count
            guard let low = found.min(), let high = found.max() else { return "At \(name) no (K, d) reaches success 1/2 on the grid." }
            let atD = found.filter { $0 <= 1 }.count
            return "At \(name): N*_k − d ranges over [\(low), \(high)]; N*_k ≤ d + 1 for \(atD) of \(values.count) (K, d)"
                + (missing > 0 ? "; \(missing) never reach 1/2 on the grid." : ".")
        }
        let below = cells.filter { $0.perSubspace < $0.rank }.flatMap(\.success).max()
        notes.append(below.map { "Below N_k = d the best success rate at any threshold is \(NumberFormatting.significant($0, digits: 3)) (fewer points than dimensions cannot span the subspace)." }
                     ?? "The grid has no cell with N_k < d.")
        notes.append("Across thresholds the transition N*_k moves by at most \(spread) point\(spread == 1 ? "" : "s") for any (K, d) where all thresholds reach 1/2.")
        let largest = Dictionary(grouping: cells) { [$0.subspaces, $0.rank] }.values.compactMap { group in
            group.max { $0.perSubspace < $1.perSubspace }.map { cell in
                cell.errors.sorted()[cell.errors.count / 2] / (2.0 * Double(cell.rank)).squareRoot()
            }
        }
        if let low = largest.min(), let high = largest.max() {
            notes.append("Noise floor: at the largest N_k the median error/√(2d) is \(NumberFormatting.significant(low, digits: 2))–\(NumberFormatting.significant(high, digits: 2)); a threshold τ close to it moves the transition to larger N_k.")
        }
        return notes
    }
}
