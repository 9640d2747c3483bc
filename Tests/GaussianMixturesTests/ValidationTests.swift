import Foundation
import Testing
import GaussianMixtures
import LinearAlgebra
import InputErrors
import RandomStreams

@Suite("Model validation names the field and the value")
struct ValidationTests {
    static func error(_ json: String) -> InputError? {
        do { _ = try ModelFile.parse(Data(json.utf8)); return nil } catch let error as InputError { return error } catch { return nil }
    }

    @Test("each kind of bad model gives an InputError naming its field", arguments: [
        (#"{"dimension": 2, "components": [{"weight": 1, "covariance": [[1, 0], [0, -1]]}]}"#, "components[0].covariance"),
        (#"{"dimension": 2, "components": [{"weight": 1, "covariance": [[1, 0.5], [0, 1]]}]}"#, "components[0].covariance"),
        (#"{"dimension": 2, "components": [{"weight": -1, "covariance": [[1, 0], [0, 1]]}]}"#, "components[0].weight"),
        (#"{"dimension": 2, "components": [{"weight": 1, "mean": [1], "covariance": [[1, 0], [0, 1]]}]}"#, "components[0].mean"),
        (#"{"dimension": 2, "components": [{"weight": 1, "basis": [[1, 1], [0, 1]]}]}"#, "components[0].basis"),
        (#"{"dimension": 2, "components": [{"weight": 1, "basis": [[1], [0]], "variances": [0]}]}"#, "components[0].variances[0]"),
        (#"{"dimension": 2, "components": [{"weight": 1, "basis": [[1], [0]], "noise": -0.1}]}"#, "components[0].noise"),
        (#"{"dimension": 2, "components": [{"weight": 1}]}"#, "components[0].covariance"),
        (#"{"dimension": 2, "components": [{"weight": 1, "covariance": [[1, 0], [0, 1]], "colour": 3}]}"#, "components[0].colour"),
        (#"{"dimension": 0, "components": []}"#, "dimension"),
        (#"{"dimension": 2, "components": []}"#, "components"),
        (#"{"dimension": 2, "components": [{"weight": "heavy", "covariance": [[1, 0], [0, 1]]}]}"#, "components[0].weight"),
    ])
    func badModels(json: String, field: String) {
        let error = Self.error(json)
        #expect(error?.field == field, "got \(String(describing: error))")
        #expect(error.map { !$0.description.contains("\n") } ?? false, "one line")
    }

    @Test("malformed JSON is reported, not crashed on")
    func malformed() {
        #expect(Self.error(#"{"dimension": 2, "components": [{"weight": 1,"#) != nil)
        #expect(Self.error("[1, 2]") != nil)
    }

    @Test("a degenerate low-rank component (noise 0) samples fine but has no density at t = 0")
    func degenerate() throws {
        let mixture = try ModelFile.parse(Data(#"{"dimension": 2, "components": [{"weight": 1, "basis": [[1], [0]]}]}"#.utf8))
        #expect(mixture.sample(count: 3, stream: RandomStream(seed: 1)).column(1) == [0, 0, 0])
        #expect(throws: InputError.self) { try mixture.logDensity(Matrix(rowArrays: [[0, 0]])) }
        #expect((try? mixture.noised(scale: 1, sigma: 0.1).logDensity(Matrix(rowArrays: [[0, 0]]))) != nil)
    }
}
