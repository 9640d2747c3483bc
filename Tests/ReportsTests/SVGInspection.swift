import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a rendered SVG back as XML (FoundationXML's parser, so a malformed document throws) and collects
/// what the property tests check: the plot frame and the coordinates drawn inside the data group (`plot-data`).
struct SVGInspection {
    let document: XMLDocument
    /// The plot frame (the first unfilled rectangle with the axis stroke).
    let frame: (x: Double, y: Double, width: Double, height: Double)
    /// Every vertex of every polyline and every circle centre inside the data group (`plot-data`).
    let dataPoints: [(Double, Double)]

    init(_ svg: String) throws {
        document = try XMLDocument(xmlString: svg, options: [])
        let root = try require(document.rootElement())
        func attribute(_ element: XMLElement, _ name: String) -> Double {
            Double(Self.attribute(element, name) ?? "") ?? .nan
        }
        let rects = (root.children ?? []).compactMap { $0 as? XMLElement }.filter {
            $0.name == "rect" && Self.attribute($0, "fill") == "none" && Self.attribute($0, "stroke") == "#333333"
        }
        let frameRect = try require(rects.first)
        frame = (attribute(frameRect, "x"), attribute(frameRect, "y"), attribute(frameRect, "width"), attribute(frameRect, "height"))
        let group = try require((root.children ?? []).compactMap { $0 as? XMLElement }.first { Self.attribute($0, "id") == "plot-data" })
        var points: [(Double, Double)] = []
        for element in (group.children ?? []).compactMap({ $0 as? XMLElement }) {
            if element.name == "polyline", let list = Self.attribute(element, "points") {
                for pair in list.split(separator: " ") {
                    let xy = pair.split(separator: ",").compactMap { Double($0) }
                    if xy.count == 2 { points.append((xy[0], xy[1])) }
                }
            } else if element.name == "circle" {
                points.append((attribute(element, "cx"), attribute(element, "cy")))
            }
        }
        dataPoints = points
    }

    /// An attribute's value by name (FoundationXML's `attribute(forName:)` misses un-prefixed attributes
    /// under a default namespace, as in every SVG).
    static func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }
}

/// `#require` without the Testing macro (this file has no test of its own).
private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw SVGInspectionError.missingElement }
    return value
}

enum SVGInspectionError: Error { case missingElement }
