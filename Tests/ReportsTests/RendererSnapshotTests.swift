import Foundation
import Testing
import Reports

/// Every renderer against a reviewed snapshot (`__Snapshots__/`), with fixed provenance and time.
@Suite("Reports: renderer snapshots")
struct RendererSnapshotTests {
    @Test("Markdown table with its provenance comment matches the snapshot")
    func markdown() {
        assertSnapshot(ReportFixtures.table().markdown(provenance: ReportFixtures.provenance), named: "table.md")
    }

    @Test("LaTeX table (booktabs, siunitx S columns, intervals, ∞) matches the snapshot")
    func latex() {
        assertSnapshot(ReportFixtures.table().latex(provenance: ReportFixtures.provenance), named: "table.tex")
    }

    @Test("CSV table with '#' provenance lines matches the snapshot")
    func csv() {
        assertSnapshot(ReportFixtures.table().csv(provenance: ReportFixtures.provenance), named: "table.csv")
    }

    @Test("JSON table with metadata (command, version, seed, time, machine) matches the snapshot")
    func json() {
        assertSnapshot(ReportFixtures.table().json(provenance: ReportFixtures.provenance), named: "table.json")
    }

    @Test("HTML table (notebook output) matches the snapshot")
    func html() {
        assertSnapshot(ReportFixtures.table().html, named: "table.html")
    }

    @Test("Notebook (claims, table outputs, SVG figure, re-run cell) matches the snapshot")
    func notebook() {
        assertSnapshot(ReportFixtures.notebook().notebook.json, named: "notebook.ipynb")
    }
}
