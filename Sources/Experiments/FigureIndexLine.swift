import Reports

/// Writes experiment figures and the index lines that link them, in the style of the table lines:
/// `- Figure: [what](<experiment>/<basename>.svg) (pgfplots: `<basename>.pgf.tex`)`. The links are
/// relative to DIR, where `index.md` lives; each experiment writes into DIR/<experiment>/.
enum FigureIndexLine {
    /// Writes `figures` (label, basename, figure) into `directory` and returns one index line linking all.
    /// - Parameters:
    ///   - caption: what the figures show; with several figures each link is labelled by its own label.
    ///   - note: appended after the links (e.g. which values were left out).
    static func write(_ figures: [(label: String, basename: String, figure: Figure)], caption: String,
                      experiment: String, in directory: ReportDirectory, note: String? = nil) throws -> String {
        for entry in figures { try directory.write(entry.figure, basename: entry.basename) }
        let links: String
        if figures.count == 1, let only = figures.first {
            links = "[\(caption)](\(experiment)/\(only.basename).svg) (pgfplots: `\(only.basename).pgf.tex`)"
        } else {
            links = caption + ": " + figures.map { "[\($0.label)](\(experiment)/\($0.basename).svg)" }.joined(separator: ", ")
                + " (pgfplots: `" + (figures.first.map { $0.basename } ?? "") + ".pgf.tex`, …)"
        }
        return "- Figure: " + links + (note.map { ". " + $0 } ?? "")
    }
}
