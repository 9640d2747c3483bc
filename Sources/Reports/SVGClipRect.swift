/// The rectangle an SVG figure's data is clipped to, applied to the coordinates before they are written:
/// SVG `clipPath` is the feature renderers disagree on most (ImageMagick's built-in reader drops every
/// clipped element), so figures use the plain SVG 1.1 subset and clip geometrically instead.
struct SVGClipRect {
    let left: Double, top: Double, right: Double, bottom: Double

    func contains(_ point: (Double, Double)) -> Bool {
        point.0 >= left && point.0 <= right && point.1 >= top && point.1 <= bottom
    }

    /// The part of the segment a–b inside the rectangle (Liang–Barsky), nil when none is.
    func segment(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
        var t0 = 0.0, t1 = 1.0
        let dx = b.0 - a.0, dy = b.1 - a.1
        for (p, q) in [(-dx, a.0 - left), (dx, right - a.0), (-dy, a.1 - top), (dy, bottom - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let t = q / p
            if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            if t0 > t1 { return nil }
        }
        return ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy))
    }

    /// A polyline cut to the rectangle: the runs of it that lie inside, each of at least two points.
    func polylines(_ points: [(Double, Double)]) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = [], current: [(Double, Double)] = []
        for (a, b) in zip(points, points.dropFirst()) {
            guard let (start, end) = segment(a, b) else {
                if current.count > 1 { runs.append(current) }
                current = []
                continue
            }
            if let last = current.last, last.0 == start.0, last.1 == start.1 {
                current.append(end)
            } else {
                if current.count > 1 { runs.append(current) }
                current = [start, end]
            }
            if end.0 != b.0 || end.1 != b.1 {
                runs.append(current)
                current = []
            }
        }
        if current.count > 1 { runs.append(current) }
        return runs
    }

    /// A polygon cut to the rectangle (Sutherland–Hodgman; the rectangle is convex).
    func polygon(_ points: [(Double, Double)]) -> [(Double, Double)] {
        typealias Point = (Double, Double)
        let edges: [(inside: (Point) -> Bool, cross: (Point, Point) -> Point)] = [
            ({ $0.0 >= left }, { a, b in (left, a.1 + (b.1 - a.1) * (left - a.0) / (b.0 - a.0)) }),
            ({ $0.0 <= right }, { a, b in (right, a.1 + (b.1 - a.1) * (right - a.0) / (b.0 - a.0)) }),
            ({ $0.1 >= top }, { a, b in (a.0 + (b.0 - a.0) * (top - a.1) / (b.1 - a.1), top) }),
            ({ $0.1 <= bottom }, { a, b in (a.0 + (b.0 - a.0) * (bottom - a.1) / (b.1 - a.1), bottom) }),
        ]
        var polygon = points
        for edge in edges {
            guard let last = polygon.last else { return [] }
            var output: [Point] = []
            var previous = last
            for point in polygon {
                switch (edge.inside(previous), edge.inside(point)) {
                case (true, true): output.append(point)
                case (true, false): output.append(edge.cross(previous, point))
                case (false, true): output += [edge.cross(previous, point), point]
                case (false, false): break
                }
                previous = point
            }
            polygon = output
        }
        return polygon
    }

    /// The intersection of an axis-aligned rectangle with this one, nil when empty.
    func rect(x: Double, y: Double, width: Double, height: Double) -> (x: Double, y: Double, width: Double, height: Double)? {
        let x0 = max(x, left), y0 = max(y, top), x1 = min(x + width, right), y1 = min(y + height, bottom)
        return x1 > x0 && y1 > y0 ? (x0, y0, x1 - x0, y1 - y0) : nil
    }
}
