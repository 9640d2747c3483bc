import NumberFormats
import ClosedForm
import Foundation
import Testing

/// `score`, `logpdf`, `denoise` and `sample` on good input: shape of the CSV, and the numbers equal the
/// library's to the last bit (the shortest round-trip form reads back as the same Double).
@Suite("closedform: evaluation commands")
struct EvaluationTests {
    static let schedulesAndTimes: [(String, Double)] = [("ve", 0.5), ("vp", 0.3), ("ou", 1.0), ("cosine", 0.7), ("ve", 0)]

    /// Parses CSV output, requiring `columns` per row.
    func parse(_ text: String, columns: Int) throws -> Matrix {
        try PointsFile.parse(text, source: "stdout", dimension: columns)
    }

    /// Runs `command` on the fixture model and points, and returns what it printed (parsed, `columns` per
    /// row) beside what the library computes for the same model, schedule and time.
    func compare(_ command: String, schedule: String, time: Double, columns: Int,
                 library: (ExactMixtureScore, Matrix) throws -> [Double]) throws -> (printed: Matrix, expected: [Double]) {
        let fixture = try Fixture()
        let run = try fixture.run([command, "--model", "model.json", "--schedule", schedule, "--time", "\(time)", "--points", "points.csv"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == Fixture.pointCount + 1 && lines.last == "", "one line per point, newline-terminated")
        let model = ExactMixtureScore(data: try ModelFile.read(path: fixture.path("model.json")), schedule: try NoiseSchedule(name: schedule))
        let expected = try library(model, try PointsFile.read(path: fixture.path("points.csv")))
        return (try parse(run.standardOutput, columns: columns), expected)
    }

    @Test("score prints one row of n numbers per point, equal to ExactMixtureScore.score", arguments: schedulesAndTimes)
    func score(schedule: String, time: Double) throws {
        let (printed, expected) = try compare("score", schedule: schedule, time: time, columns: 3) { try $0.score($1, time: time).elements }
        #expect(printed.rows == Fixture.pointCount)
        #expect(printed.elements == expected, "CLI and library differ")
    }

    @Test("logpdf prints one value per line, equal to ExactMixtureScore.logDensity", arguments: schedulesAndTimes)
    func logpdf(schedule: String, time: Double) throws {
        let (printed, expected) = try compare("logpdf", schedule: schedule, time: time, columns: 1) { try $0.logDensity($1, time: time) }
        #expect(printed.elements == expected)
    }

    @Test("denoise prints one row of n numbers per point, equal to Tweedie's formula from the library", arguments: schedulesAndTimes)
    func denoise(schedule: String, time: Double) throws {
        let (printed, expected) = try compare("denoise", schedule: schedule, time: time, columns: 3) { try $0.denoise($1, time: time).elements }
        #expect(printed.rows == Fixture.pointCount)
        #expect(printed.elements == expected)
    }

    @Test("--output writes exactly what stdout would show, and nothing to stdout")
    func outputFile() throws {
        let fixture = try Fixture()
        let arguments = ["score", "--model", "model.json", "--schedule", "ou", "--time", "0.25", "--points", "points.csv"]
        let toStdout = try fixture.run(arguments)
        let toFile = try fixture.run(arguments + ["--output", "score.csv"])
        #expect(toFile.status == 0 && toFile.standardOutput.isEmpty && toFile.standardError.isEmpty)
        #expect(try String(contentsOfFile: fixture.path("score.csv"), encoding: .utf8) == toStdout.standardOutput)
        #expect(try fixture.listing() == ["model.json", "other.json", "points.csv", "score.csv"], "no temporary file left")
    }

    @Test("sample prints N rows of n numbers; same seed, same bits; equals GaussianMixture.sample")
    func sample() throws {
        let fixture = try Fixture()
        let first = try fixture.run(["sample", "--model", "model.json", "--count", "37", "--seed", "11"])
        let again = try fixture.run(["sample", "--model", "model.json", "--count", "37", "--seed", "11"])
        let other = try fixture.run(["sample", "--model", "model.json", "--count", "37", "--seed", "12"])
        #expect(first.status == 0 && first.standardError.isEmpty, "\(first.standardError)")
        let printed = try parse(first.standardOutput, columns: 3)
        #expect(printed.rows == 37)
        #expect(first.standardOutput == again.standardOutput)
        #expect(first.standardOutput != other.standardOutput)
        let expected = try ModelFile.read(path: fixture.path("model.json")).sample(count: 37, stream: RandomStream(seed: 11))
        #expect(printed.elements == expected.elements)
    }

    @Test("every number is printed in shortest round-trip form (exact round trip)")
    func shortestRoundTrip() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["sample", "--model", "model.json", "--count", "20", "--seed", "3"])
        let fields = run.standardOutput.split(whereSeparator: { $0 == "," || $0 == "\n" })
        #expect(!fields.isEmpty)
        for field in fields {
            let value = try #require(Double(field))
            #expect(String(field) == NumberText.machine(value))
        }
    }
}
