import Foundation
import Testing
import LinearAlgebra
import RandomStreams

@Suite("Matrix as JSON")
struct MatrixCodableTests {
    @Test("a matrix survives JSON bit for bit (Gaussian entries, −0, a subnormal, 1/3, the largest double) and keeps its shape, also 0×3")
    func roundTrip() throws {
        var matrix = Matrix.gaussian(rows: 4, columns: 5, stream: RandomStream(seed: 8))
        matrix.elements[0] = -0.0
        matrix.elements[1] = Double.leastNonzeroMagnitude
        matrix.elements[2] = 1.0 / 3.0
        matrix.elements[3] = Double.greatestFiniteMagnitude
        for original in [matrix, Matrix(rows: 0, columns: 3)] {
            let decoded = try JSONDecoder().decode(Matrix.self, from: JSONEncoder().encode(original))
            #expect(decoded.rows == original.rows && decoded.columns == original.columns)
            #expect(decoded.elements.map(\.bitPattern) == original.elements.map(\.bitPattern))
        }
    }

    @Test("JSON whose element count is not rows·columns, or with a negative shape, is refused")
    func malformed() {
        for text in [#"{"rows": 2, "columns": 2, "elements": [1, 2, 3]}"#, #"{"rows": -1, "columns": -2, "elements": [1, 2]}"#,
                     #"{"rows": 4611686018427387904, "columns": 4, "elements": []}"#] {
            #expect(throws: DecodingError.self, "\(text)") { try JSONDecoder().decode(Matrix.self, from: Data(text.utf8)) }
        }
    }
}
