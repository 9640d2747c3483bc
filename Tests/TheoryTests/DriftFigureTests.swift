import Foundation
import Testing
import Reports
@testable import Experiments

@Suite("Experiment figures carry the numbers of their tables")
struct DriftFigureTests {
    @Test("drift figure: generations 1…G, measured D_i with its clamped 95% interval, the table's bound cells as dashed series")
    func driftFigureMatchesTable() async throws {
        let result = try await BoundVersusDriftTableTests.simulate()
        let constants = BoundConstants(eta: 0.5, lowerConstant: 1)
        let (table, bounds, _) = try BoundVersusDriftTable.makeWithBounds([result], caption: "test", label: "tab:test", constants: constants)
        let figure = DriftFigure.make(result, bounds: bounds[0], title: "test").figure
        let measured = try #require(figure.series.first)
        #expect(measured.points.map(\.x) == [1, 2, 3])
        let lower = try #require(figure.series.first { $0.name.hasPrefix("lower bound") })
        let sum = try #require(figure.series.first { $0.name.hasPrefix("Sᵢ₋₁") })
        #expect(lower.style == .dashed && sum.style == .dashed)
        for (index, row) in table.rows.enumerated() {
            let summary = result.rows[index + 1].chiSquared
            #expect(measured.points[index].y == summary.mean)
            if case .interval(_, let low, let high, _) = row[BoundVersusDriftTable.index("D")] {
                #expect(measured.points[index].low == low && measured.points[index].high == high)
            }
            // The lower bound is drawn where the table applies it (status holds or VIOLATED), not where it is n/a.
            let applies = row[BoundVersusDriftTable.index("status-recursion")] == .text("holds")
                || row[BoundVersusDriftTable.index("status-recursion")] == .text("VIOLATED")
            if case .number(let value, _) = row[BoundVersusDriftTable.index("lower-recursion")], applies {
                #expect(lower.points[index].y == value)
            } else {
                #expect(lower.points[index].y.isNaN)
            }
            if case .number(let value, _) = row[BoundVersusDriftTable.index("S")] { #expect(sum.points[index].y == value) } else { #expect(sum.points[index].y.isNaN) }
        }
    }

    @Test("phase-transition heat map: one row per d, cells at N_k/d with the success rates of the cells, transition at N_k/d = 1")
    func heatMapMatchesCells() throws {
        let cells = [2, 3].flatMap { d in (1...4).map { n in
            SubspacePhaseTransitionExperiment.Cell(subspaces: 1, rank: d, perSubspace: n, errors: [0], success: [Double(n) / 10, Double(n * d) / 100])
        } }
        let figure = SubspacePhaseTransitionExperiment.heatMap(cells, subspaces: 1, threshold: 1, tau: "0.1")
        let map = try #require(figure.heatMap)
        #expect(map.rows.map(\.y) == [2, 3])
        let expectedX: [Double] = [1.0 / 3, 2.0 / 3, 1, 4.0 / 3]
        let expectedValues: [Double] = [0.03, 0.06, 0.09, 0.12]
        #expect(map.rows[1].x == expectedX)
        #expect(map.rows[1].values == expectedValues)
        #expect(figure.series.first?.points.map(\.x) == [1, 1])
    }
}
