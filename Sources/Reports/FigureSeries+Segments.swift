extension FigureSeries {
    /// The maximal runs of consecutive points whose x and y are both drawable: a line is drawn through each
    /// run and broken between runs (non-finite values, values ≤ 0 on a log axis).
    func lineSegments(x: AxisTicks, y: AxisTicks) -> [[FigurePoint]] {
        runs { x.accepts($0.x) && y.accepts($0.y) }
    }

    /// The maximal runs of consecutive points whose x and both band ends are drawable, with the band ends
    /// as drawn (`AxisTicks.bandValue`: an end ≤ 0 on a log axis is drawn at the axis's lower end).
    func bandSegments(x: AxisTicks, y: AxisTicks) -> [[FigurePoint]] {
        runs { point in
            guard let band = point.band else { return false }
            return x.accepts(point.x) && y.bandValue(band.low) != nil && y.bandValue(band.high) != nil
        }.map { run in
            run.map { FigurePoint(x: $0.x, y: $0.y, low: $0.low.flatMap(y.bandValue), high: $0.high.flatMap(y.bandValue)) }
        }
    }

    /// The maximal runs of consecutive points satisfying `keep`.
    private func runs(_ keep: (FigurePoint) -> Bool) -> [[FigurePoint]] {
        var result: [[FigurePoint]] = [], current: [FigurePoint] = []
        for point in points {
            if keep(point) {
                current.append(point)
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        return current.isEmpty ? result : result + [current]
    }
}
