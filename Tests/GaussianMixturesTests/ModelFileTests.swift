import Foundation
import Testing
@testable import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

@Suite("Model file")
struct ModelFileTests {
    static let example = """
    {"dimension": 3,
     "components": [
       {"weight": 0.5, "mean": [0, 0, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]},
       {"weight": 0.5, "mean": [1, 0, 0], "basis": [[1,0],[0,1],[0,0]], "variances": [1, 2], "noise": 0.01}]}
    """

    @Test("the example model file (examples/model.json) parses, with weights, means and both covariance forms")
    func parsesExample() throws {
        let mixture = try ModelFile.parse(Data(Self.example.utf8))
        #expect(mixture.dimension == 3)
        #expect(mixture.weights == [0.5, 0.5])
        #expect(mixture.components[1].mean == [1, 0, 0])
        let expected = Matrix(rowArrays: [[1.01, 0, 0], [0, 2.01, 0], [0, 0, 0.01]])
        // Reconstruction U diag(v) Uᵀ + δ²I through dgemm: exact up to a few ulps of the entries (≤ 2.01).
        #expect(mixture.components[1].covariance.maxAbsoluteDifference(expected) < 1e-14)
    }

    @Test("integer weights and a weight of exactly 1 are numbers, true is not")
    func booleansAreNotNumbers() throws {
        let one = #"{"dimension": 1, "components": [{"weight": 1, "covariance": [[1]]}]}"#
        #expect(try ModelFile.parse(Data(one.utf8)).weights == [1])
        let boolean = #"{"dimension": 1, "components": [{"weight": true, "covariance": [[1]]}]}"#
        #expect(throws: InputError.self) { try ModelFile.parse(Data(boolean.utf8)) }
    }

    @Test("render then parse gives the same mixture, bit for bit")
    func roundTrip() throws {
        let mixture = try ModelFile.parse(Data(Self.example.utf8))
        let again = try ModelFile.parse(Data(ModelFile.render(mixture).utf8))
        #expect(again.weights == mixture.weights)
        #expect(again.components[0].covariance == mixture.components[0].covariance)
        #expect(again.components[1].covariance == mixture.components[1].covariance)
    }

    @Test("17-significant-digit numbers read back as the same Double (JSONSerialization on Linux misreads two thirds of them by an ulp)")
    func seventeenDigitsRoundTrip() throws {
        let stream = RandomStream(seed: 17)
        let means = stream.gaussians(2_000).map { $0 * 1e3 }
        let meanText = means.map { String(format: "%.17g", $0) }.joined(separator: ", ")
        let basisText = (0..<2_000).map { $0 == 0 ? "[1]" : "[0]" }.joined(separator: ", ")
        let json = "{\"dimension\": 2000, \"components\": [{\"weight\": 1, \"mean\": [" + meanText
            + "], \"basis\": [" + basisText + "], \"noise\": 1}]}"
        let mixture = try ModelFile.parse(Data(json.utf8))
        #expect(mixture.components[0].mean == means)
    }
}
