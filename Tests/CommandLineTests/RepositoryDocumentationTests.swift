import Foundation
import Testing

/// The repository documents itself: every relative link in README.md, docs/ and proofs/ resolves (file and
/// heading anchor), no file points outside the repository, and the README's module graph is the one
/// `scripts/module-graph.py` generates from Package.swift.
@Suite("Repository documentation: links resolve, nothing outside the repository, module graph current")
struct RepositoryDocumentationTests {
    /// The repository root: three levels above this file (Tests/CommandLineTests/<file>).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: - Markdown

    /// README.md and every `.md` file under docs/ and proofs/.
    static func documentationFiles() throws -> [URL] {
        var files = [root.appendingPathComponent("README.md")]
        for folder in ["docs", "proofs"] {
            let directory = root.appendingPathComponent(folder)
            let walker = try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
            for case let url as URL in walker where url.pathExtension == "md" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The lines of `text` outside fenced code blocks (```), with inline code spans removed.
    static func proseLines(_ text: String) -> [String] {
        var lines: [String] = [], fenced = false
        for line in text.components(separatedBy: "\n") {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { fenced.toggle(); continue }
            if fenced { continue }
            lines.append(line.replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression))
        }
        return lines
    }

    /// The targets of inline links `[text](target)` and images, minus absolute URLs.
    static func relativeLinks(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        var links: [String] = []
        for line in proseLines(text) {
            let range = NSRange(line.startIndex..., in: line)
            for match in pattern.matches(in: line, range: range) {
                let target = String(line[Range(match.range(at: 1), in: line)!])
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                links.append(target)
            }
        }
        return links
    }

    /// GitHub's anchor for a heading: lower case, every character that is not a letter, mark, digit,
    /// underscore, space or hyphen dropped, spaces turned into hyphens (inline code keeps its text).
    static func slug(_ heading: String) -> String {
        var slug = ""
        for scalar in heading.replacingOccurrences(of: "`", with: "").lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark,
                 .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
                slug.unicodeScalars.append(scalar)
            default:
                if scalar == " " { slug.append("-") } else if scalar == "-" { slug.append("-") }
            }
        }
        return slug
    }

    /// The anchors of a Markdown file's headings; a repeated slug gets `-1`, `-2`, … as on GitHub.
    static func anchors(of text: String) -> Set<String> {
        var counts: [String: Int] = [:], anchors = Set<String>()
        for line in proseLines(text) where line.hasPrefix("#") {
            let heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            let base = slug(heading)
            let seen = counts[base, default: 0]
            anchors.insert(seen == 0 ? base : "\(base)-\(seen)")
            counts[base] = seen + 1
        }
        return anchors
    }

    @Test("slugs follow GitHub's rule: punctuation dropped, spaces to hyphens, letters kept")
    func gitHubSlugs() {
        #expect(Self.slug("1. Mixtures of low-rank Gaussians and subspace clustering — [C], [D]")
                == "1-mixtures-of-low-rank-gaussians-and-subspace-clustering--c-d")
        #expect(Self.slug("score — ∇ log p_t at each point") == "score---log-p_t-at-each-point")  // ∇ is a math symbol: dropped
        #expect(Self.slug("Using `ClosedForm` from another Swift package") == "using-closedform-from-another-swift-package")
        #expect(Self.anchors(of: "# A\n## A\n```\n# not a heading\n```\n") == ["a", "a-1"])
    }

    @Test("every relative link in README.md, docs/ and proofs/ names an existing file and heading")
    func relativeLinksResolve() throws {
        let files = try Self.documentationFiles()
        #expect(files.contains { $0.path.hasSuffix("docs/theory.md") } && files.contains { $0.path.hasSuffix("docs/architecture.md") })
        var checked = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.path.replacingOccurrences(of: Self.root.path + "/", with: "")
            for link in Self.relativeLinks(in: text) {
                checked += 1
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let path = parts[0].removingPercentEncoding ?? parts[0]
                let target = path.isEmpty ? file : file.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    Issue.record("\(name): link (\(link)): \(target.path) does not exist")
                    continue
                }
                guard target.standardizedFileURL.path.hasPrefix(Self.root.standardizedFileURL.path + "/") else {
                    Issue.record("\(name): link (\(link)) leaves the repository")
                    continue
                }
                if parts.count == 2, target.pathExtension == "md" {
                    let anchors = Self.anchors(of: try String(contentsOf: target, encoding: .utf8))
                    #expect(anchors.contains(parts[1]), "\(name): link (\(link)): no heading with anchor #\(parts[1]) in \(target.lastPathComponent)")
                }
            }
        }
        #expect(checked > 100, "only \(checked) links found: is the link pattern still right?")
    }

    // MARK: - Nothing outside the repository

    /// The repository's text files (by extension), outside hidden folders: `.git`, build folders (`.build`,
    /// `.build-NAME`) and editor folders are skipped, `.ci` is kept.
    static func repositoryTextFiles() throws -> [URL] {
        let walker = try #require(FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isDirectoryKey], options: []))
        var files: [URL] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if (try url.resourceValues(forKeys: [.isDirectoryKey])).isDirectory == true {
                if name.hasPrefix(".") && name != ".ci" { walker.skipDescendants() }
                continue
            }
            if ["md", "swift", "sh", "py", "json", "csv", "ipynb", "txt", "h", "modulemap", "toml", "tex", "svg", ""]
                .contains(url.pathExtension) || name == "run" {
                files.append(url)
            }
        }
        return files
    }

    @Test("no file refers to the specification folder or to files beside the repository")
    func noReferenceOutsideTheRepository() throws {
        // Built from parts, so that this file does not match itself.
        let forbidden = ["shared" + "/", "THE" + "ORY", "DES" + "IGN.md"]
        let files = try Self.repositoryTextFiles()
        #expect(files.count > 100, "only \(files.count) files scanned")
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for word in forbidden where text.contains(word) {
                let line = text.components(separatedBy: "\n").firstIndex { $0.contains(word) }.map { $0 + 1 } ?? 0
                Issue.record("\(file.path.replacingOccurrences(of: Self.root.path + "/", with: "")):\(line): refers to '\(word)'")
            }
        }
    }

    // MARK: - Module graph

    @Test("the README's module graph is the one scripts/module-graph.py generates from Package.swift")
    func moduleGraphIsCurrent() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "scripts/module-graph.py", "--check"]
        process.currentDirectoryURL = Self.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 scripts/module-graph.py --check: \(text)")
    }
}
