import ExampleRunner
import Foundation
import Testing

/// The example runner's own rules: blocks, directives, here-documents, `…` and the refresh's rewrite.
@Suite("Documentation examples: the runner")
struct ExampleRunnerTests {
    static let document = """
        Text.

        ```console
        $ closedform sample --count 2
        1,2
        3,4
        $ echo $?
        0
        ```

        <!-- example: slow: trains a network -->
        ```console
        $ cat > a.json <<'EOF'
        {"x": 1}
        EOF
        $ closedform fit
        ```
        <!-- example: continues -->
        ```console
        $ ls
        a.json
        ```

        ```sh
        $ not run
        ```
        <!-- example: package Sources/MyCheck/main.swift -->
        ```swift
        print(1)
        ```
        <!-- example: package-output -->
        ```text
        1
        ```
        """

    @Test("Documentation examples: console blocks split into commands, outputs, here-documents and directives")
    func parsing() throws {
        let document = try ExampleDocument(path: "T.md", text: Self.document)
        #expect(document.consoleBlocks.count == 3)
        let first = document.consoleBlocks[0]
        #expect(first.commands.map(\.shell) == ["closedform sample --count 2", "echo $?"])
        #expect(first.commands[0].expected == ["1,2", "3,4"])
        #expect(first.commands[0].outputLines == 4..<6)
        let second = document.consoleBlocks[1]
        #expect(second.directive == .slow(reason: "trains a network"))
        #expect(second.commands.map(\.shell) == ["cat > a.json <<'EOF'\n{\"x\": 1}\nEOF", "closedform fit"])
        #expect(second.commands.allSatisfy { $0.expected.isEmpty })
        let chains = try ExampleChain.chains(of: document)
        #expect(chains.map(\.blocks.count) == [1, 2])
        #expect(chains.map(\.isSlow) == [false, true])
        #expect(document.package?.files == ["Sources/MyCheck/main.swift": "print(1)\n"])
        #expect(document.package?.output == ["1"])
    }

    @Test("Documentation examples: a malformed directive, output before a command or a `continues` with nothing before it is refused")
    func malformed() {
        #expect(throws: ExampleError.self) { try ExampleDocument(path: "T.md", text: "<!-- example: sloow: x -->\n```console\n$ ls\n```\n") }
        #expect(throws: ExampleError.self) { try ExampleDocument(path: "T.md", text: "<!-- example: skip -->\n```console\n$ ls\n```\n") }
        #expect(throws: ExampleError.self) { try ExampleDocument(path: "T.md", text: "```console\noutput\n$ ls\n```\n") }
        #expect(throws: ExampleError.self) { try ExampleDocument(path: "T.md", text: "```console\n$ cat <<EOF\nx\n```\n") }
        #expect(throws: ExampleError.self) {
            try ExampleChain.chains(of: ExampleDocument(path: "T.md", text: "<!-- example: continues -->\n```console\n$ ls\n```\n"))
        }
    }

    @Test("Documentation examples: the documents are README.md and every Markdown file of the DocC catalogues under Sources/")
    func documentPaths() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("closedform-paths-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["README.md", "Sources/M/M.docc/A.md", "Sources/M/M.docc/Guides/B.md", "Sources/M/M.docc/C.png", "Sources/M/Notes.md"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "x\n".write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(ExampleDocument.paths(root: root) == ["README.md", "Sources/M/M.docc/A.md", "Sources/M/M.docc/Guides/B.md"])
    }

    @Test("Documentation examples: `…` stands for any text within a line, alone for any number of lines; all else is exact")
    func ellipsis() {
        #expect(OutputPattern.matches(shown: ["a", "b"], actual: ["a", "b"]))
        #expect(!OutputPattern.matches(shown: ["0.5"], actual: ["0.50000000000000011"]))
        #expect(!OutputPattern.matches(shown: ["a"], actual: ["a", ""]))
        #expect(OutputPattern.matches(shown: ["done in … s"], actual: ["done in 12.5 s"]))
        #expect(!OutputPattern.matches(shown: ["done in … s"], actual: ["done in 12.5 ms"]))
        #expect(OutputPattern.matches(shown: ["{\"a\": 1, …}"], actual: ["{\"a\": 1, \"b\": 2}"]))
        #expect(OutputPattern.matches(shown: ["x…y…z"], actual: ["xyz"]))
        #expect(!OutputPattern.matches(shown: ["ab…ba"], actual: ["aba"]))
        #expect(OutputPattern.matches(shown: ["head", "…", "tail"], actual: ["head", "1", "2", "tail"]))
        #expect(OutputPattern.matches(shown: ["head", "…", "tail"], actual: ["head", "tail"]))
        #expect(!OutputPattern.matches(shown: ["head", "…", "tail"], actual: ["head", "1"]))
        #expect(OutputPattern.matches(shown: ["error: [0][0]…: nesting"], actual: ["error: [0][0]…: nesting"]))
    }

    @Test("Documentation examples: the refresh rewrites only outputs that do not match, and keeps `…` where they do")
    func rewrite() throws {
        let text = "```console\n$ a\n1\n2\n$ b\ndone in … s\n$ c\nold\n```\n"
        let document = try ExampleDocument(path: "T.md", text: text)
        let commands = document.consoleBlocks[0].commands
        let block = document.consoleBlocks[0]
        let results = [
            ExampleChain.Result(block: block, command: commands[0], actual: ["1", "2"]),
            ExampleChain.Result(block: block, command: commands[1], actual: ["done in 3.1 s"]),
            ExampleChain.Result(block: block, command: commands[2], actual: ["new", "lines"]),
        ]
        #expect(ExampleRewriter.rewrite(document, with: results) == "```console\n$ a\n1\n2\n$ b\ndone in … s\n$ c\nnew\nlines\n```\n")
        #expect(ExampleRewriter.rewrite(document, with: Array(results.prefix(2))) == text)
    }
}

@Suite("Documentation examples: the session")
struct ExampleSessionTests {
    @Test("Documentation examples: a session runs in a copy of examples/, passes $? on, merges both streams and drops progress-bar lines")
    func session() throws {
        let session = try ExampleSession(root: ExampleLocations.root, binary: try ExampleLocations.binary())
        let bar = "mlp training steps [###...........................] 1/10  0.1s elapsed, ~1s left  batch loss 2.3"
        #expect(try session.run(shell: "echo out; echo err >&2; echo '\(bar)' >&2; exit 3") == ["out", "err"])
        #expect(try session.run(shell: "echo $?") == ["3"])
        #expect(try session.run(shell: "ls examples/model.json; command -v closedform | sed 's|.*/||'") == ["examples/model.json", "closedform"])
        #expect(try session.run(shell: "printf 'no line end'") == ["no line end"])
    }
}
