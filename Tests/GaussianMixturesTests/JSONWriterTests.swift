import RandomStreams
import NumberFormats
import Foundation
import Testing
import DataFiles
import LinearAlgebra

/// The one JSON writer (`JSONValue.printed`, `JSONValue.encoding`) and the one number form (`NumberText`).
@Suite("JSON writer and number text")
struct JSONWriterTests {
    @Test("numbers: shortest round-trip form; non-finite as JSON strings; integers exact")
    func numbers() {
        #expect(JSONValue.number(0.1).printed() == "0.1")
        #expect(JSONValue.number(3).printed() == "3" && JSONValue.number(-0.0).printed() == "-0")
        #expect(JSONValue.number(1e16).printed() == "1e+16" && JSONValue.number(1e15).printed() == "1000000000000000")
        #expect(JSONValue.number(1e-5).printed() == "1e-05")
        #expect(JSONValue.number(-2.5e300).printed() == "-2.5e+300")
        #expect(JSONValue.number(.infinity).printed() == #""Infinity""#)
        #expect(JSONValue.number(-.infinity).printed() == #""-Infinity""#)
        #expect(JSONValue.number(.nan).printed() == #""NaN""#)
        #expect(JSONValue.unsigned(.max).printed() == "18446744073709551615")
        #expect(JSONValue.integer(.min).printed() == "-9223372036854775808")
        #expect([NumberText.machine(.infinity), NumberText.machine(-.infinity), NumberText.machine(.nan)] == ["Infinity", "-Infinity", "NaN"])
        #expect([NumberText.human(.infinity), NumberText.human(-.infinity), NumberText.human(.nan)] == ["∞", "−∞", "NaN"])
        #expect(NumberText.machine(0.1) == "0.1" && NumberText.human(0.1) == "0.1")
    }

    @Test("strings: quotes, backslashes and control characters escaped, Unicode as is")
    func strings() {
        #expect(JSONValue.string("a \"q\" \\ b\n\t\r\u{1}χ²").printed() == #""a \"q\" \\ b\n\t\r\u0001χ²""#)
    }

    @Test("layout: expandedLevels 0 is one line; deeper containers and empty ones stay on one line; keys in order")
    func layout() {
        let document: JSONValue = .object(["b": .array([.integer(1), .object(["x": .null])]), "a": .object([:]), "c": .array([])])
        #expect(document.printed(expandedLevels: 0) == #"{"b": [1, {"x": null}], "a": {}, "c": []}"#)
        #expect(document.printed(indent: 2, expandedLevels: 1) == "{\n  \"b\": [1, {\"x\": null}],\n  \"a\": {},\n  \"c\": []\n}")
        #expect(document.printed(indent: 1) == "{\n \"b\": [\n  1,\n  {\n   \"x\": null\n  }\n ],\n \"a\": {},\n \"c\": []\n}")
    }

    @Test("printed then parsed: every double reads back bit for bit (random bit patterns over all magnitudes), members in order")
    func roundTrip() throws {
        let stream = RandomStream(seed: 41)
        var values: [Double] = [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1e-5, 1e16, 1.2345678901234568e17]
        while values.count < 5_000 {
            let bits = UInt64(stream.integer(below: 1 << 32)) << 32 | UInt64(stream.integer(below: 1 << 32))
            let value = Double(bitPattern: bits)
            if value.isFinite { values.append(value) }
        }
        let document: JSONValue = .object(["z": .array(values.map(JSONValue.number)), "a": .bool(true)])
        let parsed = try JSONValue.parse(Data(document.printed(expandedLevels: 1).utf8))
        guard case .object(let object) = parsed, case .array(let numbers)? = object["z"] else { Issue.record("not an object"); return }
        #expect(object.keys == ["z", "a"])
        let bits = numbers.map { value -> UInt64? in if case .number(let x) = value { return x.bitPattern } else { return nil } }
        #expect(bits == values.map(\.bitPattern))
        #expect(values.allSatisfy { Double(NumberText.machine($0))?.bitPattern == $0.bitPattern })
    }

    @Test("parsed: JSON numbers in shortest, %.17g and %.20e form (in arrays, and alone at the end of a file) read as Double(_:) reads them, bit for bit")
    func numbersReadLikeDoubleInit() throws {
        let stream = RandomStream(seed: 43)
        var texts: [String] = ["0", "-0", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "9007199254740993",
                               "123456789012345678901234567890", "0.1e-400", "-1.5E+2", "1e23", "2.5e-5"]
        while texts.count < 30_000 {
            let bits = UInt64(stream.integer(below: 1 << 32)) << 32 | UInt64(stream.integer(below: 1 << 32))
            let value = Double(bitPattern: bits)
            guard value.isFinite else { continue }
            texts += [NumberText.machine(value), String(format: "%.17g", value), String(format: "%.20e", value)]
        }
        let parsed = try JSONValue.parse(Data(("[" + texts.joined(separator: ",") + "]").utf8))
        guard case .array(let values) = parsed else { Issue.record("not an array"); return }
        let bits = values.map { value -> UInt64? in if case .number(let x) = value { return x.bitPattern } else { return nil } }
        #expect(bits == texts.map { Double($0)?.bitPattern })
        // A number that ends the file has no byte after it for the in-place reader: it is read from its text.
        for text in texts.prefix(200) {
            guard case .number(let alone) = try JSONValue.parse(Data(text.utf8)) else { Issue.record("\(text): not a number"); continue }
            #expect(alone.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    struct Record: Codable, Equatable {
        var name: String
        var values: [Double]
        var count: Int
        var seed: UInt64
        var note: String?
        var table: [String: Double]
    }

    @Test("Encodable values: keys sorted, nil left out, ±∞ and NaN as strings that JSONDecoder reads back")
    func encoding() throws {
        let record = Record(name: "r", values: [0.1, .infinity, -.infinity], count: -3, seed: .max, note: nil, table: ["b": 2, "a": 1])
        let text = try JSONValue.encoding(record).printed(expandedLevels: 0)
        #expect(text == #"{"count": -3, "name": "r", "seed": 18446744073709551615, "table": {"a": 1, "b": 2}, "values": [0.1, "Infinity", "-Infinity"]}"#)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        #expect(try decoder.decode(Record.self, from: Data(text.utf8)) == record)
        // A checkpointed matrix (sweep units may return matrices): bit for bit, signed zero and subnormal included.
        var matrix = Matrix.gaussian(rows: 3, columns: 4, stream: RandomStream(seed: 8))
        matrix.elements[0] = -0.0
        matrix.elements[1] = .leastNonzeroMagnitude
        let line = try JSONValue.encoding(matrix).printed(expandedLevels: 0)
        let decoded = try decoder.decode(Matrix.self, from: Data(line.utf8))
        #expect(decoded.rows == 3 && decoded.columns == 4 && decoded.elements.map(\.bitPattern) == matrix.elements.map(\.bitPattern))
    }
}
