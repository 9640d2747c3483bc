import Foundation
import Testing
import GaussianMixtures
import LinearAlgebra
import Reports
import ScoreEstimators
@testable import Experiments
@testable import Retraining

@Suite("Bound-versus-drift tables")
struct BoundVersusDriftTableTests {
    /// A small Gaussian retraining run: N(0, I₂) target, MLE refit, α = 0.5.
    static func simulate() async throws -> RetrainingResult {
        let target = GaussianMixture(try Gaussian(mean: [0, 0], covariance: Matrix.identity(2)))
        var configuration = RetrainingConfiguration(target: target, mixing: try MixingConvention(freshFraction: 0.5),
                                                    trainingSize: 200, generations: 3, runs: 3, seed: 11)
        configuration.measurement.scoreError?.timeNodes = 4
        configuration.measurement.scoreError?.samplesPerNode = 64
        return try await RecursiveRetraining(rule: GaussianMaximumLikelihood(), configuration: configuration).run()
    }

    @Test("a non-negative quantity's interval meets [0, ∞): both ends clamped, never reversed, in the cell and the figure band; the mean stays unclamped")
    func nonNegativeIntervalsAreClamped() throws {
        // Three runs of a Monte-Carlo KL whose interval lies wholly below 0 (mean −4.9, half-width ≈ 0.25),
        // and three that straddle 0.
        let below = RunSummary([-5, -4.8, -4.9]), straddling = RunSummary([-0.1, 0.3, 0.4])
        #expect(below.upper! < 0 && straddling.lower! < 0 && straddling.upper! > 0)
        guard case .interval(let mean, let low, let high, _) = BoundVersusDriftTable.cell(below, nonNegative: true) else {
            Issue.record("no interval cell"); return
        }
        #expect(mean == below.mean && low == 0 && high == 0)
        guard case .interval(_, let low2, let high2, _) = BoundVersusDriftTable.cell(straddling, nonNegative: true) else {
            Issue.record("no interval cell"); return
        }
        #expect(low2 == 0 && high2 == straddling.upper!)
        let point = below.figurePoint(x: 1, nonNegative: true)
        #expect(point.y == below.mean && point.low == 0 && point.high == 0)
        // A signed quantity keeps its interval.
        guard case .interval(_, let low3, let high3, _) = BoundVersusDriftTable.cell(below) else { Issue.record("no interval cell"); return }
        #expect(low3 == below.lower! && high3 == below.upper!)
    }

    @Test("B.recursion: the lower-bound column is the registered calculator's max(0, αηε²/16 − (1−α)²D_{i−1}), from the measured means")
    func lowerBoundColumn() async throws {
        let result = try await Self.simulate()
        let constants = BoundConstants(eta: 0.5, lowerConstant: 1)
        let table = try BoundVersusDriftTable.make([result], caption: "test", label: "tab:test", constants: constants)
        #expect(table.rows.count == 3)
        var checkedRows = 0
        for (index, row) in table.rows.enumerated() {
            let previous = result.rows[index]
            let epsilon = previous.scoreError!.mean
            let expected = max(0, 0.5 * 0.5 * epsilon / 16 - 0.25 * previous.chiSquared.mean)
            guard case .number(let lower, _) = row[BoundVersusDriftTable.index("lower-recursion")] else {
                #expect(!constants.isClean(epsilon), "row \(index + 1): no lower bound although ε*² = \(epsilon) is clean")
                continue
            }
            #expect(abs(lower - expected) <= 1e-15 * max(1, expected))
            guard case .number(let sum, _) = row[BoundVersusDriftTable.index("S")] else { Issue.record("no discounted sum"); continue }
            // S_{i−1} = Σ_{k<i} (1−α)^{2(i−1−k)} ε_k² + (1−α)^{2i} D_0, recomputed here term by term.
            let errors = result.rows.prefix(index + 1).map { $0.scoreError!.mean }
            var direct = pow(0.25, Double(index + 1)) * result.rows[0].chiSquared.mean
            for (k, error) in errors.enumerated() { direct += pow(0.25, Double(index - k)) * error }
            #expect(abs(sum - direct) <= 1e-12 * direct)
            checkedRows += 1
        }
        // The MLE of N(0, I₂) from N = 200 points has ε*² ≈ 10⁻² (printed), inside the clean regime
        // ε*² ≤ η/(8C) = 1/16 in every round: every row carries a lower bound and is checked.
        print("B.recursion lower-bound column: \(checkedRows) of \(table.rows.count) rows checked, ε*² = \(result.rows.map { $0.scoreError?.mean ?? .nan })")
        #expect(checkedRows == table.rows.count, "only \(checkedRows) of \(table.rows.count) rows have a lower bound to check")
        let notes = table.notes.joined(separator: " ")
        #expect(notes.contains("B.recursion") && notes.contains("η = 0.5") && notes.contains("C = 1.0"), "the keys and constants are in the notes, not the caption")
    }

    @Test("B.recursion: a measured D_i whose whole interval lies below the lower bound is flagged as a violation")
    func violationIsFlagged() async throws {
        let result = try await Self.simulate()
        // Shrink every measured D_i 10⁴-fold (as an estimator far better than the bound allows would): the
        // lower bound αηε²/16 − (1−α)²D_{i−1} ≈ ε²/64 then exceeds every D_i's whole interval.
        let shrunk = Self.replacing(result) { row, _ in
            (RunSummary([row.chiSquared.mean * 1e-4, row.chiSquared.mean * 1.1e-4]), row.round)
        }
        let table = try BoundVersusDriftTable.make([shrunk], caption: "test", label: "tab:test",
                                                   constants: BoundConstants(eta: 1, lowerConstant: 1))
        let statuses = Self.texts(table, column: "status-recursion")
        #expect(statuses.contains("VIOLATED"), "\(statuses)")
        #expect(table.notes.contains { $0.hasPrefix("FINDING: B.recursion") })
    }

    @Test("statuses on the exact Gaussian case: every bound holds or names its failed assumption, and no empty cell is unexplained")
    func gaussianStatuses() async throws {
        let result = try await Self.simulate()
        let table = try BoundVersusDriftTable.make([result], caption: "test", label: "tab:test", constants: BoundConstants())
        for key in ["status-3.4", "status-3.3", "status-3.1", "status-recursion"] {
            #expect(Self.texts(table, column: key).allSatisfy { $0 == "holds" }, "\(key): \(Self.texts(table, column: key))")
        }
        // Thm 4.2 assumes Σε*² < ∞; a fixed N keeps the error persistent, so every row is outside it, by label.
        #expect(Self.texts(table, column: "status-4.2").allSatisfy { $0.hasPrefix("n/a: sum-eps*2<inf:") })
        Self.expectEveryEmptyCellExplained(table)
        #expect(!table.notes.contains { $0.hasPrefix("FINDING") })
    }

    @Test("a bound broken on purpose (one-round χ² scaled by a wrong factor) is VIOLATED and a finding; ∞ and ε*² > 1 are n/a by label")
    func deliberateViolationsAndInapplicability() async throws {
        let result = try await Self.simulate()
        // ×10³: I far above 4ε*² + cε*⁴ (ε*² ≈ 10⁻²); the scaled runs keep their spread, so the whole interval is above.
        let inflated = Self.replacing(result) { row, _ in (row.chiSquared, row.round.map { Self.scaled($0, by: 1e3) }) }
        let upper = try BoundVersusDriftTable.make([inflated], caption: "test", label: "tab:test", constants: BoundConstants())
        #expect(Self.texts(upper, column: "status-3.4").allSatisfy { $0 == "VIOLATED" }, "\(Self.texts(upper, column: "status-3.4"))")
        #expect(upper.notes.contains { $0.hasPrefix("FINDING: [B, Thm 3.4] upper") })
        // ×10⁻⁴: I below ηε*²/4 − Cε*⁴.
        let deflated = Self.replacing(result) { row, _ in (row.chiSquared, row.round.map { Self.scaled($0, by: 1e-4) }) }
        let lower = try BoundVersusDriftTable.make([deflated], caption: "test", label: "tab:test", constants: BoundConstants(eta: 1))
        #expect(Self.texts(lower, column: "status-3.3").allSatisfy { $0 == "VIOLATED" }, "\(Self.texts(lower, column: "status-3.3"))")
        // I = ∞ in one run: A3 fails, so Thm 3.4 and Prop 3.3 are not applicable (never "violated").
        let infinite = Self.replacing(result) { row, _ in
            (row.chiSquared, row.round.map { round in
                OneRoundSummary(chiSquared: RunSummary([round.chiSquared.mean, .infinity, round.chiSquared.mean]),
                                chiSquaredNote: "∫p²/q diverges", undecidedRuns: 0, kl: round.kl,
                                klAtStart: round.klAtStart, terminalKL: round.terminalKL)
            })
        }
        let outside = try BoundVersusDriftTable.make([infinite], caption: "test", label: "tab:test", constants: BoundConstants())
        for key in ["status-3.4", "status-3.3", "status-recursion"] {
            #expect(Self.texts(outside, column: key).allSatisfy { $0.contains("A3: χ²(p̂^{i+1}‖q_i) = ∞ in 1/3 runs, so the moment condition fails") },
                    "\(key): \(Self.texts(outside, column: key))")
        }
        #expect(outside.notes.contains { $0.hasPrefix("Finite view:") })
        #expect(!outside.notes.contains { $0.hasPrefix("FINDING") })
        // ε*² > 1: outside the small-error assumption, named with its value.
        let large = RetrainingResult(
            rule: result.rule, freshFraction: result.freshFraction, syntheticRatio: result.syntheticRatio,
            trainingSize: result.trainingSize, generations: result.generations, runs: result.runs, seed: result.seed,
            dimension: result.dimension, sampling: result.sampling, measurement: result.measurement,
            rows: result.rows.map { Self.row($0, chiSquared: $0.chiSquared, round: $0.round, scoreError: $0.scoreError.map { _ in RunSummary([1.7, 1.7]) }) },
            perRun: result.perRun)
        let big = try BoundVersusDriftTable.make([large], caption: "test", label: "tab:test", constants: BoundConstants())
        #expect(Self.texts(big, column: "status-3.4").allSatisfy { $0 == "n/a: eps*2<=1: ε*² = 1.7 > 1" }, "\(Self.texts(big, column: "status-3.4"))")
    }

    /// The result with each row's D_i and one-round summary replaced.
    static func replacing(_ result: RetrainingResult,
                          _ change: (RetrainingRow, Int) -> (RunSummary, OneRoundSummary?)) -> RetrainingResult {
        RetrainingResult(
            rule: result.rule, freshFraction: result.freshFraction, syntheticRatio: result.syntheticRatio,
            trainingSize: result.trainingSize, generations: result.generations, runs: result.runs, seed: result.seed,
            dimension: result.dimension, sampling: result.sampling, measurement: result.measurement,
            rows: result.rows.enumerated().map { index, row in
                let (chiSquared, round) = change(row, index)
                return Self.row(row, chiSquared: chiSquared, round: round, scoreError: row.scoreError)
            },
            perRun: result.perRun)
    }

    static func row(_ row: RetrainingRow, chiSquared: RunSummary, round: OneRoundSummary?, scoreError: RunSummary?) -> RetrainingRow {
        RetrainingRow(generation: row.generation, freshFraction: row.freshFraction, chiSquared: chiSquared, kl: row.kl,
                      klReverse: row.klReverse, hellinger2: row.hellinger2, round: round,
                      w2Lower: row.w2Lower, w2Upper: row.w2Upper, scoreError: scoreError, learnedScoreError: row.learnedScoreError,
                      meanError: row.meanError, averageVariance: row.averageVariance, population: row.population)
    }

    /// A one-round summary whose χ² is the mean times `factor`, over three runs spread ±10 % around it.
    static func scaled(_ round: OneRoundSummary, by factor: Double) -> OneRoundSummary {
        let values = [0.9, 1, 1.1].map { $0 * round.chiSquared.mean * factor }
        return OneRoundSummary(chiSquared: RunSummary(values), chiSquaredNote: round.chiSquaredNote, undecidedRuns: 0,
                               kl: round.kl, klAtStart: round.klAtStart, terminalKL: round.terminalKL)
    }

    /// The text cells of one column.
    static func texts(_ table: Table, column key: String) -> [String] {
        table.rows.map { row in if case .text(let text) = row[BoundVersusDriftTable.index(key)] { return text } else { return "" } }
    }

    /// Every column with an empty cell is named, with a reason, in the notes.
    static func expectEveryEmptyCellExplained(_ table: Table) {
        let note = table.notes.first { $0.hasPrefix("Empty cells (—):") } ?? ""
        for row in table.rows {
            for (index, cell) in row.enumerated() where cell == .empty {
                #expect(note.contains(table.columns[index].header + ":"), "empty cell in '\(table.columns[index].header)' without a reason in the notes")
            }
        }
    }

    /// The W₂ columns' positions, found by the bound each header names.
    static func w2Columns(_ table: Table) throws -> (lower: Int, upper: Int) {
        (try #require(table.headers.firstIndex(of: "W₂ lower: Gelbrich (95% CI)")),
         try #require(table.headers.firstIndex(of: "W₂ upper: MW₂ (95% CI)")))
    }

    /// A cell's mean (the interval's centre or the number).
    static func mean(_ cell: TableCell) -> Double? {
        switch cell {
        case .interval(let mean, _, _, _): mean
        case .number(let value, _): value
        default: nil
        }
    }

    @Test("W₂ columns: between two Gaussians the Gelbrich lower bound and the MW₂ upper bound are both W₂ and agree")
    func w2BoundsAgreeForGaussians() async throws {
        let result = try await Self.simulate()
        // Both sides compute the one squared Bures distance from square roots taken by two routes (covariance
        // vs component spectrum), terms of size tr Σ ≈ 2: the squares agree to rounding (~10⁻¹⁵), so compare
        // squares to 10⁻¹² (W₂ itself, a square root, amplifies rounding near 0, as at i = 0 where p̂⁰ = p_data).
        for run in result.perRun {
            for generation in run.generations {
                #expect(abs(generation.w2Lower * generation.w2Lower - generation.w2Upper * generation.w2Upper) <= 1e-12,
                        "run \(run.run), i = \(generation.generation): Gelbrich \(generation.w2Lower) ≠ MW₂ \(generation.w2Upper)")
            }
        }
        let table = try BoundVersusDriftTable.make([result], caption: "test", label: "tab:test", constants: BoundConstants())
        let (lower, upper) = try Self.w2Columns(table)
        // Rows are i ≥ 1, where a 200-point MLE is ≳ 10⁻² from p_data in W₂: the square root is well
        // conditioned and the run means agree to 10⁻⁹ relative.
        for row in table.rows {
            let low = try #require(Self.mean(row[lower])), high = try #require(Self.mean(row[upper]))
            #expect(abs(low - high) <= 1e-9 * high, "\(row)")
        }
    }

    @Test("W₂ columns: on a KDE retraining against a two-component target, MW₂ ≥ Gelbrich in every run, generation and row, and the note says which is which")
    func w2BracketForMixtures() async throws {
        let target = try GaussianMixture(weights: [0.3, 0.7], components: [
            try Gaussian(mean: [-2, 0], covariance: 0.5 * Matrix.identity(2)),
            try Gaussian(mean: [2, 1], covariance: Matrix.identity(2)),
        ])
        var configuration = RetrainingConfiguration(target: target, mixing: try MixingConvention(freshFraction: 0.5),
                                                    trainingSize: 40, generations: 2, runs: 2, seed: 5)
        configuration.measurement.chiSquaredSamples = 500
        configuration.measurement.klSamples = 500
        configuration.measurement.scoreError = nil
        let result = try await RecursiveRetraining(rule: try KernelDensityEstimate(bandwidth: 0.4), configuration: configuration).run()
        // Gelbrich ≤ W₂ ≤ MW₂ holds exactly; the two sides are computed separately from squared Bures terms of
        // size ≲ 10, so compare squares up to rounding (10⁻¹²; at i = 0, p̂⁰ = p_data and both are ≈ 0, where
        // a square root would amplify rounding).
        var strict = 0
        for run in result.perRun {
            for generation in run.generations {
                #expect(generation.w2Upper * generation.w2Upper >= generation.w2Lower * generation.w2Lower - 1e-12,
                        "run \(run.run), i = \(generation.generation): MW₂ \(generation.w2Upper) < Gelbrich \(generation.w2Lower)")
                if generation.w2Upper > generation.w2Lower * (1 + 1e-6) { strict += 1 }
            }
        }
        // A 40-point KDE is far from the two-component target's moment match: the bracket is open somewhere.
        #expect(strict > 0, "MW₂ equals Gelbrich in every run and generation")
        let table = try BoundVersusDriftTable.make([result], caption: "test", label: "tab:test", constants: BoundConstants())
        let (lower, upper) = try Self.w2Columns(table)
        #expect(lower + 1 == upper)
        Self.expectEveryEmptyCellExplained(table)
        for row in table.rows {
            let low = try #require(Self.mean(row[lower])), high = try #require(Self.mean(row[upper]))
            #expect(high >= low - 1e-12 * (1 + high), "\(row)")
        }
        #expect(table.notes.contains { $0.contains("Gelbrich's lower bound") && $0.contains("MW₂ upper bound") })
    }
}
