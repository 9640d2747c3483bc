import CNumerics
import Synchronization

/// Matrix products through BLAS (`cblas_dgemm`, `cblas_dgemv`), resolved to OpenBLAS at link time.
extension Matrix {
    /// General matrix product `C ← α·op(A)·op(B) + β·C` (BLAS level 3, `dgemm`).
    ///
    /// - Parameters:
    ///   - a, b: the factors; `transposeA`/`transposeB` select op(X) = Xᵀ.
    ///   - rowsOfB: the block of B's rows to use in place of B (read in place, not copied); all of B by default.
    ///   - c: the accumulator; its shape must be rows(op(A)) × columns(op(B)).
    public static func gemm(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, rowsOfB: Range<Int>? = nil, transposeB: Bool = false,
                            alpha: Double = 1, beta: Double = 0, into c: inout Matrix) {
        let bRows = rowsOfB ?? 0..<b.rows
        precondition(bRows.lowerBound >= 0 && bRows.upperBound <= b.rows, "gemm: rows \(bRows) of a \(b.rows)-row matrix")
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : bRows.count
        let n = transposeB ? bRows.count : b.columns
        precondition(k == kB, "gemm: inner dimensions \(k) and \(kB) differ")
        precondition(c.rows == m && c.columns == n, "gemm: output is \(c.rows)×\(c.columns), expected \(m)×\(n)")
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for index in c.elements.indices { c.elements[index] *= beta }
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor,
                                transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(max(a.columns, 1)),
                                pb.baseAddress! + bRows.lowerBound * b.columns, Int32(max(b.columns, 1)),
                                beta, pc.baseAddress, Int32(max(n, 1)))
                }
            }
        }
    }

    /// The product op(A)·op(B) as a new matrix.
    public static func product(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        var c = Matrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// A·B through `dgemm`.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { product(lhs, rhs) }

    /// A·x through `dgemv`.
    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
        precondition(lhs.columns == rhs.count, "Matrix·vector: \(lhs.rows)×\(lhs.columns) times \(rhs.count)")
        var result = [Double](repeating: 0, count: lhs.rows)
        guard lhs.rows > 0, lhs.columns > 0 else { return result }
        lhs.elements.withUnsafeBufferPointer { pa in
            rhs.withUnsafeBufferPointer { px in
                result.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(lhs.rows), Int32(lhs.columns), 1,
                                pa.baseAddress, Int32(lhs.columns), px.baseAddress, 1, 0, py.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// Aᵀ·x through `dgemv`.
    public func transposedTimes(_ vector: [Double]) -> [Double] {
        precondition(rows == vector.count, "Aᵀ·vector: \(rows)×\(columns) transposed times \(vector.count)")
        var result = [Double](repeating: 0, count: columns)
        guard rows > 0, columns > 0 else { return result }
        elements.withUnsafeBufferPointer { pa in
            vector.withUnsafeBufferPointer { px in
                result.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1,
                                pa.baseAddress, Int32(columns), px.baseAddress, 1, 0, py.baseAddress, 1)
                }
            }
        }
        return result
    }

    /// AᵀA (the Gram matrix) through `dgemm`.
    public var gram: Matrix { Matrix.product(self, transposeA: true, self) }
}

/// Control of OpenBLAS's own thread pool.
public enum BLASThreads {
    /// Nesting depth of `pinned` and the thread count to restore when the outermost call returns.
    private static let pinning = Mutex<(depth: Int, saved: Int)>((0, 1))

    /// Sets the number of threads OpenBLAS uses for one call. Pin to 1 inside parallel tasks so that a
    /// call's rounding does not depend on the machine's thread count.
    ///
    /// While a `pinned` call is running anywhere in the process, the new count is recorded and applied
    /// when the outermost `pinned` call returns, so a concurrent caller cannot unpin running blocks.
    public static func set(_ count: Int) {
        precondition(count > 0, "BLASThreads.set: thread count \(count) must be positive")
        pinning.withLock { state in
            if state.depth > 0 { state.saved = count } else { openblas_set_num_threads(Int32(count)) }
        }
    }

    /// Runs `body` with OpenBLAS on one thread, then restores the caller's thread count (when the
    /// outermost of nested or concurrent `pinned` calls returns).
    ///
    /// LAPACK's factorisations round differently at different OpenBLAS thread counts (seen: `dsyevr` on a
    /// 64×64 covariance, eigenvalues 1e-13 apart and eigenvectors of flipped sign), and parallel blocks
    /// must each run single-threaded; pinning makes both bit-reproducible, and restoring leaves a user's
    /// own large products multi-threaded.
    public static func pinned<T>(_ body: () throws -> T) rethrows -> T {
        pin()
        defer { unpin() }
        return try body()
    }

    /// `pinned` around asynchronous work (a sweep's task group): one pin for all its units, so that units
    /// taking microseconds do not switch OpenBLAS's thread count back and forth.
    public static func pinned<T>(_ body: () async throws -> T) async rethrows -> T {
        pin()
        defer { unpin() }
        return try await body()
    }

    /// Enters a pinned region: the outermost one saves the caller's count and sets 1.
    private static func pin() {
        pinning.withLock { state in
            if state.depth == 0 {
                state.saved = effective
                if state.saved != 1 { openblas_set_num_threads(1) }
            }
            state.depth += 1
        }
    }

    /// Leaves a pinned region: the outermost one restores the saved count.
    private static func unpin() {
        pinning.withLock { state in
            state.depth -= 1
            if state.depth == 0 && state.saved != 1 { openblas_set_num_threads(Int32(state.saved)) }
        }
    }
    /// Stops OpenBLAS's idle worker threads; its next multi-threaded call starts them again. A worker spins
    /// (`sched_yield`) for about 2²⁸ cycles after the library loads and after each threaded call before it
    /// sleeps: 0.1 s here, half of a short `closedform` run, taken from the parallel blocks' threads, which
    /// call OpenBLAS single-threaded. The command-line tool calls this once at start; nothing changes in
    /// any result (a thread count, not a kernel).
    public static func releaseIdleWorkers() {
        closedform_release_blas_workers()
    }

    /// The caller's thread count: the one `set` last asked for, which is restored after any `pinned` call.
    public static var current: Int {
        pinning.withLock { state in state.depth > 0 ? state.saved : effective }
    }
    /// The number of threads OpenBLAS uses right now (1 while any `pinned` call is running).
    public static var effective: Int { Int(openblas_get_num_threads()) }
    /// OpenBLAS's build configuration string (confirms which BLAS is linked).
    public static var configuration: String { String(cString: openblas_get_config()) }
}
