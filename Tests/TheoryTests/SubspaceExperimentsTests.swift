import Foundation
import Testing
import Reports
@testable import Experiments

@Suite("[C] subspace experiments write their tables")
struct SubspaceExperimentsTests {
    static func rows(_ directory: ReportDirectory, _ basename: String) throws -> [[String: Any]] {
        for suffix in [".md", ".tex", ".csv", ".json"] {
            #expect(FileManager.default.fileExists(atPath: directory.file(basename + suffix)), "\(basename)\(suffix)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file(basename + ".json")))) as! [String: Any]
        return json["rows"] as! [[String: Any]]
    }

    /// Runs `body` with a fresh temporary report directory, removed afterwards.
    static func inTemporaryDirectory(_ body: (ReportDirectory) async throws -> Void) async throws {
        let directory = try ExperimentTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try await body(directory)
    }

    /// training-is-clustering on n = 6, N_k = 6, Jacobian ranks at t = 0.01 and 1 (a few seconds in debug).
    static func tinyTrainingSettings(initialisations: Int, iterations: Int, jacobianPoints: Int) -> TrainingIsClusteringExperiment.Settings {
        var settings = TrainingIsClusteringExperiment.Settings(scale: .quick)
        settings.dimension = 6
        settings.perSubspace = 6
        settings.initialisations = initialisations
        settings.iterations = iterations
        settings.jacobianTimes = [0.01, 1]
        settings.jacobianPoints = jacobianPoints
        return settings
    }

    static func number(_ row: [String: Any], _ key: String) -> Double {
        (row[key] as! NSNumber).doubleValue
    }

    @Test("Sweeps: subspace-phase-transition writes the same bytes in memory, checkpointed, and as shards 1/2 and 2/2 merged")
    func phaseTransitionShards() async throws {
        var settings = SubspacePhaseTransitionExperiment.Settings(scale: .quick)
        settings.dimension = 8
        settings.ranks = [2]
        settings.pointsPerSubspace = [1, 4]
        settings.subspaceCounts = [1, 2]
        settings.trials = 3
        let runs = try await ShardedExperimentRun(shards: 2) { directory in
            try await SubspacePhaseTransitionExperiment().run(in: directory, settings: settings, seed: 5) { _, _, _ in }
        }
        runs.expectSameBytes()
        // 2 K × 2 N_k × 3 trials = 12 units, round-robin: 6 per shard.
        #expect(runs.shardUnits == ["shard-1-of-2.trials.jsonl": 6, "shard-2-of-2.trials.jsonl": 6])
    }

    @Test("Sweeps: training-is-clustering writes the same bytes in memory, checkpointed, and as shards 1/3, 2/3 and 3/3 merged")
    func trainingIsClusteringShards() async throws {
        let settings = Self.tinyTrainingSettings(initialisations: 5, iterations: 100, jacobianPoints: 5)
        let runs = try await ShardedExperimentRun(shards: 3) { directory in
            try await TrainingIsClusteringExperiment().run(in: directory, settings: settings, seed: 11) { _, _, _ in }
        }
        runs.expectSameBytes()
        // 5 initialisations, round-robin: {0, 3}, {1, 4}, {2}.
        #expect(runs.shardUnits == ["shard-1-of-3.runs.jsonl": 2, "shard-2-of-3.runs.jsonl": 2, "shard-3-of-3.runs.jsonl": 1])
        // The merge reloads every run (the Jacobian table after the sweep uses the best one's bases) in unit order.
        let json = try JSONSerialization.jsonObject(with: try #require(runs.merged["training-is-clustering.json"])) as! [String: Any]
        #expect((json["rows"] as! [[String: Any]]).map { ($0["run"] as! NSNumber).intValue } == [0, 1, 2, 3, 4])
    }

    @Test("C.phase-transition: at tiny size, recovery fails at N_k = 1 < d and succeeds at N_k = 4d with low noise, for K = 1 and 2, at every threshold")
    func phaseTransition() async throws {
        try await Self.inTemporaryDirectory { directory in
            var settings = SubspacePhaseTransitionExperiment.Settings(scale: .quick)
            settings.dimension = 16
            settings.ranks = [3]
            settings.pointsPerSubspace = [1, 12]
            settings.subspaceCounts = [1, 2]
            settings.noise = 0.01
            settings.trials = 4
            let lines = try await SubspacePhaseTransitionExperiment().run(in: directory, settings: settings, seed: 7) { _, _, _ in }
            #expect(lines.count == 5, "summary, long, optimum and identifiability tables, then the figures")
            // Two heat maps per K (K-subspaces, certified optimum), linked from the index line.
            for k in settings.subspaceCounts {
                for name in ["success-K\(k)", "success-optimum-K\(k)"] {
                    #expect(lines[4].contains("(subspace-phase-transition/\(name).svg)"))
                    for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file(name + suffix))) }
                }
            }
            let long = try Self.rows(directory, "phase-transition")
            #expect(long.count == 4)
            let successKeys = settings.thresholds.map { "success (τ = \(NumberFormatting.significant($0, digits: 3)))" }
            for row in long {
                // N_k = 1 < d fixes one of d directions; the other d − 1 come from the noise, nearly orthogonal to U:
                // error ≈ √(2(d − 1)(1 − (d − 1)/(n − 1))) ≈ 1.9, far above 0.2·√(2d) ≈ 0.49.
                let expected = Self.number(row, "N_k") == 1 ? 0.0 : 1.0
                for key in successKeys { #expect(Self.number(row, key) == expected, "\(row)") }
            }
            let summary = try Self.rows(directory, "phase-transition-summary")
            #expect(summary.count == 2)
            // The transition is the first N_k with success ≥ 1/2: 12, i.e. N*_k/d = 4.
            for row in summary {
                for tau in settings.thresholds { #expect(Self.number(row, "N*_k/d (τ = \(NumberFormatting.significant(tau, digits: 3)))") == 4, "\(row)") }
            }
        }
    }

    @Test("C.phase-transition: the optimal partitions of noiseless points are the (Kd)!/((d!)^K·K!) equal splits at N_k = d and the planted one at N_k = d + 1")
    func identifiability() async throws {
        var settings = SubspacePhaseTransitionExperiment.Settings(scale: .quick)
        settings.dimension = 8
        settings.ranks = [2, 3]
        settings.subspaceCounts = [1, 2, 3]
        // K = 3, d = 3 needs n ≥ 9: the grid keeps K·d ≤ n, so it holds K = 1 (d = 2, 3), K = 2 (d = 2, 3), K = 3 (d = 2).
        let table = try await SubspacePhaseTransitionExperiment().identifiabilityTable(settings, seed: 4)
        let counts = Dictionary(uniqueKeysWithValues: table.rows.map { row -> ([Int], Int) in
            // K, d, N_k are numbers; the counts are integers written as text (no scientific notation in LaTeX).
            let values = row.map { cell -> Int in
                switch cell {
                case .number(let value, _): return Int(exactly: value) ?? -1
                case .text(let text): return Int(text) ?? -1
                default: return -1
                }
            }
            return ([values[0], values[1], values[2]], values[4])
        })
        // Equal splits counted by hand: 4 points into two pairs: 3; 6 into two triples: 10; 6 into three pairs: 15.
        let expected: [[Int]: Int] = [[1, 2, 2]: 1, [1, 2, 3]: 1, [1, 3, 3]: 1, [1, 3, 4]: 1,
                                      [2, 2, 2]: 3, [2, 2, 3]: 1, [2, 3, 3]: 10, [2, 3, 4]: 1, [3, 2, 2]: 15, [3, 2, 3]: 1]
        #expect(counts == expected)
        #expect(table.notes.joined().contains("match the prediction in 10 of 10 rows"), "\(table.notes)")
    }

    @Test("C.phase-transition: on random instances at n = 48 the certified optimum's residual is never above K-subspaces', and an uncertified trial is never a success")
    func certifiedOptimum() async throws {
        var settings = SubspacePhaseTransitionExperiment.Settings(scale: .quick)
        settings.ranks = [2]
        settings.pointsPerSubspace = [3]
        settings.subspaceCounts = [2]
        settings.trials = 4
        let experiment = SubspacePhaseTransitionExperiment()
        let certified = try await experiment.successRates(settings, seed: 2) { _, _, _ in }
        #expect(certified[0].certified == 4 && certified[0].success[1] == 1)
        #expect(certified[0].optimumSuccess == certified[0].success, "the certified optimum recovers the planted subspaces where K-subspaces does")
        // One node cannot certify N = 6 > K·d = 4 points: every trial is uncertified, hence no success, although
        // the incumbent (K-subspaces) is the planted partition.
        settings.exactNodeBudget = 1
        let starved = try await experiment.successRates(settings, seed: 2) { _, _, _ in }
        #expect(starved[0].certified == 0 && starved[0].optimumSuccess.allSatisfy { $0 == 0 } && starved[0].success[1] == 1)
        // Cells above d + optimumExcess do not run the solver (K ≥ 2) and have no optimum column.
        settings.exactNodeBudget = 100_000
        settings.pointsPerSubspace = [2 + settings.optimumExcess + 1]
        let skipped = try await experiment.successRates(settings, seed: 2) { _, _, _ in }
        #expect(skipped[0].optimumErrors.isEmpty && skipped[0].optimumSuccess.isEmpty)
    }

    @Test("C.phase-transition: the bound column compares the certified optimum's error with [C]'s rate on the right side")
    func boundColumnSides() throws {
        // Upper side (N_k ≥ d): error 0 is below any bound, error 10 above the rate at ‖E‖_F = 0.01 (two trials
        // hold, one violates; the counts differ on the wrong side, so a flipped comparison fails here).
        let above = SubspacePhaseTransitionExperiment.Cell(subspaces: 1, rank: 2, perSubspace: 4, errors: [0, 0, 10], success: [1, 0],
                                                           optimumErrors: [0, 0, 10], optimumSuccess: [0.5], noiseNorms: [0.01, 0.01, 0.01])
        let upper = try SubspacePhaseTransitionExperiment.boundVerdict(above)
        #expect(upper.key == "C.thm2.recovery-upper" && upper.holds == 2 && upper.bounds.count == 3 && upper.summary == "2/3 VIOLATED")
        // Lower side (N_k < d, √8 − √1 > 1): error 0 is below β − …, error √(2d) = 4 is above it.
        let below = SubspacePhaseTransitionExperiment.Cell(subspaces: 1, rank: 8, perSubspace: 1, errors: [0, 4, 4], success: [0, 0],
                                                           optimumErrors: [0, 4, 4], optimumSuccess: [0], noiseNorms: [0.01, 0.01, 0.01])
        let lower = try SubspacePhaseTransitionExperiment.boundVerdict(below)
        #expect(lower.key == "C.thm2.recovery-lower" && lower.holds == 2 && lower.summary == "2/3 VIOLATED")
        // Outside the lower rate's hypotheses (√4 − √3 < 1): not applicable, named by its label.
        let close = SubspacePhaseTransitionExperiment.Cell(subspaces: 1, rank: 4, perSubspace: 3, errors: [1], success: [0],
                                                           optimumErrors: [1], optimumSuccess: [0], noiseNorms: [0.01])
        #expect(try SubspacePhaseTransitionExperiment.boundVerdict(close).summary == "n/a: sqrt(d)-sqrt(N_k)>1")
        // Uncertified trials (nil) are not compared.
        let open = SubspacePhaseTransitionExperiment.Cell(subspaces: 2, rank: 2, perSubspace: 4, errors: [0], success: [1],
                                                          optimumErrors: [nil], optimumSuccess: [0], noiseNorms: [0.01])
        #expect(try SubspacePhaseTransitionExperiment.boundVerdict(open).summary == "—")
    }

    @Test("C.phase-transition: the same seed gives the same errors on a rerun, and a cell's errors do not depend on the rest of the grid")
    func phaseTransitionDeterministic() async throws {
        var settings = SubspacePhaseTransitionExperiment.Settings(scale: .quick)
        settings.dimension = 12
        settings.ranks = [2]
        settings.pointsPerSubspace = [2, 3]
        settings.subspaceCounts = [2]
        settings.trials = 3
        let experiment = SubspacePhaseTransitionExperiment()
        let first = try await experiment.successRates(settings, seed: 3) { _, _, _ in }
        let second = try await experiment.successRates(settings, seed: 3) { _, _, _ in }
        #expect(first.map(\.errors) == second.map(\.errors))
        // A cell's numbers depend only on (K, d, N_k, trial), not on the rest of the grid.
        settings.pointsPerSubspace = [3]
        let alone = try await experiment.successRates(settings, seed: 3) { _, _, _ in }
        #expect(alone[0].errors == first[1].errors)
    }

    @Test("C.training-is-clustering: at tiny size the trained objective never exceeds the certified optimum, the gap is small, and the Jacobian rank is d near t = 0")
    func trainingIsClustering() async throws {
        try await Self.inTemporaryDirectory { directory in
            let settings = Self.tinyTrainingSettings(initialisations: 3, iterations: 200, jacobianPoints: 10)
            let lines = try await TrainingIsClusteringExperiment().run(in: directory, settings: settings, seed: 11) { _, _, _ in }
            #expect(lines.count == 3, "the table, the figures, the Jacobian table")
            #expect(lines[1].contains("training-loss.svg") && lines[1].contains("training-objective.svg"))
            let objectiveFigure = try String(contentsOfFile: directory.file("training-objective.svg"), encoding: .utf8)
            #expect(objectiveFigure.contains("certified optimum") && objectiveFigure.contains("runs ending at the optimal partition"))
            #expect(FileManager.default.fileExists(atPath: directory.file("training-loss.svg")))
            let runs = try Self.rows(directory, "training-is-clustering")
            #expect(runs.count == 3)
            for run in runs {
                let trained = Self.number(run, "trained objective"), optimal = Self.number(run, "optimal objective")
                // The optimum maximises the objective over all partitions and bases; 10⁻⁹ relative covers the
                // solver's certification tolerance and the rounding of the two objective sums.
                #expect(trained <= optimal * (1 + 1e-9))
                #expect(Self.number(run, "final loss") <= Self.number(run, "initial loss"))
            }
            // At least one of three starts reaches the optimal partition; its objective is then within the
            // training bias (soft weights at t = 0.1, finite noise draws) of the optimum.
            let best = runs.map { Self.number($0, "relative gap") }.min()!
            #expect(best < 1e-3, "\(best)")
            let ranks = try Self.rows(directory, "jacobian-rank")
            #expect(ranks.count == 2)
            // At t = 0.01 the weights are a hard max and the Jacobian ≈ U_kU_kᵀ/(1+t²): rank d = 2.
            #expect(Self.number(ranks[0], "rank (exact MoLRG)") == 2)
        }
    }
}
