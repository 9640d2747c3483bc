import Testing
import LinearAlgebra
import RandomStreams

/// OpenBLAS's thread count is process-wide, so these tests are serialised and restore it.
@Suite("OpenBLAS thread count: reproducibility and restoration", .serialized)
struct BLASThreadTests {
    @Test("dsyevr, dgesdd and dpotrf give the same bits at 1 and 2 OpenBLAS threads (they run pinned), eigenvector signs fixed")
    func factorisationsIgnoreThreadCount() throws {
        let before = BLASThreads.current
        defer { BLASThreads.set(before) }
        let a = Matrix.gaussian(rows: 96, columns: 64, stream: RandomStream(seed: 3))
        let covariance = a.gram  // 64×64, positive definite almost surely
        var results: [[Double]] = []
        for threads in [1, 2] {
            BLASThreads.set(threads)
            let eigen = try SymmetricEigendecomposition(covariance)
            let svd = try SingularValueDecomposition(a)
            let cholesky = try CholeskyFactorization(covariance)
            results.append(eigen.eigenvalues + eigen.eigenvectors.elements + svd.singularValues + svd.leftVectors.elements
                           + cholesky.lower.elements)
            #expect(BLASThreads.current == threads, "the caller's thread count is restored")
            for j in 0..<64 {
                let column = eigen.eigenvectors.column(j)
                let largest = column.indices.max { abs(column[$0]) < abs(column[$1]) }!
                #expect(column[largest] > 0, "eigenvector \(j): largest entry must be positive")
            }
        }
        #expect(results[0] == results[1])
    }

    @Test("releasing OpenBLAS's idle workers keeps the thread count, and a multi-threaded dgemm after it (workers started again) gives the same bits as before it")
    func releasingIdleWorkers() {
        let before = BLASThreads.current
        defer { BLASThreads.set(before) }
        BLASThreads.set(2)
        let a = Matrix.gaussian(rows: 600, columns: 500, stream: RandomStream(seed: 8))
        let b = Matrix.gaussian(rows: 500, columns: 700, stream: RandomStream(seed: 9))
        let threaded = Matrix.product(a, b)
        for _ in 0..<3 {
            BLASThreads.releaseIdleWorkers()
            #expect(BLASThreads.current == 2)
            #expect(Matrix.product(a, b).elements == threaded.elements)
        }
    }

    @Test("ParallelBlocks pins OpenBLAS to one thread inside its blocks and restores the caller's count afterwards")
    func parallelBlocksRestores() {
        let before = BLASThreads.current
        defer { BLASThreads.set(before) }
        BLASThreads.set(2)
        ParallelBlocks.forEach(count: 8, blockSize: 1) { _ in
            #expect(BLASThreads.effective == 1)
            #expect(BLASThreads.current == 2, "the caller's count is remembered while pinned")
        }
        #expect(BLASThreads.current == 2)
    }
}
