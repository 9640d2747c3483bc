import Foundation
import Testing
@testable import Reports
import DataFiles
import LinearAlgebra

/// What the programs a reader uses make of the files the tool writes: a CSV with ∞ read by
/// `numpy.loadtxt` and `pandas.read_csv`, and every committed notebook executed by nbclient.
///
/// The interpreter is `CLOSEDFORM_PYTHON` (set by scripts/test.sh, which installs numpy, pandas, nbclient
/// and ipykernel into python3 or a virtual environment) or else `python3` on PATH; the tests are skipped,
/// with that reason, only when there is neither. A python3 without the packages fails them, naming the fix.
@Suite("Python readers: numpy and pandas read the CSV, nbclient runs the notebooks")
struct PythonReaderTests {
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["CLOSEDFORM_PYTHON"], !configured.isEmpty { return configured }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let skipReason: Comment = "python3 is not on PATH and CLOSEDFORM_PYTHON is not set (bash scripts/test.sh sets it up)"

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `script` with the interpreter in `directory`; returns the exit status and both streams.
    static func runPython(_ script: String, arguments: [String] = [], in directory: String) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python!)
        process.arguments = ["-c", script] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        // Both streams go to files, so that a child writing much to one never blocks on a full pipe.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-python-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer { for suffix in [".out", ".err"] { try? FileManager.default.removeItem(atPath: base + suffix) } }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let error = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        return (process.terminationStatus, output, error)
    }

    /// Fails (with the fix) when the interpreter lacks a module; true when all are there.
    static func requireModules(_ modules: [String]) throws -> Bool {
        let run = try runPython("import " + modules.joined(separator: ", "), in: FileManager.default.temporaryDirectory.path)
        #expect(run.status == 0, """
            \(python!) cannot import \(modules.joined(separator: ", ")): run the tests with bash scripts/test.sh (it installs them \
            into .build/python) or pip install \(modules.joined(separator: " ")). \(run.error.suffix(300))
            """)
        return run.status == 0
    }

    /// The doubles of the CSV test: ±∞, NaN, the α that must print as 0.3, ±0, subnormals, extremes.
    static let awkward: [Double] = [.infinity, -.infinity, .nan, 0.3, 0.1 + 0.2, -0.0, 0, .leastNonzeroMagnitude,
                                    -.leastNonzeroMagnitude, .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude, 1 / 3.0, -42.5, 1e-5]

    @Test("a table CSV and a points CSV with inf, -inf and nan read back bit for bit through numpy.loadtxt and pandas.read_csv",
          .enabled(if: python != nil, skipReason))
    func csvThroughNumpyAndPandas() throws {
        guard try Self.requireModules(["numpy", "pandas"]) else { return }
        let directory = ReportFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var table = Table(caption: "awkward numbers", label: "tab:awkward", columns: ["index", "value", "note"])
        for (index, value) in Self.awkward.enumerated() { table.append([.number(Double(index)), .number(value), .text("row, \(index)")]) }
        let csv = table.csv(provenance: ReportFixtures.provenance)
        #expect(csv.contains("\n0,inf,") && csv.contains("\n1,-inf,") && csv.contains("\n2,nan,") && csv.contains("\n3,0.3,"))
        try csv.write(toFile: directory + "/table.csv", atomically: true, encoding: .utf8)
        let points = Matrix(rows: Self.awkward.count / 2, columns: 2, elements: Self.awkward)
        try PointsFile.render(points).write(toFile: directory + "/points.csv", atomically: true, encoding: .utf8)
        // Each reader prints one float.hex() per value, in file order: exact, and parsed back by Double(_:).
        // numpy.loadtxt's skiprows counts the comment lines too, so it skips them and the header.
        let script = """
            import numpy, pandas
            frame = pandas.read_csv("table.csv", comment="#")
            assert list(frame.columns) == ["index", "value", "note"], list(frame.columns)
            assert frame["value"].dtype == numpy.float64, frame["value"].dtype
            print(" ".join(float(v).hex() for v in frame["value"]))
            header_line = 1 + sum(1 for line in open("table.csv", encoding="utf-8") if line.startswith("#"))
            table = numpy.loadtxt("table.csv", delimiter=",", quotechar='"', skiprows=header_line, usecols=1)
            print(" ".join(float(v).hex() for v in table))
            print(" ".join(float(v).hex() for v in numpy.loadtxt("points.csv", delimiter=",").ravel()))
            print(" ".join(float(v).hex() for v in pandas.read_csv("points.csv", header=None).to_numpy().ravel()))
            """
        let run = try Self.runPython(script, in: directory)
        try #require(run.status == 0, "python failed: \(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 4, "\(run.output)")
        for (reader, line) in zip(["pandas (table)", "numpy (table)", "numpy (points)", "pandas (points)"], lines) {
            let read = line.split(separator: " ").map { Double(String($0)) }
            #expect(read.count == Self.awkward.count, "\(reader): \(line)")
            for (expected, value) in zip(Self.awkward, read) {
                let same = value.map { expected.isNaN ? $0.isNaN : $0.bitPattern == expected.bitPattern } ?? false
                #expect(same, "\(reader): \(expected) read back as \(value.map(String.init(describing:)) ?? "nothing")")
            }
        }
    }

    @Test("the notebook's Python string literals evaluate to exactly the embedded text: quotes in runs, a final quote, backslashes, Unicode",
          .enabled(if: python != nil, skipReason))
    func pythonStringLiterals() throws {
        let texts = ["", "\"", "\"\"", "a\"\"\"b", "\"\"\"\"\"\"\"", "\\", "ends with \\", "x\"\"", "back\\\"slash\\\"",
                     "\\\"\"\"", "line\nbreaks\n\n", "ε*² ≤ ∞ — ✓", ReportFixtures.svg, ReportFixtures.table().markdown]
        // Python prints each value's JSON, which is compared with the text itself.
        let script = "import json\nfor value in [\n" + texts.map { ExperimentNotebook.pythonString($0) + ",\n" }.joined()
            + "]:\n    print(json.dumps(value))\n"
        let run = try Self.runPython(script, in: FileManager.default.temporaryDirectory.path)
        try #require(run.status == 0, "python failed: \(run.error)")
        let read = try run.output.split(separator: "\n").map { line -> String in
            guard case .string(let text) = try JSONValue.parse(Data(line.utf8)) else { return "<not a string>" }
            return text
        }
        #expect(read == texts)
    }

    @Test("every committed notebook in notebooks-export/ runs top to bottom under nbclient, from that directory, without a cell error",
          .enabled(if: python != nil, skipReason))
    func committedNotebooksRun() throws {
        guard try Self.requireModules(["nbclient", "nbformat", "ipykernel"]) else { return }
        let directory = Self.repository.appendingPathComponent("notebooks-export").path
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".ipynb") }.sorted()
        #expect(!notebooks.isEmpty)
        // Executes in memory (nothing is written back); a cell error raises CellExecutionError, naming the cell.
        let script = """
            import sys, nbformat, nbclient
            for name in sys.argv[1:]:
                notebook = nbformat.read(name, as_version=4)
                nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
                errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
                assert not errors, (name, errors)
                print("ran", name, len(notebook.cells), "cells")
            """
        let run = try Self.runPython(script, arguments: notebooks, in: directory)
        #expect(run.status == 0, "nbclient: \(run.error.suffix(3000))")
        #expect(run.output.split(separator: "\n").count == notebooks.count, "\(run.output)")
    }
}
