import DataFiles

extension RunProvenance {
    /// The first line of a Markdown file: an HTML comment, invisible when rendered.
    public var markdownHeader: String { "<!-- \(summary) -->\n\n" }

    /// `%` comment lines for the top of a `.tex` file.
    public var latexHeader: String { "% \(summary)\n" }

    /// `# ` comment lines for the top of a CSV file. Readers skip them with `comment='#'` (pandas,
    /// numpy.genfromtxt) or by dropping lines that start with `#`.
    public var csvHeader: String {
        "# \(summary)\n# Comment lines start with '#': read with pandas.read_csv(path, comment='#'); the first other line is the header.\n"
    }

    /// The `metadata` member of a JSON file: command, version, seed, and when `environment` is set the
    /// time (ISO 8601 and Unix seconds) and the machine.
    public var jsonMetadata: JSONValue {
        var members: [(String, JSONValue)] = [("command", .string(command)), ("version", .string(version)),
                                              ("seed", .unsigned(seed))]
        if let environment {
            members += [
                ("time", .string(environment.isoTime)), ("unixTime", .integer(environment.unixTime)),
                ("machine", .object(["architecture": .string(environment.architecture),
                                     "processors": .integer(Int64(environment.processors)),
                                     "operatingSystem": .string(environment.operatingSystem),
                                     "blasKernels": .string(environment.blasKernels)])),
            ]
        }
        return .object(JSONObject(members))
    }
}
