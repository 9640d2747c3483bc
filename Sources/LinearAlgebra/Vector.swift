/// A vector is a plain `[Double]`; these helpers give it the usual Euclidean operations.
public typealias Vector = [Double]

extension Array where Element == Double {
    /// Euclidean inner product ⟨x, y⟩.
    public func dot(_ other: [Double]) -> Double {
        precondition(count == other.count, "dot: lengths \(count) and \(other.count)")
        var sum = 0.0
        for index in indices { sum += self[index] * other[index] }
        return sum
    }

    /// Euclidean norm ‖x‖₂, computed with scaling so that it neither overflows nor underflows.
    public var euclideanNorm: Double {
        let scale = self.reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard scale > 0, scale.isFinite else { return scale }
        var sum = 0.0
        for value in self { let scaled = value / scale; sum += scaled * scaled }
        return scale * sum.squareRoot()
    }

    /// Element-wise sum x + y. A named method, not `+`, because `+` on arrays already means concatenation.
    public func adding(_ other: [Double]) -> [Double] {
        precondition(count == other.count, "adding: lengths \(count) and \(other.count)")
        return zip(self, other).map { $0 + $1 }
    }

    public static func - (lhs: [Double], rhs: [Double]) -> [Double] {
        precondition(lhs.count == rhs.count, "Vector -: lengths \(lhs.count) and \(rhs.count)")
        return zip(lhs, rhs).map { $0 - $1 }
    }

    public static func * (scalar: Double, vector: [Double]) -> [Double] { vector.map { scalar * $0 } }
}
