import ArgumentParser
import ClosedForm

/// `[--format latex,md,…] [--notebook]`: the files `reproduce` and `merge` write.
struct ReportFormatOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Formats to write, comma-separated (default: every format but ipynb).", valueName: "formats"))
    var format: CommaSeparated<ReportFormat>?

    @Flag(help: "Also write a Jupyter notebook per experiment (adds ipynb to the formats).")
    var notebook = false
}
