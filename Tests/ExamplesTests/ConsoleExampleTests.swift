import ExampleRunner
import Foundation
import Testing

/// The console examples of README.md (and of the DocC articles) run as a reader would run them, and print
/// exactly what the documents show (`…` marking what varies; ExampleRunner's OutputPattern).
///
/// Each chain of blocks runs in a fresh temporary copy of `examples/` with the built debug `closedform` on
/// the PATH (ExampleSession). `slow` blocks run only with `CLOSEDFORM_LONG_TESTS=1`; `skip` blocks never.
/// A mismatch names the document line and shows both outputs; the test never edits a document
/// (`bash scripts/refresh-examples.sh` does, for review).
@Suite("Documentation examples")
struct ConsoleExampleTests {
    static let chains: [ExampleChain] = (try? loadChains()) ?? []

    static func loadChains() throws -> [ExampleChain] {
        try ExampleDocument.paths(root: ExampleLocations.root).flatMap {
            try ExampleChain.chains(of: ExampleDocument(root: ExampleLocations.root, path: $0))
        }
    }

    @Test("Documentation examples: README.md and the DocC articles parse, with every directive well formed")
    func documentsParse() throws {
        let chains = try Self.loadChains()
        // The parameterised tests below run `Self.chains`, which is empty when a document does not parse.
        #expect(chains.count == Self.chains.count)
        #expect(chains.contains { $0.blocks[0].document == "README.md" }, "README.md has console blocks")
        #expect(try ExampleDocument(root: ExampleLocations.root, path: "README.md").package != nil,
                "README.md holds the Swift-package example")
    }

    @Test("Documentation examples: each console block prints what the document shows",
          arguments: chains.filter { !$0.isSlow && $0.skipReason == nil })
    func consoleBlock(_ chain: ExampleChain) throws {
        try check(chain)
    }

    @Test("Documentation examples: each slow console block prints what the document shows (CLOSEDFORM_LONG_TESTS=1)",
          .enabled(if: ExampleLocations.longTests, "slow examples run with CLOSEDFORM_LONG_TESTS=1"),
          arguments: chains.filter(\.isSlow))
    func slowConsoleBlock(_ chain: ExampleChain) throws {
        try check(chain)
    }

    private func check(_ chain: ExampleChain) throws {
        for result in try chain.run(root: ExampleLocations.root, binary: try ExampleLocations.binary()) {
            if !result.matches { Issue.record("\(result.report)") }
        }
    }
}

/// examples/my-check/ is the README's Swift-package example as files, for a reader to copy.
@Suite("Documentation examples: the Swift package in examples/my-check")
struct PackageExampleFilesTests {
    @Test("examples/my-check holds exactly the files the README's package blocks assemble")
    func sameFiles() throws {
        guard let package = try ExampleDocument(root: ExampleLocations.root, path: "README.md").package else {
            Issue.record("README has no Swift-package example"); return
        }
        let folder = ExampleLocations.root.appendingPathComponent("examples/my-check")
        for (path, text) in package.files {
            let written = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            #expect(written == text, "examples/my-check/\(path) differs from README.md's blocks")
        }
    }
}
