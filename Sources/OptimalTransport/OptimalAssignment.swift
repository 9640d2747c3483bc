import LinearAlgebra

/// The linear assignment problem, solved exactly by the Hungarian method [K55] in its O(n²m)
/// shortest-augmenting-path form with dual potentials.
///
/// ```
/// minimise   Σᵢ c[i, σ(i)]   over injective σ: {0…n−1} → {0…m−1}   (n ≤ m)
/// dual:      maximise Σᵢ uᵢ + Σⱼ vⱼ   subject to  uᵢ + vⱼ ≤ c[i, j],  vⱼ ≤ 0
/// ```
/// Rows are added one at a time; each addition grows a Dijkstra-like tree of tight edges (reduced costs
/// c − u − v ≥ 0 are kept non-negative throughout) until it reaches a free column, then flips the
/// augmenting path. At the end the potentials are a dual certificate: every reduced cost is ≥ 0 (up to
/// rounding), it is 0 on the assignment, and Σu + Σv equals the cost (strong duality), so the assignment
/// is optimal. Ties are broken by the lowest column index, so the result is deterministic.
///
/// Cost: O(n²·m) time, O(m) extra memory besides the cost matrix. Exact up to floating-point rounding of
/// the cost sums (no tolerance is involved in choosing edges).
public struct OptimalAssignment: Sendable {
    /// σ: the column assigned to each row (n entries, distinct).
    public let columnOfRow: [Int]
    /// Σᵢ c[i, σ(i)], summed in row order from the original costs.
    public let cost: Double
    /// Dual potentials uᵢ, one per row.
    public let rowPotentials: [Double]
    /// Dual potentials vⱼ ≤ 0, one per column (0 on columns left unassigned).
    public let columnPotentials: [Double]

    /// Solves the assignment problem for the n×m cost matrix `costs` (n ≤ m, all entries finite).
    ///
    /// Edge cases: n = 0 gives the empty assignment with cost 0; for n < m some columns stay free.
    public init(costs: Matrix) {
        let n = costs.rows, m = costs.columns
        precondition(n <= m, "OptimalAssignment: \(n) rows exceed \(m) columns; transpose the cost matrix")
        precondition(costs.isFinite, "OptimalAssignment: cost matrix has a non-finite entry")
        // 1-based arrays with a sentinel column 0 and row 0 (the classical formulation).
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: m + 1)
        var rowOfColumn = [Int](repeating: 0, count: m + 1)
        var way = [Int](repeating: 0, count: m + 1)
        var minimum = [Double](repeating: 0, count: m + 1)
        var used = [Bool](repeating: false, count: m + 1)
        // Raw buffers keep the O(n²m) inner loop free of bounds checks and copy-on-write checks.
        costs.elements.withUnsafeBufferPointer { c in
        u.withUnsafeMutableBufferPointer { u in
        v.withUnsafeMutableBufferPointer { v in
        rowOfColumn.withUnsafeMutableBufferPointer { rowOfColumn in
        way.withUnsafeMutableBufferPointer { way in
        minimum.withUnsafeMutableBufferPointer { minimum in
        used.withUnsafeMutableBufferPointer { used in
            for row in stride(from: 1, through: n, by: 1) {
                rowOfColumn[0] = row
                var column0 = 0
                for j in 0...m { minimum[j] = .infinity; used[j] = false }
                repeat {
                    used[column0] = true
                    let row0 = rowOfColumn[column0]
                    let base = (row0 - 1) * m - 1
                    let u0 = u[row0]
                    var delta = Double.infinity
                    var column1 = 0
                    var j = 1
                    while j <= m {
                        if !used[j] {
                            let reduced = c[base + j] - u0 - v[j]
                            if reduced < minimum[j] { minimum[j] = reduced; way[j] = column0 }
                            if minimum[j] < delta { delta = minimum[j]; column1 = j }
                        }
                        j += 1
                    }
                    j = 0
                    while j <= m {
                        if used[j] {
                            u[rowOfColumn[j]] += delta
                            v[j] -= delta
                        } else {
                            minimum[j] -= delta
                        }
                        j += 1
                    }
                    column0 = column1
                } while rowOfColumn[column0] != 0
                repeat {
                    let column1 = way[column0]
                    rowOfColumn[column0] = rowOfColumn[column1]
                    column0 = column1
                } while column0 != 0
            }
        }}}}}}}
        var assignment = [Int](repeating: -1, count: n)
        for j in stride(from: 1, through: m, by: 1) where rowOfColumn[j] != 0 { assignment[rowOfColumn[j] - 1] = j - 1 }
        var total = 0.0
        for i in 0..<n { total += costs[i, assignment[i]] }
        columnOfRow = assignment
        cost = total
        rowPotentials = Array(u[1...])
        columnPotentials = Array(v[1...])
    }
}
