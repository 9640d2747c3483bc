import Foundation

/// A console block and the blocks marked `continues` after it: they share one session (directory).
public struct ExampleChain: Sendable, CustomStringConvertible {
    public let blocks: [ConsoleBlock]

    /// The first block's directive: `slow`, `skip` or none.
    public var directive: ExampleDirective? { blocks[0].directive }

    public var isSlow: Bool {
        if case .slow? = directive { return true }
        return false
    }

    /// The reason it never runs, for a `skip` chain.
    public var skipReason: String? {
        if case .skip(let reason)? = directive { return reason }
        return nil
    }

    public var description: String { blocks[0].description }

    /// The chains of `document`'s console blocks, in order.
    public static func chains(of document: ExampleDocument) throws -> [ExampleChain] {
        var chains: [[ConsoleBlock]] = []
        for block in document.consoleBlocks {
            if block.directive == .continues {
                guard !chains.isEmpty else {
                    throw ExampleError.malformed("\(block): `continues` but no console block comes before it")
                }
                chains[chains.count - 1].append(block)
            } else {
                chains.append([block])
            }
        }
        return chains.map(ExampleChain.init(blocks:))
    }

    /// One command's shown and actual output.
    public struct Result: Sendable {
        public let block: ConsoleBlock
        public let command: ConsoleBlock.Command
        public let actual: [String]

        public init(block: ConsoleBlock, command: ConsoleBlock.Command, actual: [String]) {
            self.block = block
            self.command = command
            self.actual = actual
        }

        public var matches: Bool { OutputPattern.matches(shown: command.expected, actual: actual) }

        /// What a failure says: where, the command, and both outputs.
        public var report: String {
            """
            \(block.document):\(command.line + 1): `$ \(command.shell)` printed
            \(actual.joined(separator: "\n"))
            where the document shows
            \(command.expected.joined(separator: "\n"))
            (an intended change: `bash scripts/refresh-examples.sh` rewrites the shown outputs; review its diff)
            """
        }
    }

    /// Runs every command of the chain in one fresh session.
    public func run(root: URL, binary: URL) throws -> [Result] {
        let session = try ExampleSession(root: root, binary: binary)
        var results: [Result] = []
        for block in blocks {
            for command in block.commands {
                results.append(Result(block: block, command: command, actual: try session.run(command)))
            }
        }
        return results
    }
}
