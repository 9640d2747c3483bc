import Reports

/// Small fixed figures for the renderer tests.
enum FigureFixtures {
    /// Lines with a band, a dashed bound, log y, a linear x and a legend; text with XML's special characters.
    static func lineWithBand() -> Figure {
        let generations = (0...6).map(Double.init)
        let drift = generations.map { i in FigurePoint(x: i, y: 0.02 * pow2(i), low: 0.015 * pow2(i), high: 0.03 * pow2(i)) }
        let bound = generations.map { FigurePoint(x: $0, y: 0.05 * pow2($0)) }
        let flat = generations.map { FigurePoint(x: $0, y: 0.1 + 0.01 * $0) }
        return Figure(title: "Drift χ² against generation, α = 0.1 & h < 1", xAxis: FigureAxis("generation i"),
                      yAxis: FigureAxis("D_i = χ²", scale: .log10),
                      series: [FigureSeries(name: "measured (95% CI)", points: drift, colorIndex: 0),
                               FigureSeries(name: "upper bound", points: bound, style: .dashed, colorIndex: 0),
                               FigureSeries(name: "plateau", points: flat, style: .line, colorIndex: 1)])
    }

    /// A 3×4 heat map on linear axes with one missing cell and a dashed overlay.
    static func heatMap() -> Figure {
        let map = HeatMap(x: [1, 2, 3, 4], y: [2, 3, 4],
                          values: [[0, 0.5, 1, 1], [0, 0.1, .nan, 0.9], [0, 0, 0.2, 0.6]],
                          valueLabel: "success rate", valueRange: 0...1)
        let diagonal = FigureSeries(name: "N = d", points: [FigurePoint(x: 2, y: 2), FigurePoint(x: 4, y: 4)], style: .dashed, colorIndex: 6)
        return Figure(title: "Success rate", xAxis: FigureAxis("N"), yAxis: FigureAxis("d"), content: .heatMap(map, overlay: [diagonal]))
    }

    /// Log x and y with NaN, ±∞ and values ≤ 0 that must be skipped, and a band with a gap.
    static func nonFinite() -> Figure {
        let points = [
            FigurePoint(x: 1, y: 1, low: 0.5, high: 2), FigurePoint(x: 10, y: .nan, low: 1, high: 3),
            FigurePoint(x: 100, y: 3, low: 2, high: 4), FigurePoint(x: 1_000, y: .infinity),
            FigurePoint(x: 10_000, y: 0), FigurePoint(x: -1, y: 5), FigurePoint(x: 100_000, y: 8, low: -1, high: 9),
            FigurePoint(x: 1_000_000, y: 7, low: 6, high: 8), FigurePoint(x: .nan, y: 1),
        ]
        return Figure(title: "Gaps", xAxis: FigureAxis("N", scale: .log10), yAxis: FigureAxis("value", scale: .log10),
                      series: [FigureSeries(name: "with gaps", points: points, colorIndex: 2),
                               FigureSeries(name: "nothing drawable", points: [FigurePoint(x: 1, y: .nan)], colorIndex: 3)])
    }

    static func pow2(_ x: Double) -> Double { Double(1 << Int(x)) }
}
