import Foundation

/// Accumulates the lines of an SVG document: elements with fixed-precision coordinates (%.2f, so the
/// same figure always gives the same bytes) and escaped text.
struct SVGBuilder {
    private(set) var lines: [String] = []

    /// A coordinate with two decimals; −0.00 is written 0.00.
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "SVGBuilder: non-finite coordinate \(value)")
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }

    /// `x,y x,y …`.
    static func points(_ points: [(Double, Double)]) -> String {
        points.map { number($0.0) + "," + number($0.1) }.joined(separator: " ")
    }

    mutating func raw(_ line: String) { lines.append(line) }

    mutating func line(from a: (Double, Double), to b: (Double, Double), stroke: String, width: Double = 1, extra: String = "") {
        raw("<line x1=\"\(Self.number(a.0))\" y1=\"\(Self.number(a.1))\" x2=\"\(Self.number(b.0))\" y2=\"\(Self.number(b.1))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"\(extra)/>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, attributes: String) {
        raw("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" \(attributes)/>")
    }

    /// Text at (x, y); `anchor` start|middle|end; `rotate` degrees about (x, y); an optional superscript.
    mutating func text(_ content: String, x: Double, y: Double, size: Int, anchor: String = "start",
                       rotate: Double? = nil, superscript: String? = nil, extra: String = "") {
        let transform = rotate.map { " transform=\"rotate(\(Self.number($0)) \(Self.number(x)) \(Self.number(y)))\"" } ?? ""
        let sup = superscript.map { "<tspan baseline-shift=\"super\" font-size=\"\(size)\">\(XMLEscaping.escape($0))</tspan>" } ?? ""
        raw("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\"\(transform)\(extra)>\(XMLEscaping.escape(content))\(sup)</text>")
    }

    /// A rough width in pixels of `text` at `size` in a sans-serif font (0.6 em per character; a
    /// superscript counts at the same size), for layout only.
    static func textWidth(_ text: String, size: Int) -> Double {
        Double(text.count) * 0.6 * Double(size)
    }
}
