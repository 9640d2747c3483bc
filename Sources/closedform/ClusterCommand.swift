import ArgumentParser
import ClosedForm
import Foundation

/// `closedform cluster`: subspace clustering of a points file [C] (docs/theory.md §1), printed as one JSON object.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Cluster points into K d-dimensional subspaces through the origin and print one JSON object [C].",
        discussion: """
            Maximises Σ_k Σ_{i∈C_k} ‖U_kᵀx_i‖² over partitions and orthonormal n×d bases U_k (the problem that \
            training a MoLRG denoiser reduces to, docs/theory.md §1). Methods: k-subspaces (Lloyd alternation with \
            restarts, the default), shape-interaction (closed form, exact for noiseless points from independent \
            subspaces: connected components of |U_rU_rᵀ| > 1e-6 with r the numerical rank, then PCA per cluster), \
            exact (branch and bound with a certified lower bound; --node-budget and --time-budget stop it early).

            Output keys: method, labels (cluster of each row, 0-based), objective, residual \
            (Σ‖x_i‖² − objective), bases (K arrays of n rows of d numbers); for exact also lowerBound, \
            upperBound, certified (the gap is closed), nodes, seconds, stoppedBy (null, "node budget" or \
            "time budget"); for shape-interaction also rank, components and, when fewer than K components \
            were found, a note (only that many bases). Non-finite numbers are written as "Infinity"/"NaN".

            Examples:
              closedform cluster --points examples/two-lines.csv \\
                --subspaces 2 --dimension 1
              closedform cluster --points P.csv --subspaces 3 --dimension 2 \\
                --method shape-interaction
              closedform cluster --points P.csv --subspaces 2 --dimension 2 \\
                --method exact --time-budget 10 --output clusters.json
            """
    )

    /// The clustering methods.
    enum Method: String, CaseIterable, ExpressibleByArgument {
        /// Lloyd alternation with restarts (`KSubspaces`).
        case kSubspaces = "k-subspaces"
        /// The closed form for noiseless points from independent subspaces (`ShapeInteraction`).
        case shapeInteraction = "shape-interaction"
        /// Branch and bound with a certified lower bound (`ExactSubspaceClustering`).
        case exact
    }

    @OptionGroup var points: PointsOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Number of subspaces K ≥ 1.", valueName: "K"))
    var subspaces: Int

    @Option(parsing: .unconditional, help: ArgumentHelp("Subspace dimension d, 1 ≤ d ≤ n.", valueName: "d"))
    var dimension: Int

    @Option(help: ArgumentHelp("Clustering method.", valueName: "method"))
    var method: Method = .kSubspaces

    @Option(parsing: .unconditional, help: ArgumentHelp("Restarts (k-subspaces: default 5; exact: incumbent restarts, default 10).", valueName: "R"))
    var restarts: Int?

    /// Seeds the restarts.
    @OptionGroup var seed: SeedOptions<DefaultSeed>

    @Option(parsing: .unconditional, help: ArgumentHelp("exact: stop after N search nodes (N ≥ 1).", valueName: "N"))
    var nodeBudget: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("exact: stop after s seconds (s > 0).", valueName: "s"))
    var timeBudget: Double?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        typealias F = TableFormatOptions
        try F.require(subspaces >= 1, "--subspaces", "\(subspaces)", "at least 1")
        try F.require(dimension >= 1, "--dimension", "\(dimension)", "at least 1")
        if let restarts {
            try F.require(method != .shapeInteraction, "--restarts", "\(restarts)", "omitted with --method shape-interaction (it has no restarts)")
            try F.require(restarts >= 1 && restarts <= 10_000, "--restarts", "\(restarts)", "between 1 and 10000")
        }
        if let nodeBudget {
            try F.require(method == .exact, "--node-budget", "\(nodeBudget)", "given only with --method exact")
            try F.require(nodeBudget >= 1, "--node-budget", "\(nodeBudget)", "at least 1")
        }
        if let timeBudget {
            try F.require(method == .exact, "--time-budget", describeNumber(timeBudget), "given only with --method exact")
            try F.require(timeBudget > 0 && timeBudget.isFinite, "--time-budget", describeNumber(timeBudget), "positive and finite")
        }
    }

    func run() throws {
        let data = try PointsFile.read(path: points.points)
        try TableFormatOptions.require(dimension <= data.columns, "--dimension", "\(dimension)",
                                       "at most the dimension n = \(data.columns) of \(points.points)")
        let members: [(String, JSONValue)]
        do {
            members = [("method", .string(method.rawValue))] + (try cluster(data))
        } catch let error as InputError where error.source.isEmpty {
            throw error.attributed(to: points.points)  // the library names `points` or nothing: name the file
        }
        try output.emit(JSONValue.object(JSONObject(members)).printed(expandedLevels: 0) + "\n")
    }

    /// Runs the chosen method; returns the JSON members in output order.
    func cluster(_ data: Matrix) throws -> [(String, JSONValue)] {
        switch method {
        case .exact:
            let solver = try ExactSubspaceClustering(subspaces: subspaces, dimension: dimension, nodeBudget: nodeBudget,
                                                     timeBudget: timeBudget, incumbentRestarts: restarts ?? 10, seed: seed.value)
            let result = try solver.solve(data)
            return Self.common(result.labels, result.objective, result.residual, result.bases)
                + [("lowerBound", .number(result.lowerBound)), ("upperBound", .number(result.upperBound)),
                   ("certified", .bool(result.certified)), ("nodes", .integer(Int64(result.nodes))), ("seconds", .number(result.seconds)),
                   ("stoppedBy", result.stoppedBy.map(JSONValue.string) ?? .null)]
        case .shapeInteraction:
            let segmentation = try ShapeInteraction(subspaces: subspaces, dimension: dimension).fit(data)
            let result = segmentation.clustering
            var pairs = Self.common(result.labels, result.objective, result.residual, result.bases)
                + [("rank", .integer(Int64(segmentation.rank))), ("components", .integer(Int64(segmentation.components)))]
            if segmentation.components < subspaces {
                pairs.append(("note", .string(
                    "found \(segmentation.components) connected component(s), fewer than K = \(subspaces); reported as they are")))
            }
            return pairs
        case .kSubspaces:
            let result = try KSubspaces(subspaces: subspaces, dimension: dimension, restarts: restarts ?? 5, seed: seed.value).fit(data)
            return Self.common(result.labels, result.objective, result.residual, result.bases)
        }
    }

    /// The keys every method prints: method, labels, objective, residual, bases.
    static func common(_ labels: [Int], _ objective: Double, _ residual: Double, _ bases: [Matrix]) -> [(String, JSONValue)] {
        let basesJSON = JSONValue.array(bases.map { basis in .array(basis.rowArrays.map { .array($0.map(JSONValue.number)) }) })
        return [("labels", .array(labels.map { .integer(Int64($0)) })), ("objective", .number(objective)),
                ("residual", .number(residual)), ("bases", basesJSON)]
    }
}
