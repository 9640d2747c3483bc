import ClosedForm
import Foundation
import Testing

/// `--help`, `--version` and `closedform demo`.
@Suite("closedform: help, version, demo")
struct HelpAndDemoTests {
    @Test("every command's --help exits 0 and shows a concrete example invocation",
          arguments: ["score", "logpdf", "denoise", "sample", "divergence", "demo"])
    func help(command: String) throws {
        let fixture = try Fixture()
        let run = try fixture.run([command, "--help"])
        #expect(run.status == 0)
        #expect(run.standardError.isEmpty)
        #expect(run.standardOutput.contains("Example:"))
        #expect(run.standardOutput.contains("closedform \(command) --"), "an example invocation of \(command)")
        #expect(run.standardOutput.contains("USAGE: closedform \(command)"))
    }

    @Test("no example in any subcommand's --help is wrapped at the default width: each example line (a closedform command or the continuation after a trailing \\) reads as it does at 10000 columns")
    func examplesNotWrapped() throws {
        let fixture = try Fixture()
        let root = try fixture.run(["--help"], environment: ["COLUMNS": nil])
        // The SUBCOMMANDS section lists each command as two spaces and its name (descriptions wrap deeper).
        let commands = root.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("SUBCOMMANDS:") }.dropFirst().prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && $0.dropFirst(2).first?.isLetter == true }
            .map { String($0.dropFirst(2).prefix { !$0.isWhitespace }) }
        #expect(commands.count >= 18, "subcommands found: \(commands)")
        for command in commands {
            let atDefault = try fixture.run([command, "--help"], environment: ["COLUMNS": nil])
            let unwrapped = try fixture.run([command, "--help"], environment: ["COLUMNS": "10000"])
            #expect(atDefault.status == 0 && unwrapped.status == 0)
            let defaultLines = Set(atDefault.standardOutput.split(separator: "\n").map(String.init))
            var previous = "", examples = 0
            for line in unwrapped.standardOutput.split(separator: "\n").map(String.init) {
                defer { previous = line }
                guard line.trimmingCharacters(in: .whitespaces).hasPrefix("closedform ") || previous.hasSuffix("\\") else { continue }
                examples += 1
                #expect(defaultLines.contains(line), "closedform \(command) --help wraps the example line (\(line.count) columns): \(line)")
            }
            #expect(examples > 0, "closedform \(command) --help shows no example")
        }
    }

    @Test("--help lists the values of every enumerated option",
          arguments: [
            (["score"], "--schedule <schedule> Noise schedule (docs/theory.md §0). (values: ve, vp, ou, cosine)"),
            (["divergence"], "(values: kl, chi2, w2, hellinger2, score-energy, observability)"),
            (["cluster"], "(values: k-subspaces, shape-interaction, exact; default: k-subspaces)"),
            (["sample-diffusion"], "(values: euler-maruyama, probability-flow, heun-edm, ddim, ddpm)"),
            (["sample-diffusion"], "(values: uniform, log-uniform; default: uniform)"),
            (["fit"], "(values: gaussian, kde, empirical, lowrank, mlp)"),
            (["retrain"], "(values: kde, gaussian-mle, gaussian-unbiased; default: kde)"),
            (["retrain"], "(values: exact-law, reverse-sde; default: exact-law)"),
            (["reconstruct"], "(values: ode, sde; default: ode,sde)"),
            (["reconstruct"], "(values: concentration, correlation; default: concentration)"),
            (["check"], "(values: markdown, latex, csv, json; default: markdown)"),
            (["theorems"], "(values: text, json, markdown, latex; default: text)"),
            (["bound"], "(values: json, text; default: json)"),
            (["reproduce"], "(values: all, closed-forms, retraining-regimes,"),
            (["reproduce"], "(values: quick, paper; default: quick)"),
            (["merge"], "(values: latex, md, csv, json, svg, pgf, ipynb)"),
          ])
    func helpListsValues(command: [String], values: String) throws {
        let run = try Fixture().run(command + ["--help"])
        let text = run.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")  // undo the line wrapping
        #expect(run.status == 0 && text.contains(values), "\(command) --help: \(run.standardOutput)")
    }

    @Test("a value that is not one of an option's exits 2 with one line naming the option, the value and the valid values",
          arguments: [
            (["divergence", "--metric", "tv", "--from", "model.json", "--to", "other.json"], ["--metric", "'tv'", "kl, chi2, w2, hellinger2, score-energy, observability"]),
            (["reproduce", "nope", "--out", "results"], ["<experiment>", "'nope'", "all, closed-forms, retraining-regimes"]),
            (["reproduce", "all", "--out", "results", "--format", "md,docx"], ["--format", "'md,docx'", "latex, md, csv, json, svg, pgf, ipynb"]),
            (["sample", "--model", "model.json", "--count", "3"], ["--seed", "missing"]),
          ])
    func badValue(arguments: [String], mentions: [String]) throws {
        let fixture = try Fixture()
        try fixture.expectBadInput(arguments, mentioning: mentions[0])
        let run = try fixture.run(arguments)
        for mention in mentions.dropFirst() { #expect(run.standardError.contains(mention), "\(run.standardError)") }
    }

    @Test("root --help and --version exit 0 on stdout")
    func rootHelpAndVersion() throws {
        let fixture = try Fixture()
        let help = try fixture.run(["--help"])
        #expect(help.status == 0 && help.standardError.isEmpty)
        for command in ["score", "logpdf", "denoise", "sample", "divergence", "demo"] {
            #expect(help.standardOutput.contains(command))
        }
        let version = try fixture.run(["--version"])
        #expect(version.status == 0 && version.standardError.isEmpty)
        #expect(!version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    @Test("demo writes every file it lists, and each is what the single commands print")
    func demo() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["demo", "--out", "demo", "--count", "40", "--seed", "2", "--samples", "2000"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        #expect(run.standardOutput.split(separator: "\n").allSatisfy { $0.hasPrefix("demo: ") })
        let out = fixture.directory.appendingPathComponent("demo")
        let index = try String(contentsOf: out.appendingPathComponent("index.md"), encoding: .utf8)
        for name in ["model-a.json", "model-b.json", "points.csv", "divergences.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
            #expect(index.contains("`\(name)`"), "index.md explains \(name)")
        }
        for schedule in NoiseSchedule.allCases {
            let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(schedule.rawValue).path)
            #expect(files.count == 9 && files.allSatisfy { $0.hasSuffix(".csv") }, "\(schedule): \(files)")
        }
        #expect(try fixture.listing() == ["demo", "model.json", "other.json", "points.csv"])

        // The demo's files are regenerated by the single commands, bit for bit.
        let sample = try Tool.run(["sample", "--model", "model-a.json", "--count", "40", "--seed", "2"], in: out)
        #expect(sample.standardOutput == (try String(contentsOf: out.appendingPathComponent("points.csv"), encoding: .utf8)))
        let score = try Tool.run(["score", "--model", "model-a.json", "--schedule", "vp", "--time", "0.5", "--points", "points.csv"], in: out)
        #expect(score.standardOutput == (try String(contentsOf: out.appendingPathComponent("vp/score-t0.5.csv"), encoding: .utf8)))
        let logpdf = try Tool.run(["logpdf", "--model", "model-a.json", "--schedule", "cosine", "--time", "0.9", "--points", "points.csv"], in: out)
        #expect(logpdf.standardOutput == (try String(contentsOf: out.appendingPathComponent("cosine/logpdf-t0.9.csv"), encoding: .utf8)))

        let divergences = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("divergences.json")))
        let list = try #require(divergences as? [[String: Any]])
        #expect(list.count == 8)
        #expect(Set(list.compactMap { $0["metric"] as? String }) == ["kl", "chi2", "w2", "hellinger2"])
    }

    @Test("demo into a path that is a file exits 2")
    func demoOntoFile() throws {
        let fixture = try Fixture()
        let run = try fixture.run(["demo", "--out", "points.csv"])
        #expect(run.status == 2)
        #expect(run.errorLines.count == 1 && run.errorLines[0].contains("--out") && run.errorLines[0].contains("points.csv"))
    }
}
