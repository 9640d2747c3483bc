import Foundation
import Testing
import GaussianMixtures
import LinearAlgebra
import InputErrors

/// Hostile model files: every input is either a valid model or an `InputError` with a one-line message;
/// never a crash, a hang or another error. Budget and seeds: see `Fuzz`.
@Suite("Model file reader under hostile input")
struct ModelFileFuzzTests {
    /// A real model file: examples/model.json (a full and a low-rank component).
    static let valid = """
        {"dimension": 3,
         "components": [
           {"weight": 0.5, "mean": [0, 0, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]},
           {"weight": 0.5, "mean": [1, 0, 0], "basis": [[1,0],[0,1],[0,0]], "variances": [1, 2], "noise": 0.01}]}
        """

    static func parse(_ bytes: [UInt8]) throws -> GaussianMixture { try ModelFile.parse(Data(bytes)) }

    /// What an accepted model must satisfy whatever the input: finite, normalised weights, finite means.
    static func sane(_ mixture: GaussianMixture) -> String? {
        let total = mixture.weights.reduce(0, +)
        // Normalised weights sum to 1 up to rounding of K ≤ 10⁴ terms.
        guard abs(total - 1) < 1e-12, mixture.weights.allSatisfy({ $0 > 0 && $0.isFinite }) else { return "weights \(mixture.weights)" }
        guard mixture.components.allSatisfy({ $0.mean.allSatisfy(\.isFinite) }) else { return "a mean is not finite" }
        return nil
    }

    @Test("every prefix of a real model file (truncated JSON) is refused with one line")
    func truncated() {
        let bytes = Array(Self.valid.utf8)
        for length in 0..<bytes.count {
            let failure = Fuzz.failure(Array(bytes[..<length]), label: "prefix \(length)", read: Self.parse) { _ in "a truncated file" }
            #expect(failure == nil, "\(failure ?? "")")
        }
        #expect(throws: Never.self) { try Self.parse(bytes) }
    }

    @Test("random bytes are refused with one line")
    func randomBytes() {
        Fuzz.run(count: 400) { stream, index in
            let input = Fuzz.randomBytes(stream, count: stream.integer(below: 200))
            let failure = Fuzz.failure(input, label: "random case \(index)", read: Self.parse, accept: Self.sane)
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("mutated valid files (digit, bracket and quote flips, inserted NaN/1e400/BOM/CR…) give a model or one line")
    func mutated() {
        let valid = Array(Self.valid.utf8)
        Fuzz.run(count: 1_500) { stream, index in
            var input = valid
            for _ in 0...stream.integer(below: 3) { input = Fuzz.mutate(input, stream) }
            let failure = Fuzz.failure(input, label: "mutation \(index)", read: Self.parse, accept: Self.sane)
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    typealias Case = FuzzCase

    static func model(mean: String = "0", dimension: String = "1", extra: String = "") -> String {
        #"{"dimension": \#(dimension), "components": [{"weight": 1, "mean": [\#(mean)], "covariance": [[1]]\#(extra)}]}"#
    }

    static let refused: [Case] = [
        Case(name: "empty file", text: "", mentions: ["empty"]),
        Case(name: "only whitespace and CRLF", text: " \r\n\t\r\n", mentions: ["empty"]),
        Case(name: "only a byte-order mark", text: "\u{FEFF}", mentions: ["empty"]),
        Case(name: "bare NaN", text: model(mean: "NaN"), mentions: ["components[0].mean[0]", "'NaN'", "no NaN or infinity"]),
        Case(name: "lower-case nan", text: model(mean: "nan"), mentions: ["components[0].mean[0]", "'nan'"]),
        Case(name: "Infinity", text: model(mean: "Infinity"), mentions: ["components[0].mean[0]", "'Infinity'"]),
        Case(name: "-Infinity", text: model(mean: "-Infinity"), mentions: ["components[0].mean[0]", "'-Infinity'"]),
        Case(name: "inf", text: model(mean: "inf"), mentions: ["components[0].mean[0]", "'inf'"]),
        Case(name: "\"NaN\" as a string", text: model(mean: "\"NaN\""), mentions: ["components[0].mean[0]", "a string \"NaN\"", "not a number"]),
        Case(name: "\"Infinity\" as a string", text: model(mean: "\"Infinity\""), mentions: ["components[0].mean[0]", "\"Infinity\""]),
        Case(name: "1e400 overflows", text: model(mean: "1e400"), mentions: ["components[0].mean[0]", "1e400", "range of a double"]),
        Case(name: "-1e400 overflows", text: model(mean: "-1e400"), mentions: ["components[0].mean[0]", "-1e400"]),
        Case(name: "300-digit dimension", text: model(dimension: String(repeating: "9", count: 300)), mentions: ["dimension", "1e+300", "1 to 4096"]),
        Case(name: "dimension 10⁶", text: model(dimension: "1000000"), mentions: ["dimension", "1000000", "1 to 4096"]),
        Case(name: "fractional dimension", text: model(dimension: "2.5"), mentions: ["dimension", "2.5", "whole"]),
        Case(name: "trailing comma in an array", text: model(mean: "0,"), mentions: ["components[0].mean", "trailing comma"]),
        Case(name: "trailing comma in an object", text: model(extra: ","), mentions: ["components[0]", "trailing comma"]),
        Case(name: "duplicate key", text: model(extra: #", "weight": 2"#), mentions: ["components[0].weight", "duplicate key \"weight\""]),
        Case(name: "top-level array", text: "[1, 2]", mentions: ["top level", "JSON object"]),
        Case(name: "text after the value", text: model() + " {}", mentions: ["line 1", "after the end"]),
        Case(name: "single quotes", text: "{'dimension': 1}", mentions: ["line 1, column 2", "quoted key"]),
        Case(name: "comment", text: "// model\n" + model(), mentions: ["line 1, column 1", "'/'"]),
        Case(name: "leading zero", text: model(mean: "007"), mentions: ["components[0].mean[0]", "'007'", "not a JSON number"]),
        Case(name: "lone surrogate", text: #"{"dimension": 1, "\uD800": 1}"#, mentions: ["surrogate"]),
        Case(name: "raw newline in a string", text: "{\"dime\nnsion\": 1}", mentions: ["line 1", "control character 0xA"]),
        Case(name: "covariance rows of different lengths",
             text: #"{"dimension": 2, "components": [{"weight": 1, "covariance": [[1, 0], [0]]}]}"#,
             mentions: ["components[0].covariance[1]", "1 entries, expected 2"]),
        Case(name: "mean longer than the dimension", text: model(mean: "0, 0"), mentions: ["components[0].mean", "2 entries, expected 1"]),
        Case(name: "weight null", text: #"{"dimension": 1, "components": [{"weight": null, "covariance": [[1]]}]}"#,
             mentions: ["components[0].weight", "null is not a number"]),
    ]

    @Test("each hostile model is refused with one line naming field and value", arguments: refused)
    func refusedCase(_ testCase: Case) throws {
        let bytes = Array(testCase.text.utf8)
        let error = try #require(throws: InputError.self) { try Self.parse(bytes) }
        let line = error.description
        #expect(!line.unicodeScalars.contains(where: Fuzz.isLineBreak), "\(line.debugDescription)")
        for mention in testCase.mentions { #expect(line.contains(mention), "\(line) should mention \(mention)") }
    }

    @Test("10⁵ nested arrays are refused at depth 64, without recursing further")
    func deepNesting() throws {
        for opening in ["[", "{\"a\":"] {
            let text = String(repeating: opening, count: 100_000) + String(repeating: opening == "[" ? "]" : "}", count: 100_000)
            // Refused at the 65th opening: the parser does not recurse past the limit.
            let error = try #require(throws: InputError.self) { try Self.parse(Array(text.utf8)) }
            #expect(error.description.contains("nesting deeper than 64"), "\(error)")
            #expect(error.description.count < 300, "the path in the message is shortened: \(error)")
        }
    }

    @Test("a claim of 10⁶ dimensions (with 10⁶ means) or of 10⁶ components is refused before any matrix is built")
    func hugeClaims() throws {
        let zeros = [String](repeating: "0", count: 1_000_000).joined(separator: ",")
        let wide = #"{"dimension": 1000000, "components": [{"weight": 1, "mean": [\#(zeros)], "noise": 1, "basis": []}]}"#
        let dimension = try #require(throws: InputError.self) { try Self.parse(Array(wide.utf8)) }
        #expect(dimension.field == "dimension" && dimension.reason.contains("1000000"), "\(dimension)")
        let many = #"{"dimension": 1, "components": ["# + [String](repeating: "{}", count: 1_000_000).joined(separator: ",") + "]}"
        let components = try #require(throws: InputError.self) { try Self.parse(Array(many.utf8)) }
        #expect(components.field == "components" && components.reason.contains("1000000 entries"), "\(components)")
    }

    @Test("a model whose factorisations exceed the memory budget is refused naming components and the estimate")
    func memoryBudget() throws {
        let error = try #require(throws: InputError.self) { try ModelFile.parse(Data(Self.valid.utf8), memoryLimit: 100) }
        #expect(error.field == "components")
        #expect(error.reason.contains("2 components in dimension 3") && error.reason.contains("needs about"), "\(error)")
        // 4·9 + 2·3 doubles for the dense component, 4·3·2 + 4 + 2·3 for the rank-2 one: 76 doubles, 608 B.
        #expect(error.reason.contains("608 B"), "\(error)")
    }

    @Test("genuinely valid variants are accepted: BOM, CRLF, escaped keys, 1e308, 1e-400, 300-digit numbers")
    func validVariants() throws {
        let reference = try ModelFile.parse(Data(Self.valid.utf8))
        let crlf = "\u{FEFF}" + Self.valid.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        let again = try ModelFile.parse(Data(crlf.utf8))
        #expect(again.weights == reference.weights && again.components[1].covariance == reference.components[1].covariance)
        let escaped = #"{"dimension": 1, "comp\u006fnents": [{"weight": 1, "covariance": [[1]]}]}"#
        #expect(try ModelFile.parse(Data(escaped.utf8)).count == 1)
        let extremes = try ModelFile.parse(Data(Self.model(mean: "1e308").utf8))
        #expect(extremes.components[0].mean == [1e308])
        #expect(try ModelFile.parse(Data(Self.model(mean: "1e-400").utf8)).components[0].mean == [0])
        let digits = try ModelFile.parse(Data(Self.model(mean: String(repeating: "9", count: 300)).utf8))
        #expect(digits.components[0].mean == [1e300])
    }

    @Test("bytes that are not UTF-8 are refused with the offset of the first bad byte")
    func notUTF8() throws {
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let bytes = Array(#"{"dimension": "#.utf8) + bad + Array("1}".utf8)
            let error = try #require(throws: InputError.self) { try Self.parse(bytes) }
            #expect(error.reason.contains("not UTF-8") && error.reason.contains("offset 14"), "\(error)")
        }
    }
}
