import Foundation
import Testing
import Reports
@testable import Experiments
@testable import Theorems

@Suite("Paper experiments write their tables")
struct ExperimentTests {
    static func temporaryDirectory() throws -> ReportDirectory {
        try ReportDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("closedform-experiment-\(UUID().uuidString)").path)
    }

    @Test("retraining-gmm experiment at tiny size: writes its drift and population tables and figures; the population D_i column is ∞ (with the reason) for h = σ from i = 1, finite for h = 0.12; the reverse-SDE variant and its sampler-contribution table and figures")
    func retrainingGMM() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        var settings = RetrainingGMMExperiment.Settings(scale: .quick)
        settings.generations = 2
        settings.runs = 2
        settings.trainingSize = 60
        settings.alphas = [0.5]
        settings.measurement.chiSquaredSamples = 200
        settings.measurement.klSamples = 200
        settings.measurement.scoreError?.timeNodes = 2
        settings.measurement.scoreError?.samplesPerNode = 16
        settings.samplerSteps = 10
        let lines = try await RetrainingGMMExperiment().run(in: directory, settings: settings, scale: .quick, seed: 1) { _, _, _ in }
        #expect(!lines.isEmpty)
        for tag in ["paper-bandwidth", "finite-bandwidth", "reverse-sde"] {
            // One drift figure per α, linked from the index; the paper bandwidth's population D_i = +∞ is counted as left out.
            #expect(lines.contains { $0.hasPrefix("- Figure:") && $0.contains("(retraining-gmm/drift-\(tag)-alpha-0.5.svg)") })
            for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file("drift-\(tag)-alpha-0.5\(suffix)"))) }
            for suffix in [".md", ".tex", ".csv", ".json"] {
                #expect(FileManager.default.fileExists(atPath: directory.file("drift-\(tag)\(suffix)")), "drift-\(tag)\(suffix)")
                #expect(FileManager.default.fileExists(atPath: directory.file("population-\(tag)\(suffix)")))
            }
        }
        let paper = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("drift-paper-bandwidth.json")))) as! [String: Any]
        let rows = paper["rows"] as! [[String: Any]]
        #expect(rows.allSatisfy { $0["D_i population"] as? String == "Infinity" })
        #expect((paper["notes"] as! [String]).contains { $0.contains("+∞ from i = 1") })
        #expect(lines.contains { $0.contains("drift-paper-bandwidth-alpha") && $0.contains("values of D_i = +∞") })
        let finite = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("drift-finite-bandwidth.json")))) as! [String: Any]
        #expect((finite["rows"] as! [[String: Any]]).allSatisfy { $0["D_i population"] is NSNumber })
        // The reverse-SDE variant really samples by the reverse SDE, and the comparison table puts its D_i beside
        // the exact-sampling one: one row per generation i ≥ 1, ratio = reverse / exact of the two means.
        let reverseResults = try String(contentsOfFile: directory.file("results-reverse-sde.json"), encoding: .utf8)
        #expect(reverseResults.contains("\"reverse-sde\"") && !reverseResults.contains("\"exact-law\""))
        let comparison = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("sampler-contribution.json")))) as! [String: Any]
        let comparisonRows = comparison["rows"] as! [[String: Any]]
        #expect(comparisonRows.count == settings.generations * settings.alphas.count)
        #expect(lines.contains { $0.hasPrefix("- Figure:") && $0.contains("(retraining-gmm/sampler-contribution-alpha-0.5.svg)") })
        for suffix in [".svg", ".pgf.tex"] { #expect(FileManager.default.fileExists(atPath: directory.file("sampler-contribution-alpha-0.5\(suffix)"))) }
        // The SDE's endpoint under this OU (dX = −½X dt + dB) at t₀ = 0.02: means × e^{−0.01} (pulled in by 0.995 %)
        // and 1 − e^{−0.02} = 0.0198 of added variance; the dX = −X dt + √2 dB convention would say 2.0 % and 0.0392.
        let comparisonNotes = comparison["notes"] as! [String]
        #expect(comparisonNotes.contains { $0.contains("means pulled in by 1.0%") && $0.contains("0.0198 added per coordinate") })
        // The population columns are exact sampling's: only the exact-sampling table claims that its moments track them.
        func populationNotes(_ tag: String) throws -> [String] {
            let table = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("population-\(tag).json")))) as! [String: Any]
            return table["notes"] as! [String]
        }
        #expect(try populationNotes("finite-bandwidth").contains { $0.hasPrefix("The moments track the population curve") })
        let reverseNotes = try populationNotes("reverse-sde")
        #expect(!reverseNotes.contains { $0.contains("The moments track") })
        #expect(reverseNotes.contains { $0.contains("those of exact sampling at N = ∞") && $0.contains("tr Σ/n at i = 2, measured against population: α = 0.5: ") })
    }

    @Test("A.thm1.stability: stability-gaussian's region table gives λ_max = κ/(1 + Lε/α) for κ = 1/2 and 1 (L = α = 1) in each of its six rows")
    func stabilityRegion() throws {
        let table = try StabilityGaussianExperiment().regionTable()
        #expect(table.rows.count == 6, "ε ∈ {0, 0.1, 0.25, 0.5, 1, 2}")
        var checkedRows = 0
        for row in table.rows {
            guard case .number(let epsilon, _) = row[0], case .number(let strict, _) = row[1], case .number(let loose, _) = row[3] else {
                Issue.record("unexpected cells \(row)")
                continue
            }
            #expect(abs(strict - 0.5 / (1 + epsilon)) < 1e-15 && abs(loose - 1 / (1 + epsilon)) < 1e-15)
            checkedRows += 1
        }
        #expect(checkedRows == table.rows.count)
    }

    @Test("every catalogued experiment has a unique name and registered claims or proof labels")
    func catalogue() throws {
        let names = ExperimentCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        let proofs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("proofs")
        for experiment in ExperimentCatalog.all {
            for claim in experiment.claims {
                let registered = TheoremRegistry.keys.contains(claim)
                let proved = FileManager.default.fileExists(atPath: proofs.appendingPathComponent("\(claim).md").path)
                #expect(registered || proved, "\(experiment.name): unknown claim \(claim)")
            }
        }
        #expect(throws: (any Error).self) { try ExperimentCatalog.experiment(named: "nope") }
    }
}
