import ArgumentParser
import ClosedForm
import Foundation

/// `closedform reproduce`: runs the paper experiments and writes their tables, with an index.
struct ReproduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Reproduce paper experiments: tables (Markdown, LaTeX, CSV, JSON), figures, notebooks and an index.md in --out.",
        discussion: """
            Experiments: closed-forms (scores, log-densities, denoisers and divergences on built-in models), \
            \(ExperimentCatalog.all.map(\.name).joined(separator: ", ")); `all` runs every one. Each writes into \
            DIR/<experiment>/; DIR/index.md lists what was run, the claims checked and the findings. `--scale \
            quick` (default) takes minutes on a laptop; `--scale paper` uses the papers' sizes and can take hours.

            `--format` chooses the files written (default: every format but ipynb); `--notebook` adds a Jupyter \
            notebook per experiment, DIR/<experiment>/<experiment>.ipynb, readable without running anything. \
            Every file carries the command, the seed and the version; the same command and seed write the same \
            bytes (set SOURCE_DATE_EPOCH to fix the time recorded in JSON tables).

            Examples:
              closedform reproduce all --out out
              closedform reproduce retraining-gmm --out out --scale paper --seed 3
              closedform reproduce reproducibility --out out --format latex,md --notebook
            """
    )

    @Argument(help: ArgumentHelp("Experiment name, or all.", valueName: "experiment"))
    var experiment: String

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("quick (minutes) or paper (the papers' sizes).", valueName: "scale"))
    var scale: String = ExperimentScale.quick.rawValue

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed of every random stream.", valueName: "S"))
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Run only slice i of n of every sweep (1 ≤ i ≤ n); join the n --out directories with `closedform merge`.",
                               valueName: "i/n"))
    var shard: String?

    /// Set by `closedform merge`: shard directories whose sweep units this run reads instead of computing.
    @Option(name: .customLong("merge-from"), help: .hidden)
    var mergeFrom: [String] = []

    @Option(help: ArgumentHelp("Comma-separated formats to write, from \(ReportFormat.validList) (default: all but ipynb).",
                               valueName: "formats"))
    var format: String?

    @Flag(help: "Also write a Jupyter notebook per experiment (adds ipynb to the formats).")
    var notebook = false

    static let closedFormsName = "closed-forms"

    func validate() throws {
        guard ExperimentScale(rawValue: scale) != nil else {
            throw InputError(source: "--scale", field: "", reason: "unknown scale '\(scale)'; expected quick or paper")
        }
        if experiment != "all" && experiment != Self.closedFormsName { _ = try ExperimentCatalog.experiment(named: experiment) }
        if let shard { _ = try ShardSelection(parsing: shard) }
        _ = try formats()
    }

    /// The chosen formats: `--format`'s list (default `ReportFormat.defaults`), plus ipynb with `--notebook`.
    func formats() throws -> Set<ReportFormat> {
        let chosen = try format.map { try ReportFormat.parseList($0) } ?? ReportFormat.defaults
        return notebook ? chosen.union([.ipynb]) : chosen
    }

    /// This command line, options in a fixed order (the provenance every output file carries).
    var commandLine: String {
        var words = ["closedform", "reproduce", experiment, "--out", out, "--scale", scale, "--seed", "\(seed)"]
        if let format { words += ["--format", format] }
        if notebook { words.append("--notebook") }
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    /// `word`, single-quoted when the shell would split or expand it.
    static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./,=:+@%".contains($0)) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    func run() async throws {
        let scale = ExperimentScale(rawValue: self.scale)!
        let provenance = RunProvenance(command: commandLine, seed: seed, environment: try RunEnvironment.current())
        let root = try ReportDirectory(path: out, provenance: provenance, formats: try formats())
        var sections: [String] = []
        let runAll = experiment == "all"
        let shard = try self.shard.map(ShardSelection.init(parsing:))
        if let shard {
            try ShardManifest(experiment: experiment, scale: scale.rawValue, seed: seed, shard: shard, version: RunProvenance.toolVersion)
                .write(to: root.path)
        }
        if (runAll || experiment == Self.closedFormsName) && shard == nil {
            let started = Date()
            try DemoCommand.parse(["--out", root.file(Self.closedFormsName), "--seed", "\(seed)"]).run()
            print("reproduce: \(Self.closedFormsName) done in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            sections.append(section(name: Self.closedFormsName, title: "Closed forms on built-in models (scores, log-densities, denoisers, KL/χ²/W₂)",
                                    claims: ["core.score", "core.tweedie", "core.gaussian-divergences", "core.mixture-chi2"],
                                    lines: ["- `closed-forms/index.md` lists every file and the command that regenerates it."], files: []))
        }
        let chosen = runAll ? ExperimentCatalog.all : ExperimentCatalog.all.filter { $0.name == experiment }
        for paperExperiment in chosen {
            if let shard, !paperExperiment.hasSweep {
                print("reproduce: \(paperExperiment.name): no sweep to split, skipped by shard \(shard); `closedform merge` computes it")
                continue
            }
            let started = Date()
            print("reproduce: \(paperExperiment.name) (\(scale.rawValue)) — \(paperExperiment.title)")
            let directory = try root.subdirectory(paperExperiment.name)
            let bars = ProgressBars()
            guard let lines = try await runSweeps(of: paperExperiment, in: directory, scale: scale, shard: shard, run: {
                try await paperExperiment.run(in: directory, scale: scale, seed: seed) { label, done, total in
                    bars.bar(label, total: total).update(done: done)
                }
            }) else { continue }
            try directory.write(try Self.notebook(of: paperExperiment, lines: lines, scale: scale, seed: seed, directory: directory))
            let seconds = Date().timeIntervalSince(started)
            print("reproduce: \(paperExperiment.name) done in \(String(format: "%.1f", seconds)) s → \(directory.path)")
            sections.append(section(name: paperExperiment.name, title: paperExperiment.title, claims: paperExperiment.claims,
                                    lines: lines, files: try Self.writtenFiles(in: directory)))
        }
        let index = """
            # ClosedForm: reproduced experiments

            Written by `\(commandLine)` (seed \(seed), closedform \(provenance.version)); the same command \
            regenerates every file bit for bit, on this machine or on any x86-64 machine with AVX2 and FMA, where \
            `closedform` runs OpenBLAS's Haswell kernels (JSON tables also record the time, taken from \
            SOURCE_DATE_EPOCH when it is set, and the machine). Claims are listed by their keys \
            (`closedform theorems` prints each statement, assumptions and provenance; proofs/ holds the derivations).

            \(sections.joined(separator: "\n"))
            """
        if let shard {
            print("reproduce: shard \(shard) written to \(root.path); join all \(shard.count) shard directories with `closedform merge DIR… --out OUT`")
            return
        }
        let indexName = runAll ? "index.md" : "index-\(experiment).md"
        try AtomicFileWriter.write(index, to: root.file(indexName))
        print("reproduce: wrote \(root.file(indexName)) — start there")
    }

    /// The index section of one experiment: title, claims, summary lines and a link to every file written.
    func section(name: String, title: String, claims: [String], lines: [String], files: [String]) -> String {
        let links = files.map { "[`\($0)`](\(name)/\($0))" }
        return """
            ## \(name)

            \(title)

            Claims: \(claims.map { "`\($0)`" }.joined(separator: ", ")). Files in `\(name)/`.

            \(lines.joined(separator: "\n"))
            \(links.isEmpty ? "" : "\nFiles: " + links.joined(separator: ", ") + ".\n")
            """
    }
}

/// One progress bar per label, created on first use.
final class ProgressBars: @unchecked Sendable {
    private var bars: [String: ProgressBar] = [:]
    private let lock = NSLock()

    func bar(_ label: String, total: Int) -> ProgressBar {
        lock.lock()
        defer { lock.unlock() }
        if let bar = bars[label] { return bar }
        let bar = ProgressBar(label: label, total: total)
        bars[label] = bar
        return bar
    }
}
