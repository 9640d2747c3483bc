import Foundation
import Testing
import Reports

@Suite("Reports: figure renderers against reviewed snapshots")
struct FigureSnapshotTests {
    @Test("SVG: lines, a band, a dashed bound, a log axis and a legend")
    func svgLines() { assertSnapshot(FigureFixtures.lineWithBand().svg(comment: "Written by `closedform reproduce all --out x` (seed 0, closedform 0.1.0)."), named: "figure-lines.svg") }

    @Test("SVG: heat map with a missing cell, colour bar and an overlay")
    func svgHeatMap() { assertSnapshot(FigureFixtures.heatMap().svg(), named: "figure-heatmap.svg") }

    @Test("SVG: NaN, ±∞ and values ≤ 0 on log axes are skipped and break the line")
    func svgNonFinite() { assertSnapshot(FigureFixtures.nonFinite().svg(), named: "figure-gaps.svg") }

    @Test("pgfplots: lines, a band, a dashed bound, a log axis and a legend")
    func pgfLines() { assertSnapshot(FigureFixtures.lineWithBand().pgfplots(comment: "Written by `closedform reproduce all --out x` (seed 0, closedform 0.1.0)."), named: "figure-lines.pgf.tex") }

    @Test("pgfplots: heat map with a missing cell, colour bar and an overlay")
    func pgfHeatMap() { assertSnapshot(FigureFixtures.heatMap().pgfplots(), named: "figure-heatmap.pgf.tex") }

    @Test("pgfplots: NaN, ±∞ and values ≤ 0 on log axes are skipped and break the line")
    func pgfNonFinite() { assertSnapshot(FigureFixtures.nonFinite().pgfplots(), named: "figure-gaps.pgf.tex") }
}
