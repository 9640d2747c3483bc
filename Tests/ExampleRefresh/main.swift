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
                print("\(chain): skipped (\(reason))")
                continue
            }
            if fast && chain.isSlow {
                print("\(chain): slow, left as it is (--fast)")
                continue
            }
            let started = Date()
            let chainResults = try chain.run(root: root, binary: binary)
            results += chainResults
            let changed = chainResults.filter { !$0.matches }
            print(String(format: "%@: %d commands, %.1f s%@", chain.description, chainResults.count, Date().timeIntervalSince(started),
                         changed.isEmpty ? "" : ", \(changed.count) outputs rewritten"))
            for result in changed { print("  \(path):\(result.command.line + 1): $ \(result.command.shell.prefix(100))") }
            changedCommands += changed.count
        }
        var text = ExampleRewriter.rewrite(document, with: results)
        if let example = document.package, !fast {
            let started = Date()
            let output = try PackageExampleBuild.run(example, root: root, binary: binary)
            print(String(format: "%@: Swift-package example built and run, %.1f s", path, Date().timeIntervalSince(started)))
            if !OutputPattern.matches(shown: example.output, actual: output) {
                // Located again in the rewritten text: console outputs above it may have changed length.
                let rewritten = try ExampleDocument(path: path, text: text)
                var lines = rewritten.lines
                let range = rewritten.package!.outputLines
                lines.replaceSubrange(range, with: output)
                text = lines.joined(separator: "\n") + "\n"
                print("  \(path):\(range.lowerBound + 1): Swift-package example output rewritten")
                changedCommands += 1
            }
        }
        let url = root.appendingPathComponent(path)
        if try String(contentsOf: url, encoding: .utf8) != text {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
    print(changedCommands == 0 ? "every output already matches" : "\(changedCommands) outputs rewritten; review them with `git diff`")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
