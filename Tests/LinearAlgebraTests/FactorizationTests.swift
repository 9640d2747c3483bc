import Testing
import PropertyBased
import PropertySupport
import LinearAlgebra

@Suite("LAPACK factorisations")
struct FactorizationTests {
    static func randomSPD(_ n: Int, _ stream: RandomStream) -> Matrix {
        let g = Matrix.gaussian(rows: n, columns: n, stream: stream)
        return Matrix.product(g, g, transposeB: true).addingToDiagonal(Double(n)).symmetrised
    }

    @Test("dsyevr: A = V diag(λ) Vᵀ, VᵀV = I, λ ascending")
    func eigendecomposition() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...40), Gen.int(in: 0...1_000_000)) { n, seed in
            let a = Self.randomSPD(n, RandomStream(seed: UInt64(seed)))
            let eigen = try SymmetricEigendecomposition(a)
            let v = eigen.eigenvectors
            let rebuilt = Matrix.product(v.scalingColumns(by: eigen.eigenvalues), v, transposeB: true)
            // Backward stable: ‖A − VΛVᵀ‖ ≲ n·ε·‖A‖, with ‖A‖ ≲ 5n here.
            #expect(rebuilt.maxAbsoluteDifference(a) < 1e-12 * Double(n * n + 1))
            #expect(v.gram.maxAbsoluteDifference(Matrix.identity(n)) < 1e-13 * Double(n + 1))
            #expect(zip(eigen.eigenvalues, eigen.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    @Test("dgesdd: A = U diag(s) Vᵀ with orthonormal factors and s descending; values-only agrees")
    func singularValues() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...30), Gen.int(in: 1...30), Gen.int(in: 0...1_000_000)) { m, n, seed in
            let a = Matrix.gaussian(rows: m, columns: n, stream: RandomStream(seed: UInt64(seed)))
            let svd = try SingularValueDecomposition(a)
            let rebuilt = Matrix.product(svd.leftVectors.scalingColumns(by: svd.singularValues), svd.rightVectorsTransposed)
            // Entries O(1), ‖A‖ ≲ √m + √n: backward error ≲ min(m,n)·ε·‖A‖.
            #expect(rebuilt.maxAbsoluteDifference(a) < 1e-12)
            #expect(svd.leftVectors.gram.maxAbsoluteDifference(Matrix.identity(min(m, n))) < 1e-12)
            let valuesOnly = try SingularValueDecomposition.singularValues(of: a)
            let agreement = zip(valuesOnly, svd.singularValues).map { (only: Double, full: Double) -> Double in abs(only - full) / (1 + full) }
            #expect(agreement.max()! < 1e-12)
            #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    @Test("dpotrf/dpotrs: LLᵀ = A, A·solve(b) = b, log det = Σ log λ")
    func cholesky() async throws {
        await seededPropertyCheck(count: 60, input: Gen.int(in: 1...40), Gen.int(in: 0...1_000_000)) { n, seed in
            let stream = RandomStream(seed: UInt64(seed))
            let a = Self.randomSPD(n, stream)
            let factor = try CholeskyFactorization(a)
            #expect(Matrix.product(factor.lower, factor.lower, transposeB: true).maxAbsoluteDifference(a) < 1e-12 * Double(n * n + 1))
            let b = stream.gaussians(n)
            let x = try factor.solve(b)
            // κ(A) ≤ (‖G‖² + n)/n ≲ 5: residual ≲ n·ε·‖A‖‖x‖.
            let residual = (a * x) - b
            #expect(residual.map(abs).max()! < 1e-11 * Double(n))
            let logDet = try SymmetricEigendecomposition(a).eigenvalues.map { Foundation.log($0) }.reduce(0, +)
            #expect(abs(factor.logDeterminant - logDet) < 1e-10 * (1 + abs(logDet)))
        }
    }

    @Test("dpotrf rejects a matrix that is not positive definite, naming the routine")
    func choleskyRejectsIndefinite() {
        let indefinite = Matrix(rowArrays: [[1, 2], [2, 1]])
        #expect(throws: LinearAlgebraError.self) { try CholeskyFactorization(indefinite) }
        do { _ = try CholeskyFactorization(indefinite) } catch let error as LinearAlgebraError {
            #expect(error.routine == "dpotrf" && error.info == 2)
        } catch { Issue.record("unexpected error \(error)") }
    }
}

import Foundation
import RandomStreams
