import Foundation
import Testing
import DataFiles
import LinearAlgebra
import InputErrors
import RandomStreams

/// Hostile CSV points files: every input is either a matrix of finite numbers with rows of one length,
/// or an `InputError` with a one-line message. Budget and seeds: see `Fuzz`.
@Suite("Points file reader under hostile input")
struct PointsFileFuzzTests {
    static let valid = "0,0,0\n1, -0.5, 0.25\n-2.5,3,1e-3\n\n0.1,0.2,-0.3\n4,4,4\n"

    static func parse(_ bytes: [UInt8]) throws -> Matrix {
        try PointsFile.parse(String(decoding: bytes, as: UTF8.self), source: "points.csv")
    }

    static func sane(_ matrix: Matrix) -> String? {
        guard matrix.rows > 0, matrix.columns > 0, matrix.elements.count == matrix.rows * matrix.columns else {
            return "shape \(matrix.rows)×\(matrix.columns) with \(matrix.elements.count) elements"
        }
        return matrix.elements.allSatisfy(\.isFinite) ? nil : "a value is not finite"
    }

    @Test("random bytes, every prefix, and mutations of a valid file give finite points or one line")
    func fuzz() {
        let valid = Array(Self.valid.utf8)
        for length in 0...valid.count {
            let failure = Fuzz.failure(Array(valid[..<length]), label: "prefix \(length)", read: Self.parse, accept: Self.sane)
            #expect(failure == nil, "\(failure ?? "")")
        }
        Fuzz.run(count: 1_500) { stream, index in
            var input = index % 3 == 0 ? Fuzz.randomBytes(stream, count: stream.integer(below: 120)) : valid
            for _ in 0...stream.integer(below: 3) { input = Fuzz.mutate(input, stream) }
            let failure = Fuzz.failure(input, label: "case \(index)", read: Self.parse, accept: Self.sane)
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    typealias Case = FuzzCase

    static let refused: [Case] = [
        Case(name: "empty file", text: "", mentions: ["points.csv", "contains no points"]),
        Case(name: "blank lines only", text: "\n\r\n  \n", mentions: ["contains no points"]),
        Case(name: "mismatched row lengths", text: "1,2,3\n4,5\n", mentions: ["row 2", "has 2 values", "earlier rows have 3"]),
        Case(name: "NaN", text: "1,NaN\n", mentions: ["row 1, column 2", "'NaN'", "not a finite number"]),
        Case(name: "nan", text: "1,nan\n", mentions: ["row 1, column 2", "'nan'"]),
        Case(name: "Infinity", text: "Infinity,1\n", mentions: ["row 1, column 1", "'Infinity'"]),
        Case(name: "-inf", text: "-inf,1\n", mentions: ["'-inf'"]),
        Case(name: "1e400", text: "1e400,1\n", mentions: ["row 1, column 1", "'1e400'"]),
        Case(name: "trailing comma", text: "1,2,\n", mentions: ["row 1, column 3", "''"]),
        Case(name: "header row", text: "x,y\n1,2\n", mentions: ["row 1, column 1", "'x'"]),
        Case(name: "stray carriage return inside a row", text: "1,2\r3\n", mentions: ["row 1, column 2", "'2\\u{D}3'"]),
        Case(name: "quoted number", text: "\"1\",2\n", mentions: ["'\"1\"'"]),
        Case(name: "semicolon separator", text: "1;2\n", mentions: ["'1;2'"]),
    ]

    @Test("each hostile points file is refused with one line naming row, column and value", arguments: refused)
    func refusedCase(_ testCase: Case) throws {
        let error = try #require(throws: InputError.self) { try Self.parse(Array(testCase.text.utf8)) }
        #expect(!error.description.unicodeScalars.contains(where: Fuzz.isLineBreak), "\(error.description.debugDescription)")
        for mention in testCase.mentions { #expect(error.description.contains(mention), "\(error) should mention \(mention)") }
    }

    @Test("CRLF line ends, a byte-order mark, tabs and blank lines are accepted and read the same numbers")
    func validVariants() throws {
        let reference = try Self.parse(Array(Self.valid.utf8))
        let windows = "\u{FEFF}" + Self.valid.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: ",", with: ",\t")
        let again = try Self.parse(Array(windows.utf8))
        #expect(again == reference)
        #expect(reference.rows == 5 && reference.columns == 3)
        // 1e-400 is below the smallest subnormal: it rounds to 0, as strtod does.
        #expect(try Self.parse(Array("1e-400,1e308\n".utf8)).elements == [0, 1e308])
    }

    @Test("render then parse gives back every double bit for bit: random bit patterns, subnormals, ±0, the extremes")
    func renderRoundTrip() throws {
        let stream = RandomStream(seed: 21)
        var values: [Double] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.3, 0.1 + 0.2, 1 / 3.0]
        while values.count < 30_000 {
            // Uniform bit patterns (four 16-bit draws) cover every exponent; a third forced subnormal (exponent bits 0).
            var bits = (0..<4).reduce(UInt64(0)) { bits, _ in bits << 16 | UInt64(stream.integer(below: 1 << 16)) }
            if values.count % 3 == 0 { bits &= 0x800F_FFFF_FFFF_FFFF }
            let value = Double(bitPattern: bits)
            if value.isFinite { values.append(value) }
        }
        let matrix = Matrix(rows: values.count / 3, columns: 3, elements: Array(values.prefix(values.count / 3 * 3)))
        let read = try PointsFile.parse(PointsFile.render(matrix), source: "round-trip.csv")
        #expect(read.rows == matrix.rows && read.columns == 3)
        let mismatches = zip(matrix.elements, read.elements).filter { $0.bitPattern != $1.bitPattern }
        #expect(mismatches.isEmpty, "\(mismatches.count) values changed, e.g. \(mismatches.prefix(3))")
    }

    @Test("CSV spells non-finite values inf, -inf, nan; the reader knows them as numbers and refuses them as points")
    func nonFiniteSpelling() throws {
        #expect(PointsFile.render([.infinity, -.infinity, .nan, 0.3]) == "inf\n-inf\nnan\n0.3\n")
        for token in ["inf", "-inf", "nan", "Infinity", "-Infinity", "NaN"] {
            let error = try #require(throws: InputError.self) { try PointsFile.parse("1,\(token)\n", source: "p.csv") }
            #expect(error.description == "p.csv: row 1, column 2: '\(token)' is not a finite number")
        }
    }

    @Test("a row of 10⁶ values against dimension 3 is refused at that row")
    func wideRow() throws {
        let text = [String](repeating: "0", count: 1_000_000).joined(separator: ",") + "\n"
        let error = try #require(throws: InputError.self) { try PointsFile.parse(text, source: "wide.csv", dimension: 3) }
        #expect(error.description == "wide.csv: row 1: has 1000000 values, the model has dimension 3")
    }

    @Test("files: not UTF-8 (offset named), a directory, a device, over the memory budget")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-points-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let latin1 = directory.appendingPathComponent("latin1.csv")
        try Data([0x31, 0x2C, 0xE9, 0x0A]).write(to: latin1)  // "1,é" in ISO 8859-1
        #expect(throws: InputError(source: latin1.path, field: "", reason: "is not UTF-8 text (byte 0xE9 at offset 2)")) {
            try PointsFile.read(path: latin1.path)
        }
        #expect(throws: InputError(source: directory.path, field: "", reason: "is a directory, not a file")) {
            try PointsFile.read(path: directory.path)
        }
        #expect(throws: InputError(source: "/dev/zero", field: "", reason: "is a device, not a file")) {
            try PointsFile.read(path: "/dev/zero")
        }
        let error = try #require(throws: InputError.self) {
            try MemoryBudget.require(8e12, source: "big.csv", field: "", what: "reading", limit: 1e9)
        }
        #expect(error.description.hasPrefix("big.csv: reading needs about 7.3 TiB of memory, over the budget of 954 MiB"), "\(error)")
        #expect(try MemoryBudget.parse("512M") == 512 * 1024 * 1024)
        #expect(throws: InputError.self) { try MemoryBudget.parse("lots") }
    }
}

@Suite("Points file reader: in-place decimal parsing against Double(_:)")
struct PointsFileDecimalTests {
    @Test("decimal strings of 1–25 significant digits, wide exponents and halfway cases read as Double(_:) reads them")
    func decimalStringsMatchDouble() throws {
        let stream = RandomStream(seed: 23)
        var tokens: [String] = ["0", "-0", "+1", "1e-400", "4.9406564584124654e-324", "2.4703282292062328e-324",
                                "2.2250738585072011e-308", "1.7976931348623157e308", "9007199254740993",
                                "0x1.8p1", "1.", ".5", "-.5e-3", "1E5"]
        while tokens.count < 20_000 {
            let digits = 1 + stream.integer(below: 25)
            let mantissa = String((0..<digits).map { _ in Character(String(stream.integer(below: 10))) })
            let point = stream.integer(below: digits + 1)
            let exponent = stream.integer(below: 640) - 330
            let sign = stream.integer(below: 2) == 0 ? "" : "-"
            tokens.append("\(sign)\(mantissa.prefix(point)).\(mantissa.dropFirst(point))e\(exponent)")
        }
        let accepted = tokens.filter { Double($0)?.isFinite == true }
        let text = stride(from: 0, to: accepted.count - 1, by: 2).map { "\(accepted[$0]), \(accepted[$0 + 1])\n" }.joined()
        let read = try PointsFile.parse(text, source: "decimals.csv")
        let expected = accepted.prefix(read.elements.count).map { Double($0)! }
        let mismatches = zip(expected, read.elements).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
        #expect(read.elements.count == accepted.count / 2 * 2)
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(3).map { accepted[$0.offset] })")
    }
}
