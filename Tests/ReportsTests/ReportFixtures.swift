import Foundation
import Reports

/// Fixed inputs of the renderer tests: nothing here depends on the clock, the machine or SOURCE_DATE_EPOCH.
enum ReportFixtures {
    /// Provenance with an injected time and machine.
    static let provenance = RunProvenance(
        command: "closedform reproduce example --out out --scale quick --seed 7", seed: 7, version: "0.1.0",
        environment: RunEnvironment(unixTime: 1_700_000_000, architecture: "x86_64", processors: 2, operatingSystem: "Linux 6.1.0", blasKernels: "Haswell"))

    /// A table exercising every layout: an integer column, a fixed-point column with ∞ and an empty cell,
    /// a column whose range asks for scientific notation, symmetric and asymmetric intervals, and text.
    static func table() -> Table {
        var table = Table(caption: "Drift D_i = χ²(p̂ⁱ‖p) against μᵢ₊₁ (B.recursion): α = 0.1 & h = 0.6", label: "tab:example",
                          columns: ["i", "bound", "D_i", "D_i ± CI", "regime"], notes: ["C = 1 (uncertain, rec); 50% of runs"])
        table.append([.number(1), .number(0.125), .number(2.5e-3), .interval(mean: 0.25, low: 0.2, high: 0.3), .text("persistent")])
        table.append([.number(10), .number(.infinity), .number(1.5e-7, digits: 3), .interval(mean: 1.5e-5, low: 1e-5, high: 2.5e-5), .text("a, \"b\"")])
        table.append([.number(100), .empty, .number(-42.5), .interval(mean: 3, low: 2, high: .infinity), .empty])
        return table
    }

    /// A one-table, one-figure notebook.
    static func notebook() -> ExperimentNotebook {
        ExperimentNotebook(
            name: "example", title: "[B] an example experiment",
            claims: [.init(key: "B.recursion", statement: "D_{i+1} ≤ (1−α)D_i + ε²", citation: "[B, Eq. 4]"), .init(key: "C.metrics")],
            findings: ["- `example.md`: the drift plateaus."], scale: "quick", seed: 7,
            tables: [ReportLog.TableEntry(basename: "example", table: table())],
            figures: [.init(name: "drift.svg", svg: svg)])
    }

    static let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">
        <line x1="0" y1="20" x2="40" y2="0" stroke="black"/>
        </svg>

        """

    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("closedform-reports-\(UUID().uuidString)").path
    }
}
