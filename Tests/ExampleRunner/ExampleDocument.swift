import Foundation

/// The examples of one Markdown document (README.md, or a DocC article under `Sources/*/*.docc`).
///
/// A ```` ```console ```` block is a terminal session: each line starting with `$ ` is a command, and the
/// lines after it, up to the next command or the closing fence, are what it prints (standard output and
/// standard error together). A command whose line contains a here-document (`<<EOF` or `<<'EOF'`) takes
/// the following lines up to the delimiter as its input; they are not output.
///
/// One HTML comment line directly above a block's opening fence (invisible when the Markdown is rendered)
/// says how the block is run; see `ExampleDirective`. Blocks of other languages are prose and are not run,
/// except the files of the Swift-package example (`package <path>`).
public struct ExampleDocument: Sendable {
    /// The path relative to the repository root, e.g. `README.md`.
    public let path: String
    /// The document's lines, without their line ends.
    public let lines: [String]
    /// Every console block, in document order.
    public let consoleBlocks: [ConsoleBlock]
    /// The Swift-package example's files (`package <path>` blocks, concatenated per path in document
    /// order) and its output (the `package-output` block), when the document has one.
    public let package: PackageExample?

    public init(path: String, text: String) throws {
        self.path = path
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        var blocks: [ConsoleBlock] = []
        var packageFiles: [(path: String, text: String)] = []
        var packageOutput: (lines: Range<Int>, text: [String])?
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("```") else {
                index += 1
                continue
            }
            let language = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
            guard let closing = lines[(index + 1)...].firstIndex(where: { $0.hasPrefix("```") }) else {
                throw ExampleError.malformed("\(path):\(index + 1): the code block opened here is never closed")
            }
            let body = Array(lines[(index + 1)..<closing])
            let directive = index > 0 ? try ExampleDirective(commentLine: lines[index - 1], location: "\(path):\(index)") : nil
            switch directive {
            case .package(let file)?:
                packageFiles.append((file, body.joined(separator: "\n") + "\n"))
            case .packageOutput?:
                packageOutput = ((index + 1)..<closing, body)
            default:
                if language == "console" {
                    blocks.append(try ConsoleBlock(document: path, firstBodyLine: index + 1, body: body, directive: directive))
                } else if let directive {
                    throw ExampleError.malformed("\(path):\(index): `\(directive)` stands above a ```\(language) block; only console blocks run")
                }
            }
            index = closing + 1
        }
        consoleBlocks = blocks
        if packageFiles.isEmpty && packageOutput == nil {
            package = nil
        } else {
            guard let packageOutput else {
                throw ExampleError.malformed("\(path): the Swift-package example has files but no `<!-- example: package-output -->` block")
            }
            var files: [String: String] = [:]
            for (file, text) in packageFiles { files[file, default: ""] += text }
            package = PackageExample(files: files, output: packageOutput.text, outputLines: packageOutput.lines)
        }
    }

    /// Reads `path` (relative to `root`).
    public init(root: URL, path: String) throws {
        try self.init(path: path, text: String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }

    /// README.md and every Markdown article of the DocC catalogues (`Sources/*/*.docc/**/*.md`), as paths
    /// relative to `root`, sorted.
    public static func paths(root: URL) -> [String] {
        var paths = ["README.md"]
        let sources = root.appendingPathComponent("Sources")
        let fileManager = FileManager.default
        for module in (try? fileManager.contentsOfDirectory(atPath: sources.path)) ?? [] {
            for catalogue in (try? fileManager.contentsOfDirectory(atPath: sources.appendingPathComponent(module).path)) ?? []
            where catalogue.hasSuffix(".docc") {
                let base = "Sources/\(module)/\(catalogue)"
                let files = fileManager.enumerator(atPath: root.appendingPathComponent(base).path)?.compactMap { $0 as? String } ?? []
                paths += files.filter { $0.hasSuffix(".md") }.map { "\(base)/\($0)" }
            }
        }
        return paths.sorted()
    }
}

/// What the comment line above a block says: `<!-- example: DIRECTIVE -->`.
///
/// - `slow: REASON` — run only when `CLOSEDFORM_LONG_TESTS=1` (and by the refresh script).
/// - `skip: REASON` — never run (the reason says why; e.g. it needs a program the tests do not have).
/// - `continues` — run in the directory the previous console block of the document left behind (it
///   reads that block's files), and only when that block runs.
/// - `package PATH` — this block is the file PATH of the Swift-package example (several blocks with the
///   same PATH are concatenated).
/// - `package-output` — this block is what the Swift-package example prints.
public enum ExampleDirective: Sendable, Equatable, CustomStringConvertible {
    case slow(reason: String)
    case skip(reason: String)
    case continues
    case package(file: String)
    case packageOutput

    /// Parses `line`; nil when it is not an `<!-- example: … -->` comment. Throws for a malformed one.
    init?(commentLine line: String, location: String) throws {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("<!-- example:"), trimmed.hasSuffix("-->") else { return nil }
        let content = trimmed.dropFirst("<!-- example:".count).dropLast("-->".count).trimmingCharacters(in: .whitespaces)
        let word = content.prefix { $0.isLetter || $0 == "-" }
        let rest = content.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        let reason = rest.hasPrefix(":") ? rest.dropFirst().trimmingCharacters(in: .whitespaces) : rest
        switch word {
        case "slow" where !reason.isEmpty: self = .slow(reason: reason)
        case "skip" where !reason.isEmpty: self = .skip(reason: reason)
        case "continues" where reason.isEmpty: self = .continues
        case "package" where !rest.isEmpty: self = .package(file: rest)
        case "package-output" where rest.isEmpty: self = .packageOutput
        default:
            throw ExampleError.malformed(
                "\(location): '\(trimmed)' is not an example directive (slow: REASON, skip: REASON, continues, package PATH, package-output)")
        }
    }

    public var description: String {
        switch self {
        case .slow(let reason): "<!-- example: slow: \(reason) -->"
        case .skip(let reason): "<!-- example: skip: \(reason) -->"
        case .continues: "<!-- example: continues -->"
        case .package(let file): "<!-- example: package \(file) -->"
        case .packageOutput: "<!-- example: package-output -->"
        }
    }
}

/// One ```` ```console ```` block: its commands and what each is shown to print.
public struct ConsoleBlock: Sendable, CustomStringConvertible {
    /// One `$ ` line (with its here-document, if any) and the output lines shown after it.
    public struct Command: Sendable {
        /// The shell text after `$ `, here-document lines included (joined by line ends).
        public let shell: String
        /// The 0-based document line of the `$ ` line.
        public let line: Int
        /// The 0-based document lines holding the shown output (possibly empty).
        public let outputLines: Range<Int>
        /// The shown output.
        public let expected: [String]
    }

    public let document: String
    /// The 0-based document line of the opening fence.
    public let fenceLine: Int
    public let commands: [Command]
    public let directive: ExampleDirective?

    init(document: String, firstBodyLine: Int, body: [String], directive: ExampleDirective?) throws {
        self.document = document
        self.fenceLine = firstBodyLine - 1
        self.directive = directive
        var commands: [Command] = []
        var index = 0
        while index < body.count {
            let line = body[index]
            guard line.hasPrefix("$ ") else {
                throw ExampleError.malformed("\(document):\(firstBodyLine + index + 1): output before the first `$ ` command of the block")
            }
            var shell = String(line.dropFirst(2))
            let commandLine = firstBodyLine + index
            index += 1
            if let delimiter = ConsoleBlock.hereDocumentDelimiter(in: shell) {
                guard let end = body[index...].firstIndex(of: delimiter) else {
                    throw ExampleError.malformed("\(document):\(commandLine + 1): the here-document never reaches its delimiter \(delimiter)")
                }
                shell += "\n" + body[index...end].joined(separator: "\n")
                index = end + 1
            }
            let outputStart = index
            while index < body.count && !body[index].hasPrefix("$ ") { index += 1 }
            commands.append(Command(shell: shell, line: commandLine,
                                    outputLines: (firstBodyLine + outputStart)..<(firstBodyLine + index),
                                    expected: Array(body[outputStart..<index])))
        }
        self.commands = commands
    }

    /// The delimiter word of a here-document (`<<EOF`, `<<'EOF'`, `<< "EOF"`), or nil.
    static func hereDocumentDelimiter(in shell: String) -> String? {
        guard let range = shell.range(of: "<<") else { return nil }
        let word = shell[range.upperBound...].drop { $0 == " " }
        let unquoted = word.drop { $0 == "'" || $0 == "\"" }
        let delimiter = unquoted.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return delimiter.isEmpty ? nil : String(delimiter)
    }

    /// `README.md:123` (1-based line of the opening fence).
    public var description: String { "\(document):\(fenceLine + 1)" }
}

/// The Swift-package example: files of a package that depends on this one, and its shown output.
public struct PackageExample: Sendable {
    /// File text by path inside the package (`Package.swift`, `Sources/MyCheck/main.swift`).
    public let files: [String: String]
    /// The lines the built executable prints.
    public let output: [String]
    /// The 0-based document lines holding `output`.
    public let outputLines: Range<Int>
}

public enum ExampleError: Error, CustomStringConvertible {
    case malformed(String)
    case failed(String)

    public var description: String {
        switch self {
        case .malformed(let message), .failed(let message): message
        }
    }
}
