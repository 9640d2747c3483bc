import ClosedForm
import Foundation
import Testing

@Suite("closedform cluster")
struct ClusterCommandTests {
    /// Eight points on two lines in ℝ³ (spans of (1, 2, 0) and (0, 1, −1)), interleaved.
    static let twoLines = """
        1,2,0
        0,1,-1
        -2,-4,0
        0,-3,3
        0.5,1,0
        0,2,-2
        3,6,0
        0,-0.5,0.5
        """
    static let truth = [0, 1, 0, 1, 0, 1, 0, 1]

    /// Runs `cluster` on the two lines and parses the one JSON object it prints.
    static func cluster(_ extra: [String]) throws -> [String: Any] {
        let fixture = try Fixture()
        try fixture.write("lines.csv", twoLines)
        let run = try fixture.run(["cluster", "--points", "lines.csv", "--subspaces", "2", "--dimension", "1"] + extra)
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
        #expect(run.standardOutput.split(separator: "\n").count == 1, "one JSON object on one line")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    @Test("closedform cluster: every method prints the contract's keys, N labels recovering the lines, K bases of n×d, and residual = Σ‖x‖² − objective",
          arguments: [[], ["--method", "k-subspaces", "--restarts", "3", "--seed", "4"], ["--method", "shape-interaction"], ["--method", "exact"]])
    func contract(extra: [String]) throws {
        let json = try Self.cluster(extra)
        let labels = try #require(json["labels"] as? [Int])
        #expect(labels.count == 8 && ClusteringMetrics.accuracy(labels, truth: Self.truth) == 1, "\(labels)")
        #expect(json["method"] as? String == (extra.count >= 2 ? extra[1] : "k-subspaces"))
        let objective = try #require(json["objective"] as? Double), residual = try #require(json["residual"] as? Double)
        let points = try PointsFile.parse(Self.twoLines, source: "lines")
        let total = points.rowSquaredNorms.reduce(0, +)
        #expect(abs(residual - (total - objective)) <= 1e-12 * total && residual < 1e-10 * total, "objective \(objective), residual \(residual)")
        let bases = try #require(json["bases"] as? [[[Double]]])
        #expect(bases.count == 2 && bases.allSatisfy { $0.count == 3 && $0.allSatisfy { $0.count == 1 } })
        // The bases span the two lines (matched by the Hungarian method).
        let found = bases.map { Matrix(rowArrays: $0) }
        let lines = [[1.0, 2, 0], [0, 1, -1]].map { v in Matrix(rowArrays: v.map { [$0 / (v.map { $0 * $0 }.reduce(0, +)).squareRoot()] }) }
        #expect(ClusteringMetrics.matchSubspaces(found, truth: lines).worstDistance < 1e-6)
    }

    @Test("closedform cluster: the exact method certifies optimality on a tiny instance and reports its bounds and search")
    func exactCertified() throws {
        let json = try Self.cluster(["--method", "exact", "--node-budget", "100000"])
        #expect(json["certified"] as? Bool == true, "\(json)")
        let lower = try #require(json["lowerBound"] as? Double), upper = try #require(json["upperBound"] as? Double)
        let residual = try #require(json["residual"] as? Double)
        #expect(lower <= upper + 1e-12 && abs(upper - residual) < 1e-12)
        #expect((json["nodes"] as? Int).map { $0 >= 1 } == true && json["seconds"] is Double)
        #expect(json["stoppedBy"] is NSNull)
    }

    @Test("closedform cluster: shape-interaction reports rank and components, and says so when there are fewer than K")
    func shapeInteractionNote() throws {
        let json = try Self.cluster(["--method", "shape-interaction"])
        #expect(json["rank"] as? Int == 2 && json["components"] as? Int == 2 && json["note"] == nil)
        let fixture = try Fixture()
        try fixture.write("line.csv", "1,1\n2,2\n-1,-1\n")
        let run = try fixture.run(["cluster", "--points", "line.csv", "--subspaces", "2", "--dimension", "1", "--method", "shape-interaction"])
        let one = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(one["components"] as? Int == 1 && (one["bases"] as? [Any])?.count == 1 && (one["note"] as? String)?.contains("fewer than K = 2") == true)
    }

    @Test("closedform cluster: --output writes the same JSON atomically")
    func outputFile() throws {
        let fixture = try Fixture()
        try fixture.write("lines.csv", Self.twoLines)
        let arguments = ["cluster", "--points", "lines.csv", "--subspaces", "2", "--dimension", "1", "--seed", "2"]
        let printed = try fixture.run(arguments)
        let written = try fixture.run(arguments + ["--output", "c.json"])
        #expect(written.status == 0 && written.standardOutput.isEmpty)
        #expect(try String(contentsOfFile: fixture.path("c.json"), encoding: .utf8) == printed.standardOutput)
    }

    @Test("closedform cluster: bad input exits 2 with one line naming the file or option and the value, and writes nothing",
          arguments: [
            (["--points", "missing.csv", "--subspaces", "2", "--dimension", "1"], "missing.csv: file not found"),
            (["--points", "bad.csv", "--subspaces", "2", "--dimension", "1"], "bad.csv: row 2, column 2: 'x'"),
            (["--points", "lines.csv", "--subspaces", "0", "--dimension", "1"], "--subspaces: 0 must be at least 1"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "0"], "--dimension: 0 must be at least 1"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "4"], "--dimension: 4 must be at most the dimension n = 3"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "1", "--method", "spectral"], "'spectral' is invalid for '--method"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "1", "--method", "exact", "--node-budget", "0"], "--node-budget: 0"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "1", "--method", "exact", "--time-budget", "-1"], "--time-budget: -1 must be"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "1", "--time-budget", "5"], "--time-budget: 5 must be given only with --method exact"),
            (["--points", "lines.csv", "--subspaces", "2", "--dimension", "1", "--restarts", "0"], "--restarts: 0"),
            (["--subspaces", "2", "--dimension", "1"], "--points"),
          ])
    func badInput(arguments: [String], mention: String) throws {
        let fixture = try Fixture()
        try fixture.write("lines.csv", Self.twoLines)
        try fixture.write("bad.csv", "1,2,3\n4,x,6\n")
        try fixture.expectBadInput(["cluster"] + arguments + ["--output", "out.json"], mentioning: mention)
    }

    @Test("--help shows the examples")
    func help() throws {
        let run = try Fixture().run(["cluster", "--help"])
        #expect(run.status == 0 && run.standardOutput.contains("closedform cluster --points examples/two-lines.csv \\\n    --subspaces 2 --dimension 1"))
    }
}
