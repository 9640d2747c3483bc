extension ReportDirectory {
    /// Writes `figure` as `<basename>.svg` and `<basename>.pgf.tex` (atomically) and returns the two paths.
    /// With a `provenance`, its summary heads both files (an XML comment, a `%` line).
    @discardableResult
    public func write(_ figure: Figure, basename: String) throws -> [String] {
        let comment = provenance?.summary
        return [try write(figure.svg(comment: comment), to: basename + ".svg"),
                try write(figure.pgfplots(comment: comment), to: basename + ".pgf.tex")]
    }
}
