import Foundation
import LinearAlgebra

/// Discrete optimal transport between two weight vectors, solved exactly by the transportation
/// simplex (the network simplex on a complete bipartite graph) with Bland's anti-cycling rule [B77].
///
/// ```
/// minimise   Σᵢⱼ c[i, j]·w[i, j]
/// subject to Σⱼ w[i, j] = aᵢ,  Σᵢ w[i, j] = bⱼ,  w ≥ 0          (Σa = Σb)
/// dual:      maximise Σᵢ aᵢuᵢ + Σⱼ bⱼvⱼ  subject to  uᵢ + vⱼ ≤ c[i, j]
/// ```
/// Start: the north-west-corner rule gives a basic feasible plan on a spanning tree of K + L − 1 cells.
/// Pivot: the potentials solve uᵢ + vⱼ = c[i, j] on the tree (one walk over it); the entering cell is the
/// one with the most negative reduced cost c − u − v < −tol (Dantzig's rule, first row-major on ties);
/// the tree path closes a cycle with alternating signs, and the leaving cell is the first (row-major)
/// minimum-flow cell on its minus side. Dantzig's rule can cycle on degenerate pivots (θ = 0), so after
/// `degenerateStreak` degenerate pivots in a row the entering cell is the first (row-major) with a negative
/// reduced cost, Bland's rule [B77], until a pivot moves flow. Bland's rule cannot cycle, and every pivot
/// that moves flow lowers the cost, so the simplex terminates.
///
/// At the end every reduced cost is ≥ −tol, the potentials are a dual certificate, and Σ a·u + Σ b·v
/// equals the cost up to rounding. Each pivot costs O(K·L) for the pricing and O(K + L) for the tree;
/// a KDE against a target (400 × 5 cells) takes milliseconds. `tol` = 1e-12·max(1, max|c|) guards against
/// pivoting on rounding noise.
public struct OptimalTransportPlan: Sendable {
    /// w, K×L: the optimal coupling (non-negative, rows sum to a, columns to b up to rounding).
    public let plan: Matrix
    /// Σᵢⱼ c[i, j]·w[i, j].
    public let cost: Double
    /// Dual potentials uᵢ (defined up to a common shift; u₀ = 0).
    public let rowPotentials: [Double]
    /// Dual potentials vⱼ.
    public let columnPotentials: [Double]
    /// Simplex pivots taken (0 when the north-west-corner plan is already optimal).
    public let pivots: Int

    /// Solves the transport problem for the K×L cost matrix `costs`, supply a (K entries) and demand b
    /// (L entries), both non-negative and with equal totals (relative mismatch ≤ 1e-9; the caller
    /// normalises).
    /// - Throws: `LinearAlgebraError` (routine `transportation simplex`) if the pivot count exceeds its
    ///   cap, which Bland's rule rules out in exact arithmetic.
    public init(costs: Matrix, supply: [Double], demand: [Double]) throws {
        let rows = costs.rows, columns = costs.columns
        precondition(supply.count == rows && demand.count == columns,
                     "OptimalTransportPlan: costs \(rows)×\(columns), supply \(supply.count), demand \(demand.count)")
        precondition(rows > 0 && columns > 0, "OptimalTransportPlan: empty problem \(rows)×\(columns)")
        precondition(costs.isFinite, "OptimalTransportPlan: cost matrix has a non-finite entry")
        precondition(supply.allSatisfy { $0 >= 0 && $0.isFinite } && demand.allSatisfy { $0 >= 0 && $0.isFinite },
                     "OptimalTransportPlan: weights must be non-negative and finite: \(supply), \(demand)")
        let totalSupply = supply.reduce(0, +), totalDemand = demand.reduce(0, +)
        precondition(abs(totalSupply - totalDemand) <= 1e-9 * max(totalSupply, totalDemand),
                     "OptimalTransportPlan: supply total \(totalSupply) differs from demand total \(totalDemand)")

        var flow = Matrix(rows: rows, columns: columns)
        var basic = Self.northWestCorner(supply: supply, demand: demand, into: &flow)
        let tolerance = 1e-12 * max(1, costs.elements.reduce(0) { max($0, abs($1)) })
        let cap = 1_000 + 50 * (rows * columns) * (rows + columns)
        var pivots = 0
        var u = [Double](), v = [Double]()
        var degenerate = 0
        while true {
            let tree = Self.treeNeighbours(basic: basic, rows: rows, columns: columns)
            (u, v) = Self.potentials(costs: costs, tree: tree)
            let bland = degenerate >= Self.degenerateStreak
            var entering: Int? = nil
            var mostNegative = -tolerance
            search: for i in 0..<rows {
                for j in 0..<columns {
                    let reduced = costs[i, j] - u[i] - v[j]
                    guard reduced < mostNegative, !basic[i * columns + j] else { continue }
                    entering = i * columns + j
                    if bland { break search }
                    mostNegative = reduced
                }
            }
            guard let cell = entering else { break }
            guard pivots < cap else {
                throw LinearAlgebraError(routine: "transportation simplex", info: Int32(clamping: pivots),
                                         reason: "no optimal basis after \(pivots) pivots (cap \(cap))")
            }
            // Tree path from row node i to column node j; its odd-numbered cells lose flow.
            let path = Self.treePath(fromRow: cell / columns, toColumn: cell % columns, tree: tree, rows: rows)
            var leaving = -1
            var theta = Double.infinity
            for (position, pathCell) in path.enumerated() where position % 2 == 0 {
                let amount = flow.elements[pathCell]
                if amount < theta || (amount == theta && pathCell < leaving) { theta = amount; leaving = pathCell }
            }
            for (position, pathCell) in path.enumerated() {
                flow.elements[pathCell] += position % 2 == 0 ? -theta : theta
            }
            flow.elements[cell] = theta
            flow.elements[leaving] = 0
            basic[leaving] = false
            basic[cell] = true
            pivots += 1
            degenerate = theta > 0 ? 0 : degenerate + 1
        }
        var total = 0.0
        for index in flow.elements.indices { total += costs.elements[index] * flow.elements[index] }
        plan = flow
        cost = total
        rowPotentials = u
        columnPotentials = v
        self.pivots = pivots
    }

    /// The north-west-corner plan: exactly K + L − 1 basic cells (zero flows included) forming a spanning
    /// tree of the bipartite graph, as the simplex requires.
    private static func northWestCorner(supply: [Double], demand: [Double], into flow: inout Matrix) -> [Bool] {
        var remainingSupply = supply, remainingDemand = demand
        let rows = supply.count, columns = demand.count
        var basic = [Bool](repeating: false, count: rows * columns)
        var i = 0, j = 0
        while true {
            let amount = min(remainingSupply[i], remainingDemand[j])
            flow[i, j] = amount
            basic[i * columns + j] = true
            remainingSupply[i] -= amount
            remainingDemand[j] -= amount
            if i == rows - 1 && j == columns - 1 { break }
            if i == rows - 1 { j += 1 } else if j == columns - 1 { i += 1 }
            else if remainingSupply[i] <= remainingDemand[j] { i += 1 } else { j += 1 }
        }
        return basic
    }

    /// Degenerate pivots in a row after which the entering rule switches from Dantzig's to Bland's.
    static let degenerateStreak = 50

    /// Potentials with uᵢ + vⱼ = c[i, j] on every basic cell, u₀ = 0 (a breadth-first walk over the
    /// spanning tree from row 0; nodes 0..<K are rows, K..<K+L columns).
    private static func potentials(costs: Matrix, tree neighbours: [[(node: Int, cell: Int)]]) -> ([Double], [Double]) {
        let rows = costs.rows, columns = costs.columns
        var potential = [Double](repeating: 0, count: rows + columns)
        var visited = [Bool](repeating: false, count: rows + columns)
        var queue = [0]
        visited[0] = true
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in neighbours[node] where !visited[edge.node] {
                visited[edge.node] = true
                potential[edge.node] = costs.elements[edge.cell] - potential[node]
                queue.append(edge.node)
            }
        }
        precondition(queue.count == rows + columns, "OptimalTransportPlan: basis is not a spanning tree")
        return (Array(potential[0..<rows]), Array(potential[rows...]))
    }

    /// The adjacency of the basis tree (`basic[cell]` marks the basic cells): for each node, its neighbours
    /// with the connecting cell, in row-major order of the cells, so walks are deterministic. One pass over
    /// the K·L flags, cheaper than sorting a set of the K + L − 1 basic cells at every pivot.
    private static func treeNeighbours(basic: [Bool], rows: Int, columns: Int) -> [[(node: Int, cell: Int)]] {
        var neighbours = [[(node: Int, cell: Int)]](repeating: [], count: rows + columns)
        for cell in basic.indices where basic[cell] {
            let i = cell / columns, j = rows + cell % columns
            neighbours[i].append((j, cell))
            neighbours[j].append((i, cell))
        }
        return neighbours
    }

    /// The cells on the tree path from row node `row` to column node `column` (breadth-first search over
    /// the basis tree `neighbours`; nodes 0..<K are rows, K..<K+L columns), in order starting at `row`.
    private static func treePath(fromRow row: Int, toColumn column: Int, tree neighbours: [[(node: Int, cell: Int)]], rows: Int) -> [Int] {
        var parent = [(node: Int, cell: Int)?](repeating: nil, count: neighbours.count)
        var visited = [Bool](repeating: false, count: neighbours.count)
        var queue = [row]
        visited[row] = true
        var head = 0
        let target = rows + column
        while head < queue.count, !visited[target] {
            let node = queue[head]
            head += 1
            for edge in neighbours[node] where !visited[edge.node] {
                visited[edge.node] = true
                parent[edge.node] = (node, edge.cell)
                queue.append(edge.node)
            }
        }
        var path: [Int] = []
        var node = target
        while node != row, let step = parent[node] {
            path.append(step.cell)
            node = step.node
        }
        precondition(node == row, "OptimalTransportPlan: basis tree does not connect row \(row) to column \(column)")
        return path.reversed()
    }
}
