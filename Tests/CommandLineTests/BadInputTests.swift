import Foundation
import Testing

/// Bad input of every kind listed in the README's command-line contract: exit status 2, exactly one line on standard
/// error that starts with `error: ` and names the file or option, the field and the value, nothing on
/// standard output, and no output file (not even a temporary one).
@Suite("closedform: bad input exits 2 with one line")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// Files to create in the fixture directory before the run.
        let files: [String: String]
        let arguments: [String]
        /// Substrings the error line must contain (file or option, field, value).
        let mentions: [String]
        var testDescription: String { name }
    }

    static let model = ["--model", "model.json"]
    static let evaluate = ["--schedule", "ve", "--time", "0.5", "--points", "points.csv", "--output", "out.csv"]

    static let cases: [Case] = [
        Case(name: "missing model file", files: [:],
             arguments: ["score", "--model", "absent.json"] + evaluate, mentions: ["absent.json", "not found"]),
        Case(name: "missing points file", files: [:],
             arguments: ["score"] + model + ["--schedule", "ve", "--time", "0.5", "--points", "nowhere.csv", "--output", "out.csv"],
             mentions: ["nowhere.csv", "not found"]),
        Case(name: "malformed JSON", files: ["broken.json": "{\"dimension\": 3, \"components\": ["],
             arguments: ["score", "--model", "broken.json"] + evaluate, mentions: ["broken.json", "not valid JSON"]),
        Case(name: "mean of the wrong dimension",
             files: ["short.json": #"{"dimension": 3, "components": [{"weight": 1, "mean": [0, 0], "covariance": [[1,0,0],[0,1,0],[0,0,1]]}]}"#],
             arguments: ["logpdf", "--model", "short.json"] + evaluate, mentions: ["short.json", "components[0].mean", "2 entries", "expected 3"]),
        Case(name: "points of the wrong dimension", files: ["flat.csv": "1,2\n3,4\n"],
             arguments: ["score"] + model + ["--schedule", "ve", "--time", "0.5", "--points", "flat.csv", "--output", "out.csv"],
             mentions: ["flat.csv", "row 1", "2 values", "dimension 3"]),
        Case(name: "non-orthonormal basis",
             files: ["skew.json": #"{"dimension": 3, "components": [{"weight": 1, "basis": [[1,0],[0.5,1],[0,0]], "noise": 0.1}]}"#],
             arguments: ["denoise", "--model", "skew.json"] + evaluate, mentions: ["skew.json", "components[0].basis", "orthonormal", "0.5"]),
        Case(name: "covariance not positive definite",
             files: ["indefinite.json": #"{"dimension": 2, "components": [{"weight": 1, "covariance": [[1,2],[2,1]]}]}"#],
             arguments: ["sample", "--model", "indefinite.json", "--count", "3", "--seed", "1", "--output", "out.csv"],
             mentions: ["indefinite.json", "components[0].covariance", "positive definite", "-1"]),
        Case(name: "NaN in the points", files: ["nan.csv": "1,2,3\n4,nan,6\n"],
             arguments: ["score"] + model + ["--schedule", "ve", "--time", "0.5", "--points", "nan.csv", "--output", "out.csv"],
             mentions: ["nan.csv", "row 2, column 2", "'nan'"]),
        Case(name: "NaN in the model", files: ["nanmodel.json": #"{"dimension": 1, "components": [{"weight": 1, "mean": ["NaN"], "covariance": [[1]]}]}"#],
             arguments: ["sample", "--model", "nanmodel.json", "--count", "3", "--seed", "1", "--output", "out.csv"],
             mentions: ["nanmodel.json", "components[0].mean[0]", "NaN"]),
        Case(name: "negative time", files: [:],
             arguments: ["score"] + model + ["--schedule", "ve", "--time", "-0.5", "--points", "points.csv", "--output", "out.csv"],
             mentions: ["--time", "-0.5", "negative"]),
        Case(name: "NaN time", files: [:],
             arguments: ["logpdf"] + model + ["--schedule", "ou", "--time", "nan", "--points", "points.csv", "--output", "out.csv"],
             mentions: ["--time", "NaN"]),
        Case(name: "time beyond the vp range", files: [:],
             arguments: ["denoise"] + model + ["--schedule", "vp", "--time", "1.5", "--points", "points.csv", "--output", "out.csv"],
             mentions: ["--time", "1.5", "vp"]),
        Case(name: "unknown schedule", files: [:],
             arguments: ["score"] + model + ["--schedule", "warp", "--time", "0.5", "--points", "points.csv", "--output", "out.csv"],
             mentions: ["--schedule", "'warp'"]),
        Case(name: "unknown metric", files: [:],
             arguments: ["divergence", "--metric", "tv", "--from", "model.json", "--to", "other.json"],
             mentions: ["--metric", "'tv'"]),
        Case(name: "count zero", files: [:],
             arguments: ["sample"] + model + ["--count", "0", "--seed", "1", "--output", "out.csv"], mentions: ["--count", "0"]),
        Case(name: "count negative", files: [:],
             arguments: ["sample"] + model + ["--count", "-5", "--seed", "1", "--output", "out.csv"], mentions: ["--count", "-5"]),
        Case(name: "count not a number", files: [:],
             arguments: ["sample"] + model + ["--count", "many", "--seed", "1", "--output", "out.csv"], mentions: ["--count", "'many'"]),
        Case(name: "samples zero", files: [:],
             arguments: ["divergence", "--metric", "kl", "--from", "model.json", "--to", "other.json", "--samples", "0"],
             mentions: ["--samples", "0"]),
        Case(name: "output in a missing directory", files: [:],
             arguments: ["score"] + model + ["--schedule", "ve", "--time", "0.5", "--points", "points.csv", "--output", "no/such/dir/out.csv"],
             mentions: ["--output", "no/such/dir/out.csv", "does not exist"]),
        Case(name: "output is a directory", files: ["sub/keep": ""],
             arguments: ["sample"] + model + ["--count", "3", "--seed", "1", "--output", "sub"], mentions: ["--output", "'sub'", "directory"]),
        Case(name: "missing required option", files: [:],
             arguments: ["score"] + model + ["--schedule", "ve", "--time", "0.5", "--output", "out.csv"], mentions: ["--points"]),
        Case(name: "unknown option", files: [:],
             arguments: ["sample"] + model + ["--count", "3", "--seed", "1", "--colour", "red", "--output", "out.csv"], mentions: ["--colour"]),
        Case(name: "unknown subcommand", files: [:], arguments: ["frobnicate"], mentions: ["frobnicate"]),
        Case(name: "dimension mismatch between --from and --to",
             files: ["line.json": #"{"dimension": 1, "components": [{"weight": 1, "covariance": [[1]]}]}"#],
             arguments: ["divergence", "--metric", "kl", "--from", "model.json", "--to", "line.json"],
             mentions: ["line.json", "dimension", "1", "3"]),
        Case(name: "no density at t = 0",
             files: ["flatmodel.json": #"{"dimension": 3, "components": [{"weight": 1, "basis": [[1,0],[0,1],[0,0]]}]}"#],
             arguments: ["logpdf", "--model", "flatmodel.json", "--schedule", "ve", "--time", "0", "--points", "points.csv", "--output", "out.csv"],
             mentions: ["flatmodel.json", "components[0]", "no density"]),
    ]

    @Test("bad input → exit 2, one stderr line naming file/field/value, no output file", arguments: cases)
    func badInput(_ testCase: Case) throws {
        let fixture = try Fixture()
        for (name, contents) in testCase.files {
            let url = fixture.directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: false, encoding: .utf8)
        }
        let before = try fixture.listing()
        let run = try fixture.run(testCase.arguments)
        #expect(run.status == 2, "exit status \(run.status); stderr: \(run.standardError)")
        #expect(run.errorLines.count == 1, "stderr should be one line, got: \(run.standardError)")
        #expect(run.standardError.hasSuffix("\n"))
        let line = run.errorLines.first ?? ""
        #expect(line.hasPrefix("error: "), "\(line)")
        for mention in testCase.mentions {
            #expect(line.contains(mention), "error line should mention \(mention): \(line)")
        }
        #expect(run.standardOutput.isEmpty, "nothing on stdout, got: \(run.standardOutput.prefix(200))")
        #expect(try fixture.listing() == before, "no output or temporary file may be left behind")
    }
}
