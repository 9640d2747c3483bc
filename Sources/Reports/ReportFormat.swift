import InputErrors

/// A kind of output file `closedform reproduce --format` can choose, named by the token on the command line.
///
/// A file's format follows from its name: `.pgf.tex` is `pgf`, `.tex` `latex`, `.md` `md`, `.csv` `csv`,
/// `.json` `json`, `.svg` `svg`, `.ipynb` `ipynb`. Files with any other extension belong to no format and
/// are always written.
public enum ReportFormat: String, Sendable, CaseIterable, Comparable {
    case latex, md, csv, json, svg, pgf, ipynb

    /// Every format except `ipynb`: what `reproduce` writes unless `--format` or `--notebook` says otherwise.
    public static let defaults: Set<ReportFormat> = Set(allCases).subtracting([.ipynb])

    /// The format of the file called `name`, or nil when it belongs to none.
    public static func of(fileNamed name: String) -> ReportFormat? {
        if name.hasSuffix(".pgf.tex") { return .pgf }
        let suffixes: [(String, ReportFormat)] = [(".tex", .latex), (".md", .md), (".csv", .csv), (".json", .json),
                                                  (".svg", .svg), (".ipynb", .ipynb)]
        return suffixes.first { name.hasSuffix($0.0) }?.1
    }

    /// Parses a comma-separated list such as `latex,md,csv`.
    /// - Throws: `InputError` naming `option` and the unknown entry, listing the valid ones.
    public static func parseList(_ text: String, option: String = "--format") throws -> Set<ReportFormat> {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !entries.isEmpty, !entries.contains(where: \.isEmpty) else {
            throw InputError(source: option, field: "", reason: "'\(text)' has an empty entry; give a comma-separated list of \(validList)")
        }
        return Set(try entries.map { entry in
            guard let format = ReportFormat(rawValue: entry) else {
                throw InputError(source: option, field: "", reason: "unknown format '\(entry)'; expected a comma-separated list of \(validList)")
            }
            return format
        })
    }

    /// `latex, md, csv, json, svg, pgf, ipynb`.
    public static var validList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public static func < (lhs: ReportFormat, rhs: ReportFormat) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
