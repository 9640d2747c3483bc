import Theorems
import Reports
import Foundation

extension Reproduction {
    /// The notebook of `experiment`: its claims with their registered statements (`TheoremRegistry`; keys
    /// only in proofs/ point there), its tables as they were written, and every SVG figure of `directory`.
    static func notebook(of experiment: any PaperExperiment, lines: [String], scale: ExperimentScale, seed: UInt64,
                         directory: ReportDirectory) throws -> ExperimentNotebook {
        let claims = experiment.claims.map { key -> ExperimentNotebook.Claim in
            guard let theorem = try? TheoremRegistry.theorem(key) else { return ExperimentNotebook.Claim(key: key) }
            return ExperimentNotebook.Claim(key: key, statement: theorem.statement, citation: theorem.citation)
        }
        return ExperimentNotebook(name: experiment.name, title: experiment.title, claims: claims, findings: lines,
                                  scale: scale.rawValue, seed: seed, tables: directory.log.tables, figures: try directory.svgFigures())
    }

    /// The files written into `directory`, in order, each once; SVG files that appeared there by other
    /// means come last, sorted.
    static func writtenFiles(in directory: ReportDirectory) throws -> [String] {
        var seen = Set<String>(), names: [String] = []
        for entry in directory.log.files where entry.written && seen.insert(entry.name).inserted { names.append(entry.name) }
        for figure in try directory.svgFigures() where directory.writes(fileNamed: figure.name) && seen.insert(figure.name).inserted {
            names.append(figure.name)
        }
        return names
    }
}
