import Foundation

extension ReportDirectory {
    /// The SVG figures of this directory, sorted by file name: those written through `write(_:to:)`
    /// (kept even when `--format` left the file out) and any other `.svg` file the directory contains.
    public func svgFigures() throws -> [ExperimentNotebook.Figure] {
        var byName: [String: String] = [:]
        for entry in log.files { if let svg = entry.svg { byName[entry.name] = svg } }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name.hasSuffix(".svg") && !name.hasPrefix(".") && byName[name] == nil {
            byName[name] = try String(contentsOfFile: file(name), encoding: .utf8)
        }
        return byName.keys.sorted().map { ExperimentNotebook.Figure(name: $0, svg: byName[$0]!) }
    }

    /// Writes `notebook` as `<name>.ipynb` (when `ipynb` is among the formats) and returns its path.
    @discardableResult
    public func write(_ notebook: ExperimentNotebook) throws -> String {
        try write(notebook.notebook.json, to: notebook.name + ".ipynb")
    }
}
