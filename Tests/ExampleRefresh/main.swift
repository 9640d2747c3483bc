import ExampleRunner
import Foundation

// Rewrites the shown outputs of README.md's examples (and the DocC articles') with what the commands print
// now, running them exactly as the tests do (ExampleSession). Run by scripts/refresh-examples.sh, which
// builds this tool and `closedform` first and shows the diff afterwards.
//
//   closedform-refresh-examples [--fast]
//
// --fast leaves the `slow` examples and the Swift-package example as they are. `skip` examples are never
// run. Outputs that already match (`…` included) are left exactly as written.

/// Prints `line` at once (unbuffered), so a log shows each block as it finishes.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// `12.3 s`.
func seconds(since start: Date) -> String { "\((Date().timeIntervalSince(start) * 10).rounded() / 10) s" }

let fast = CommandLine.arguments.dropFirst().contains("--fast")
let unknown = CommandLine.arguments.dropFirst().filter { $0 != "--fast" }
guard unknown.isEmpty else {
    FileHandle.standardError.write(Data("error: unknown argument \(unknown[0]); usage: closedform-refresh-examples [--fast]\n".utf8))
    exit(2)
}

do {
    let root = ExampleLocations.root
    let binary = try ExampleLocations.binary()
    var changedCommands = 0
    for path in ExampleDocument.paths(root: root) {
        let document = try ExampleDocument(root: root, path: path)
        var results: [ExampleChain.Result] = []
        for chain in try ExampleChain.chains(of: document) {
            if let reason = chain.skipReason {
                say("\(chain): skipped (\(reason))")
                continue
            }
            if fast && chain.isSlow {
                say("\(chain): slow, left as it is (--fast)")
                continue
            }
            let started = Date()
            let chainResults = try chain.run(root: root, binary: binary)
            results += chainResults
            let changed = chainResults.filter { !$0.matches }
            say("\(chain): \(chainResults.count) commands, \(seconds(since: started))" + (changed.isEmpty ? "" : ", \(changed.count) outputs rewritten"))
            for result in changed { say("  \(path):\(result.command.line + 1): $ \(result.command.shell.prefix(100))") }
            changedCommands += changed.count
        }
        var text = ExampleRewriter.rewrite(document, with: results)
        if let example = document.package, !fast {
            let started = Date()
            let output = try PackageExampleBuild.run(example, root: root, binary: binary)
            say("\(path): Swift-package example built and run, \(seconds(since: started))")
            if !OutputPattern.matches(shown: example.output, actual: output) {
                // Located again in the rewritten text: console outputs above it may have changed length.
                let rewritten = try ExampleDocument(path: path, text: text)
                var lines = rewritten.lines
                let range = rewritten.package!.outputLines
                lines.replaceSubrange(range, with: output)
                text = lines.joined(separator: "\n") + "\n"
                say("  \(path):\(range.lowerBound + 1): Swift-package example output rewritten")
                changedCommands += 1
            }
        }
        let url = root.appendingPathComponent(path)
        if try String(contentsOf: url, encoding: .utf8) != text {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
    say(changedCommands == 0 ? "every output already matches" : "\(changedCommands) outputs rewritten; review them with `git diff`")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
