extension ReportDirectory {
    /// Writes `figure` as `<basename>.svg` and `<basename>.pgf.tex` (atomically) and returns the two paths.
    /// With a `provenance`, its summary heads both files (an XML comment, a `%` line); the log (what a
    /// notebook embeds) keeps the SVG without it, so a notebook does not depend on the output directory.
    @discardableResult
    public func write(_ figure: Figure, basename: String) throws -> [String] {
        let comment = provenance?.summary
        return [try write(figure.svg(comment: comment), to: basename + ".svg", logging: figure.svg(comment: nil)),
                try write(figure.pgfplots(comment: comment), to: basename + ".pgf.tex")]
    }
}
