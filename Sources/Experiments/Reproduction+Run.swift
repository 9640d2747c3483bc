import InputErrors
import Sweeps
import Foundation
import DataFiles
import Reports

extension Reproduction {
    /// Runs the reproduction: writes every experiment's files into `directory/<experiment>/` and the index
    /// (`index.md` for `all`, else `index-<name>.md`); a shard run writes its `ShardManifest` and units
    /// instead of an index, and skips what has no sweep (the merge computes it).
    /// - Parameters:
    ///   - log: receives one line per step (experiment started, done, files written).
    ///   - progress: makes the progress handler of each experiment, called once as the experiment starts
    ///     with its name.
    /// - Throws: `InputError` for a directory that cannot be written or a refused checkpoint; the
    ///   experiments' errors.
    public func run(log: (String) -> Void = { _ in },
                    progress: @Sendable (_ experiment: String) -> ProgressHandler = { _ in { _, _, _ in } }) async throws {
        let provenance = RunProvenance(command: commandLine, seed: seed, environment: try RunEnvironment.current())
        var root = try ReportDirectory(path: directory, provenance: provenance, formats: writtenFormats)
        root.presentation = presentation
        var sections: [String] = []
        if let shard {
            try ShardManifest(experiment: target.name, scale: scale.rawValue, seed: seed, shard: shard, version: RunProvenance.toolVersion)
                .write(to: root.path)
        }
        let closedForms = ReproductionTarget.closedFormsName
        if target.includesClosedForms && shard == nil {
            let started = Date()
            try ClosedFormsDemo(directory: root.file(closedForms), seed: seed).run(log: log)
            log("reproduce: \(closedForms) done in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            sections.append(section(name: closedForms, title: "Closed forms on built-in models (scores, log-densities, denoisers, KL/χ²/W₂)",
                                    claims: ["core.score", "core.tweedie", "core.gaussian-divergences", "core.mixture-chi2"],
                                    lines: ["- `closed-forms/index.md` lists every file and the command that regenerates it."], files: []))
        }
        for paperExperiment in target.experiments {
            if let shard, !paperExperiment.hasSweep {
                log("reproduce: \(paperExperiment.name): no sweep to split, skipped by shard \(shard); `closedform merge` computes it")
                continue
            }
            let started = Date()
            log("reproduce: \(paperExperiment.name) (\(scale.rawValue)) — \(paperExperiment.title)")
            let directory = try root.subdirectory(paperExperiment.name)
            let handler = progress(paperExperiment.name)
            guard let lines = try await runSweeps(of: paperExperiment, in: directory, log: log, run: {
                try await paperExperiment.run(in: directory, scale: scale, seed: seed, progress: handler)
            }) else { continue }
            try directory.write(try Self.notebook(of: paperExperiment, lines: lines, scale: scale, seed: seed, directory: directory))
            let seconds = Date().timeIntervalSince(started)
            log("reproduce: \(paperExperiment.name) done in \(String(format: "%.1f", seconds)) s → \(directory.path)")
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
            log("reproduce: shard \(shard) written to \(root.path); join all \(shard.count) shard directories with `closedform merge DIR… --out OUT`")
            return
        }
        let indexName: String
        switch target {
        case .all: indexName = "index.md"
        case .closedForms, .experiment: indexName = "index-\(target.name).md"
        }
        try AtomicFileWriter.write(index, to: root.file(indexName))
        log("reproduce: wrote \(root.file(indexName)) — start there")
    }

    /// Runs `body` (one experiment) with its sweeps checkpointed in `directory`, sliced to `shard`, or read
    /// from the merge's shard directories; returns its index lines, or nil when a shard run stopped after
    /// its slice. The resume checkpoints are deleted once the experiment has written every file.
    func runSweeps(of experiment: any PaperExperiment, in directory: ReportDirectory, log: (String) -> Void,
                   run body: () async throws -> [String]) async throws -> [String]? {
        let fingerprint = "experiment=\(experiment.name) scale=\(scale.rawValue) seed=\(seed) version=\(RunProvenance.toolVersion)"
        let context = SweepContext(directory: directory.path, fingerprint: fingerprint, shard: shard,
                                   mergeSources: mergeSources.map { $0 + "/" + experiment.name })
        for (file, units) in Sweep.checkpoints(in: directory.path) {
            log("reproduce: \(experiment.name): resuming from \(file) (\(units) units already done)")
        }
        do {
            let lines = try await SweepContext.$current.withValue(context) { try await body() }
            Sweep.removeCheckpoints(in: directory.path)
            return lines
        } catch let finished as SweepShardFinished {
            log("reproduce: \(experiment.name): \(finished)")
            return nil
        }
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
