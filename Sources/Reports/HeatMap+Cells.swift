import Foundation

extension HeatMap {
    /// One drawn cell: its rectangle in data units and its value.
    public struct Cell: Sendable, Equatable {
        public let x: ClosedRange<Double>
        public let y: ClosedRange<Double>
        public let value: Double
    }

    /// The cells with a finite value. Each reaches halfway to its neighbours (geometric mean on a log axis),
    /// by the same distance on its outer side at the ends; a lone centre c spans c ± 1/2 (c/√10…c·√10 on a
    /// log axis). Centres not drawable on their axis (≤ 0 on a log axis) are skipped.
    public func cells(xScale: AxisScale, yScale: AxisScale) -> [Cell] {
        let ys = rows.map(\.y)
        let yEdges = Self.edges(ys, scale: yScale)
        return rows.indices.flatMap { j -> [Cell] in
            guard let yRange = yEdges[j] else { return [] }
            let row = rows[j]
            let xEdges = Self.edges(row.x, scale: xScale)
            return row.x.indices.compactMap { i in
                guard let xRange = xEdges[i], row.values[i].isFinite else { return nil }
                return Cell(x: xRange, y: yRange, value: row.values[i])
            }
        }
    }

    /// The extent of each centre (nil for a centre the scale cannot draw), in the order given.
    static func edges(_ centres: [Double], scale: AxisScale) -> [ClosedRange<Double>?] {
        let forward: (Double) -> Double = scale == .log10 ? { Foundation.log10($0) } : { $0 }
        let backward: (Double) -> Double = scale == .log10 ? { pow(10, $0) } : { $0 }
        let drawable = centres.map { $0.isFinite && (scale == .linear || $0 > 0) }
        let sorted = centres.indices.filter { drawable[$0] }.map { forward(centres[$0]) }.sorted()
        return centres.indices.map { index in
            guard drawable[index] else { return nil }
            let c = forward(centres[index])
            let below = sorted.last { $0 < c }, above = sorted.first { $0 > c }
            let halfDown = below.map { (c - $0) / 2 } ?? above.map { ($0 - c) / 2 } ?? 0.5
            let halfUp = above.map { ($0 - c) / 2 } ?? below.map { (c - $0) / 2 } ?? 0.5
            return backward(c - halfDown)...backward(c + halfUp)
        }
    }
}
