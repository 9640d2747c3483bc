import Foundation
import Testing
import PropertyBased
import PropertySupport
import Reports

@Suite("Reports: figures are well-formed, finite, inside their plot, with nice and decade ticks")
struct FigurePropertyTests {
    static let fixtures = [FigureFixtures.lineWithBand(), FigureFixtures.heatMap(), FigureFixtures.nonFinite()]

    @Test("every fixture's SVG parses as XML and carries no NaN or infinity; the pgfplots snippet is ASCII")
    func wellFormed() throws {
        for figure in Self.fixtures {
            let svg = figure.svg(comment: "Written by `closedform reproduce all --out x --scale quick` (seed 0, closedform 0.1.0).")
            _ = try SVGInspection(svg)
            #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
            let pgf = figure.pgfplots()
            #expect(pgf.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(!pgf.lowercased().contains("nan") && !pgf.lowercased().contains("inf"))
        }
    }

    @Test("the NaN/∞/≤0 fixture draws exactly its drawable points: one line of two, two lone markers, two band pieces")
    func gaps() throws {
        let inspection = try SVGInspection(FigureFixtures.nonFinite().svg())
        // Drawable on log–log axes: (1, 1) | (100, 3) | (1e5, 8), (1e6, 7); the rest has NaN, ∞, 0 or x < 0.
        let group = try #require(inspection.document.rootElement()?.elements(forName: "g").first)
        let polylines = group.elements(forName: "polyline")
        #expect(polylines.compactMap { SVGInspection.attribute($0, "points")?.split(separator: " ").count } == [2])
        // Bands (fill-opacity): x = 1…100 (the NaN y at x = 10 keeps its band) and x = 1e5…1e6 (low end −1
        // drawn at the axis floor); markers (triangles, colour index 2): all four drawable points.
        let polygons = group.elements(forName: "polygon")
        #expect(polygons.filter { SVGInspection.attribute($0, "fill-opacity") != nil }.count == 2)
        #expect(polygons.filter { SVGInspection.attribute($0, "fill-opacity") == nil }.count == 4)
    }

    @Test("linear axes: random finite data maps inside the plot rectangle; ticks are multiples of m·10^k, m ∈ {1, 2, 5}")
    func linearInside() async throws {
        await seededPropertyCheck(count: 60, input: Gen.double(in: -6...6), Gen.double(in: -1...1).array(of: 2...12),
                                  Gen.double(in: -1...1).array(of: 2...12)) { exponent, xs, ys in
            let scale = pow(10, exponent.rounded())
            let count = min(xs.count, ys.count)
            let points = (0..<count).map { FigurePoint(x: xs[$0] * scale, y: ys[$0] * scale + scale) }
            let figure = Figure(title: "random", xAxis: FigureAxis("x"), yAxis: FigureAxis("y"),
                                series: [FigureSeries(name: "data", points: points, style: .lineWithMarkers, colorIndex: 0)])
            let inspection = try SVGInspection(figure.svg())
            let f = inspection.frame
            #expect(inspection.dataPoints.count >= 2 * count)
            for (x, y) in inspection.dataPoints {
                // 0.01 px: coordinates are printed with two decimals.
                #expect(x >= f.x - 0.01 && x <= f.x + f.width + 0.01 && y >= f.y - 0.01 && y <= f.y + f.height + 0.01,
                        "(\(x), \(y)) outside the frame \(f)")
            }
            for data in [points.map(\.x), points.map(\.y)] {
                let ticks = AxisTicks(axis: FigureAxis("a"), data: data)
                Self.expectNice(ticks.values)
                #expect(ticks.low <= data.min()! && ticks.high >= data.max()!)
                #expect((2...AxisTicks.maximumTicks).contains(ticks.values.count))
            }
        }
    }

    @Test("log axes: ticks are powers of ten labelled 10^k, the range covers the positive data")
    func logTicks() async {
        await seededPropertyCheck(count: 100, input: Gen.double(in: -12...12), Gen.double(in: 0...20)) { start, span in
            let data = [pow(10, start), pow(10, start + span), -1, 0, .nan]
            let ticks = AxisTicks(axis: FigureAxis("a", scale: .log10), data: data)
            #expect(ticks.low <= pow(10, start) && ticks.high >= pow(10, start + span))
            #expect(!ticks.values.isEmpty && ticks.values.count <= AxisTicks.maximumTicks)
            for (value, label) in zip(ticks.values, ticks.labels) {
                let k = log10(value).rounded()
                // 1e-12: log10 of a correctly rounded power of ten is within a few ulps of the integer.
                #expect(abs(log10(value) - k) < 1e-12)
                #expect(label.base == "10" && label.exponent == String(Int(k)).replacingOccurrences(of: "-", with: "−"))
            }
        }
    }

    @Test("a fixed range keeps its ends and puts nice ticks inside it")
    func fixedRange() {
        let ticks = AxisTicks(axis: FigureAxis("rate", range: 0...1), data: [0.3, 2])
        #expect(ticks.low == 0 && ticks.high == 1)
        #expect(ticks.labels.map(\.plain) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test("ReportDirectory writes both files with the provenance on top; the SVG stays well-formed with -- in the command")
    func provenanceHeader() throws {
        let path = NSTemporaryDirectory() + "closedform-figure-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let provenance = RunProvenance(command: "closedform reproduce all --out out --scale quick", seed: 7)
        let directory = try ReportDirectory(path: path, provenance: provenance)
        let paths = try directory.write(FigureFixtures.lineWithBand(), basename: "drift")
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ["drift.svg", "drift.pgf.tex"])
        let svg = try String(contentsOfFile: paths[0], encoding: .utf8)
        let pgf = try String(contentsOfFile: paths[1], encoding: .utf8)
        let svgLines = svg.split(separator: "\n")
        #expect(svgLines[1].hasPrefix("<!-- Written by") && svgLines[1].contains("seed 7"))
        #expect(pgf.split(separator: "\n")[0] == Substring("% " + provenance.summary))
        let inspection = try SVGInspection(svg)
        let metadata = inspection.document.rootElement()?.elements(forName: "metadata").first?.stringValue
        #expect(metadata == provenance.summary)
    }

    /// Equal steps m·10^k with m ∈ {1, 2, 5}, every tick an integer multiple of the step.
    static func expectNice(_ values: [Double]) {
        guard values.count >= 2 else { Issue.record("fewer than two ticks: \(values)"); return }
        let step = values[1] - values[0]
        let mantissa = step / pow(10, log10(step).rounded(.down))
        // 1e-9: relative rounding of i·m·10^k and of the subtraction.
        #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 * $0 }, "step \(step)")
        for value in values {
            #expect(abs(value / step - (value / step).rounded()) < 1e-6, "tick \(value) not a multiple of \(step)")
        }
    }
}
