import Foundation
import Testing

/// Hostile files through the real executable: exit status 2, exactly one line on standard error (so no
/// stack trace), nothing on standard output, no output file left behind although `--output` is given;
/// and precision warnings as one `warning:` line after a successful run.
@Suite("closedform: hostile input files")
struct HostileInputCommandTests {
    static let evaluate = ["--schedule", "ve", "--time", "0.5", "--points", "points.csv", "--output", "out.csv"]

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let file: String
        let bytes: [UInt8]
        let arguments: [String]
        let environment: [String: String]
        let mentions: [String]
        var testDescription: String { name }

        init(_ name: String, file: String = "hostile.json", _ text: String, _ arguments: [String], environment: [String: String] = [:], mentions: [String]) {
            self.init(name, file: file, bytes: Array(text.utf8), arguments, environment: environment, mentions: mentions)
        }

        init(_ name: String, file: String, bytes: [UInt8], _ arguments: [String], environment: [String: String] = [:], mentions: [String]) {
            self.name = name
            self.file = file
            self.bytes = bytes
            self.arguments = arguments
            self.environment = environment
            self.mentions = mentions
        }
    }

    static let cases: [Case] = [
        Case("10⁵ nested arrays", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
             ["score", "--model", "hostile.json"] + evaluate, mentions: ["hostile.json", "nesting deeper than 64"]),
        Case("bare NaN", #"{"dimension": 3, "components": [{"weight": 1, "mean": [0, NaN, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]}]}"#,
             ["logpdf", "--model", "hostile.json"] + evaluate, mentions: ["hostile.json", "components[0].mean[1]", "'NaN'"]),
        Case("1e400", #"{"dimension": 1, "components": [{"weight": 1e400, "covariance": [[1]]}]}"#,
             ["sample", "--model", "hostile.json", "--count", "3", "--seed", "1", "--output", "out.csv"],
             mentions: ["hostile.json", "components[0].weight", "1e400"]),
        Case("truncated file", #"{"dimension": 3, "components": [{"weight": 1, "mean": [0, 0"#,
             ["denoise", "--model", "hostile.json"] + evaluate, mentions: ["hostile.json", "components[0].mean", "truncated"]),
        Case("a claim of 10⁶ dimensions", #"{"dimension": 1000000, "components": [{"weight": 1, "covariance": [[1]]}]}"#,
             ["score", "--model", "hostile.json"] + evaluate, mentions: ["hostile.json", "dimension", "1000000", "4096"]),
        Case("not UTF-8", file: "hostile.json", bytes: Array(#"{"dimension": 3, "components": [{"weight": 1, "mean": ["#.utf8) + [0xFF, 0xFE],
             ["score", "--model", "hostile.json"] + evaluate, mentions: ["hostile.json", "not UTF-8", "0xFF", "offset 55"]),
        Case("points: a row of 10⁶ values", file: "wide.csv", [String](repeating: "1", count: 1_000_000).joined(separator: ",") + "\n",
             ["score", "--model", "model.json", "--schedule", "ve", "--time", "0.5", "--points", "wide.csv", "--output", "out.csv"],
             mentions: ["wide.csv", "row 1", "1000000 values", "dimension 3"]),
        Case("points: 1e400", file: "huge.csv", "1,2,3\n4,1e400,6\n",
             ["logpdf", "--model", "model.json", "--schedule", "ve", "--time", "0.5", "--points", "huge.csv", "--output", "out.csv"],
             mentions: ["huge.csv", "row 2, column 2", "'1e400'"]),
        Case("points: a device", file: "unused.csv", "",
             ["score", "--model", "model.json", "--schedule", "ve", "--time", "0.5", "--points", "/dev/zero", "--output", "out.csv"],
             mentions: ["/dev/zero", "is a device"]),
        Case("model over the memory budget", file: "unused.json", "",
             ["score", "--model", "model.json"] + evaluate, environment: ["CLOSEDFORM_MEMORY_LIMIT": "1K"],
             mentions: ["model.json", "needs about", "set by CLOSEDFORM_MEMORY_LIMIT"]),
        Case("sample count over the memory budget", file: "unused.json", "",
             ["sample", "--model", "model.json", "--count", "100000000", "--seed", "1", "--output", "out.csv"],
             environment: ["CLOSEDFORM_MEMORY_LIMIT": "1G"], mentions: ["--count", "100000000 points in dimension 3", "22 GiB", "1.0 GiB"]),
        Case("malformed memory limit", file: "unused.json", "",
             ["sample", "--model", "model.json", "--count", "3", "--seed", "1", "--output", "out.csv"],
             environment: ["CLOSEDFORM_MEMORY_LIMIT": "lots"], mentions: ["CLOSEDFORM_MEMORY_LIMIT", "'lots'"]),
        Case("ve time where t² overflows", file: "unused.json", "",
             ["score", "--model", "model.json", "--schedule", "ve", "--time", "1e200", "--points", "points.csv", "--output", "out.csv"],
             mentions: ["--time", "1e+200", "overflow"]),
    ]

    @Test("hostile file → exit 2, one stderr line, no stack trace, no output file", arguments: cases)
    func hostile(_ testCase: Case) throws {
        let fixture = try Fixture()
        try Data(testCase.bytes).write(to: fixture.directory.appendingPathComponent(testCase.file))
        let before = try fixture.listing()
        let run = try fixture.run(testCase.arguments, environment: testCase.environment)
        #expect(run.status == 2, "status \(run.status): \(run.standardError.prefix(500))")
        #expect(run.errorLines.count == 1 && run.errorLines.first?.hasPrefix("error: ") == true, "\(run.standardError.prefix(500))")
        for mention in testCase.mentions {
            #expect(run.standardError.contains(mention), "should mention \(mention): \(run.standardError.prefix(500))")
        }
        #expect(run.standardOutput.isEmpty)
        #expect(try fixture.listing() == before, "no output or temporary file may be left behind")
    }

    @Test("CRLF line ends and a byte-order mark are read as plain LF files: same output, no warning")
    func windowsFiles() throws {
        let fixture = try Fixture()
        try fixture.write("crlf.json", "\u{FEFF}" + Fixture.model.replacingOccurrences(of: "\n", with: "\r\n"))
        try fixture.write("crlf.csv", "\u{FEFF}" + Fixture.points.replacingOccurrences(of: "\n", with: "\r\n"))
        let plain = try fixture.run(["score", "--model", "model.json", "--schedule", "vp", "--time", "0.3", "--points", "points.csv"])
        let windows = try fixture.run(["score", "--model", "crlf.json", "--schedule", "vp", "--time", "0.3", "--points", "crlf.csv"])
        #expect(plain.status == 0 && windows.status == 0, "\(windows.standardError)")
        #expect(windows.standardOutput == plain.standardOutput && !plain.standardOutput.isEmpty)
        #expect(windows.standardError.isEmpty)
    }

    @Test("an ill-conditioned covariance gives its output and one warning line naming file, field and condition number")
    func conditioningWarning() throws {
        let fixture = try Fixture()
        try fixture.write("ill.json", #"""
            {"dimension": 2, "components": [
              {"weight": 1, "mean": [0, 0], "covariance": [[1, 0], [0, 1]]},
              {"weight": 2, "mean": [3, 0], "covariance": [[1, 0], [0, 1e-14]]}]}
            """#)
        try fixture.write("two.csv", "1,2\n-1,0.5\n")
        for command in ["score", "logpdf", "denoise"] {
            let run = try fixture.run([command, "--model", "ill.json", "--schedule", "ve", "--time", "0", "--points", "two.csv", "--output", "out.csv"])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.errorLines == ["warning: ill.json: components[1].covariance: condition number 1.0e14 at t = 0.0; scores may lose up to 14 of 16 digits"])
            let written = try String(contentsOfFile: fixture.path("out.csv"), encoding: .utf8)
            #expect(written.split(separator: "\n").count == 2 && !written.contains("nan") && !written.contains("inf"), "\(written)")
        }
        // At σ² = 0.01 the marginal's condition number is about 100: no warning.
        let noised = try fixture.run(["score", "--model", "ill.json", "--schedule", "ve", "--time", "0.1", "--points", "two.csv"])
        #expect(noised.status == 0 && noised.standardError.isEmpty, "\(noised.standardError)")
        let sample = try fixture.run(["sample", "--model", "ill.json", "--count", "2", "--seed", "1"])
        #expect(sample.errorLines == ["warning: ill.json: components[1].covariance: condition number 1.0e14; scores may lose up to 14 of 16 digits"])
    }

    @Test("ou at t = 10⁴ (s underflows to 0): denoise prints the data mean, finite, with no warning")
    func ornsteinUhlenbeckEnd() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["denoise", "--model", "model.json", "--schedule", "ou", "--time", "1e4", "--points", "points.csv"])
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
        let rows = run.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.count == Fixture.pointCount)
        // The prior mean of the fixture model is ½(0,0,0) + ½(1,0,0); the weights are exactly ½ up to the
        // rounding of log-densities of size ‖x‖² ≤ 50 (relative 1e-14).
        for row in rows { #expect(abs(row[0] - 0.5) < 1e-13 && abs(row[1]) < 1e-13 && abs(row[2]) < 1e-13, "\(row)") }
    }
}
