import Foundation
import Testing
import Reports
import DataFiles

@Suite("Reports: tables in Markdown, LaTeX, CSV and JSON")
struct TableTests {
    /// A table with every kind of cell, including +∞ and an interval.
    static func example() -> Table {
        var table = Table(caption: "χ² drift, α = 0.1 & h = 0.6", label: "tab:drift",
                          columns: ["generation", "D_i", "bound", "note"], notes: ["C = 1 (uncertain, rec)"])
        table.append([.number(1, digits: 3), .interval(mean: 0.25, low: 0.2, high: 0.3), .number(.infinity), .text("a, \"b\"")])
        table.append([.number(2, digits: 3), .interval(mean: 1.5e-5, low: 1e-5, high: 2e-5), .number(0.125), .empty])
        return table
    }

    @Test("JSON parses back to the same numbers; ∞ is the string \"Infinity\", intervals are objects")
    func jsonRoundTrip() throws {
        let object = try JSONValue.parse(Data(Self.example().json.utf8))
        guard case .array(let rows)? = object["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 2)
        #expect(rows[0]["bound"] == .string("Infinity"))
        #expect(rows[1]["D_i"]?["mean"] == .number(1.5e-5))
        #expect(rows[1]["D_i"]?["high"] == .number(2e-5))
        #expect(rows[1]["note"] == .null)
        #expect(object["caption"] == .string("χ² drift, α = 0.1 & h = 0.6"))
    }

    @Test("CSV: a header, intervals split into three columns, quoted fields, numbers in shortest round-trip form")
    func csv() {
        let lines = Self.example().csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "generation,D_i,D_i low,D_i high,bound,note")
        #expect(lines[1] == "1,0.25,0.2,0.3,inf,\"a, \"\"b\"\"\"")
        #expect(Double(lines[2].split(separator: ",")[1]) == 1.5e-5)
    }

    @Test("Markdown: every line has one cell per column; LaTeX escapes &, _ and Greek, and writes ∞ as \\infty, intervals as value ± half-width")
    func markdownAndLaTeX() {
        let table = Self.example()
        let tableLines = table.markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(tableLines.count == 4)
        for line in tableLines { #expect(line.filter { $0 == "|" }.count == 5, "\(line)") }
        let latex = table.latex
        #expect(latex.contains("$\\chi$$^2$") == false, "adjacent math runs are merged")
        #expect(latex.contains("\\& h") && latex.contains("$D_{i}$") && !latex.contains("\\_") && latex.contains("$\\infty$"))
        #expect(latex.contains("$\\num{1.50e-5} \\pm \\num{5.00e-6}$"))
        #expect(latex.contains("\\label{tab:drift}") && latex.contains("\\toprule"))
    }

    @Test("A Monte-Carlo estimate reads value ± SE in Markdown and LaTeX, and keeps both numbers in CSV (name, name SE; an exact row has SE 0) and JSON ({value, standardError})")
    func estimates() throws {
        var table = Table(caption: "check", label: "tab:check", columns: ["key", "tightest ratio"])
        table.append([.text("exact"), .number(0.5, digits: 4)])
        table.append([.text("monte-carlo"), .estimate(value: 0.2911, standardError: 0.027)])
        table.append([.text("none"), .empty])
        let csv = table.csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(csv.prefix(4)) == ["key,tightest ratio,tightest ratio SE", "exact,0.5,0", "monte-carlo,0.2911,0.027", "none,,"])
        let object = try JSONValue.parse(Data(table.json.utf8))
        guard case .array(let rows)? = object["rows"] else { Issue.record("no rows"); return }
        #expect(rows[0]["tightest ratio"] == .number(0.5))
        #expect(rows[1]["tightest ratio"]?["value"] == .number(0.2911) && rows[1]["tightest ratio"]?["standardError"] == .number(0.027))
        #expect(table.markdown.contains("| monte-carlo | 0.2911 ± 0.027 |"))
        #expect(table.latex.contains("$\\num{0.2911} \\pm \\num{0.027}$"), "\(table.latex)")
        #expect(!table.latex.contains("Intervals:"), "no interval, so no interval convention")
    }
}
