import ArgumentParser
import ClosedForm
import Foundation

/// The root command. Every failure ends the process with one line on standard error:
///
/// - bad input (a file, a field, an option value) and usage errors: `error: <what>`, exit status 2;
/// - a numerical failure inside the library (e.g. a LAPACK routine): `error: <what>`, exit status 1;
/// - `--help` and `--version` print to standard output and exit 0.
@main
struct ClosedFormTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closedform",
        abstract: "Closed forms for diffusion models on Gaussian mixtures.",
        discussion: """
            Exit status: 0 on success; 2 on bad input (the one line on standard error names the file or \
            option, the field and the value); 1 on a numerical failure.

            Example:
              closedform demo --out out
            """,
        version: RunProvenance.toolVersion,
        subcommands: [
            ScoreCommand.self, LogPdfCommand.self, DenoiseCommand.self, SampleCommand.self,
            DivergenceCommand.self, DemoCommand.self, TheoremsCommand.self, BoundCommand.self, RetrainCommand.self, ReproduceCommand.self, ReportCommand.self,
            ReconstructCommand.self, ReproducibilityCommand.self,
            SampleDiffusionCommand.self,
            ClusterCommand.self,
            FitCommand.self, ScoreErrorCommand.self, CheckCommand.self, ScenariosCommand.self, MergeCommand.self,
        ]
    )

    /// Parses, runs (awaiting the commands whose sweeps run as Swift tasks), and maps every error to one
    /// line and exit status 2 (1 for a numerical failure).
    static func main() async {
        BLASKernelSelection.useReferenceKernels()
        AllocatorTuning.apply()
        BLASThreads.releaseIdleWorkers()
        InterruptSignals.unblock()
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            fail("\(error)", status: 2)
        } catch let error as LinearAlgebraError {
            fail("\(error)", status: 1)
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help, --version: printed to standard output, status 0
            }
            fail(message(for: error), status: 2)
        }
    }

    /// Prints `error: <message>` as one line on standard error and exits. The lines of a multi-line message
    /// are joined with spaces; a bulleted list (argument-parser's valid values of an option, `  - value`)
    /// becomes a comma-separated one.
    static func fail(_ message: String, status: Int32) -> Never {
        var line = ""
        var inList = false
        for part in message.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let isItem = part.hasPrefix("- ")
            if !line.isEmpty { line += isItem && inList ? ", " : " " }
            line += isItem ? String(part.dropFirst(2)) : part
            inList = isItem
        }
        if line.lowercased().hasPrefix("error: ") { line.removeFirst("error: ".count) }
        FileHandle.standardError.write(Data("error: \(line)\n".utf8))
        Foundation.exit(status)
    }
}
