import Foundation
import Testing
import Reports

/// Issue 19: SVGs that every common renderer draws. Each fixture figure is rendered by librsvg
/// (`rsvg-convert`, Debian librsvg2-bin) to a PNG, and the plot area must hold drawn data: pixels of a
/// saturated colour (the palette's and the colour scale's; axes, grid and text are grey or black).
@Suite("Reports: figures render with librsvg with their data drawn")
struct SVGRenderTests {
    /// Counts the pixels of a PNG (8-bit RGB or RGBA, not interlaced, as rsvg-convert writes) inside a
    /// rectangle whose max − min channel exceeds 60: python3's zlib does the inflating.
    static let countScript = #"""
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        x0, y0, x1, y1 = (int(float(v)) for v in sys.argv[2:6])
        pos, idat, width, height, channels = 8, b'', 0, 0, 4
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            chunk = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, colour = struct.unpack('>IIBB', chunk[:10])
                channels = {2: 3, 6: 4}[colour]
            elif kind == b'IDAT':
                idat += chunk
            pos += 12 + length
        raw, stride, rows, previous, offset = zlib.decompress(idat), width * channels, [], bytearray(width * channels), 0
        for _ in range(height):
            kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
            offset += 1 + stride
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                if kind == 1: line[i] = (line[i] + a) & 255
                elif kind == 2: line[i] = (line[i] + b) & 255
                elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            previous = line
        count = 0
        for y in range(max(0, y0), min(height, y1)):
            for x in range(max(0, x0), min(width, x1)):
                pixel = rows[y][x * channels:x * channels + 3]
                if max(pixel) - min(pixel) > 60: count += 1
        print(count)
        """#

    static let available = FigureCompileTests.which("rsvg-convert") != nil && FigureCompileTests.which("python3") != nil

    /// The number of saturated pixels rsvg-convert draws inside the plot frame of `svg`.
    static func dataPixels(_ svg: String, in directory: String, name: String) throws -> Int {
        let frame = try SVGInspection(svg).frame
        try svg.write(toFile: directory + "/\(name).svg", atomically: true, encoding: .utf8)
        let status = try FigureCompileTests.run(FigureCompileTests.which("rsvg-convert")!, ["-o", "\(name).png", "\(name).svg"], in: directory)
        guard status == 0 else { return -1 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FigureCompileTests.which("python3")!)
        process.arguments = ["-c", countScript, directory + "/\(name).png", "\(frame.x + 2)", "\(frame.y + 2)", "\(frame.x + frame.width - 2)", "\(frame.y + frame.height - 2)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("lines, bands and heat-map cells are drawn by librsvg inside the plot frame; no clipPath or CSS in the file",
          .enabled(if: available, "rsvg-convert (Debian librsvg2-bin) or python3 is not installed; CI installs librsvg2-bin"))
    func rendersData() throws {
        let directory = ReportFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, figure) in [("lines", FigureFixtures.lineWithBand()), ("heatmap", FigureFixtures.heatMap()), ("gaps", FigureFixtures.nonFinite())] {
            let svg = figure.svg()
            #expect(!svg.contains("clip-path") && !svg.contains("<style") && !svg.contains("class="), "\(name): outside the plain SVG 1.1 subset")
            let pixels = try Self.dataPixels(svg, in: directory, name: name)
            #expect(pixels > 200, "\(name): \(pixels) coloured pixels in the plot area")
        }
    }
}
