import DataFiles
import Foundation
import InputErrors
import Reports
import Theorems

/// `closedform report DIR`: one self-contained LaTeX article, DIR/report.tex, from a `reproduce` output
/// directory. It reads DIR/index.md (which `reproduce` writes) and, per experiment in its order:
/// the title; the claims checked, each with its title, citation and statement (`TheoremRegistry`); the
/// tables through `\input` (each fits the page, `Table.latex`); the pgfplots figures in `figure` floats
/// captioned as in the index; the findings (the index's lines on the tables and figures); and the
/// provenance (the command, seed and version that wrote the directory, which every file repeats).
public enum ReportDocument {
    /// The preamble: the tables' packages and pgfplots.
    public static let preamble = "\\documentclass[10pt]{article}\n\(Table.latexPreamble)\n\\usepackage{pgfplots}\\pgfplotsset{compat=1.17}\n"

    /// One experiment's section as read from index.md.
    struct Section {
        var name: String
        var title = ""
        var claims: [String] = []
        var findings: [String] = []
        /// Figure captions by the figure's path without extension (`exp/name`).
        var figureCaptions: [String: String] = [:]
        /// The files, in the index's order, as paths relative to DIR.
        var files: [String] = []
    }

    /// Writes DIR/report.tex and returns its path.
    /// - Throws: `InputError` naming DIR when it has no index.md (not a `reproduce` output directory).
    @discardableResult
    public static func write(directory: String) throws -> String {
        // `reproduce all` writes index.md, `reproduce <experiment>` index-<experiment>.md.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0 == "index.md" || $0.hasPrefix("index-") && $0.hasSuffix(".md") }.sorted()
        let indexes = (names.contains("index.md") ? ["index.md"] : names).compactMap { name in
            FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)).flatMap { String(data: $0, encoding: .utf8) }
        }
        guard !indexes.isEmpty else {
            throw InputError(source: directory, field: "index.md", reason: "missing or unreadable; give a directory written by `closedform reproduce`")
        }
        let index = indexes.joined(separator: "\n")
        let (provenance, sections) = parse(index)
        let path = (directory as NSString).appendingPathComponent("report.tex")
        try AtomicFileWriter.write(document(provenance: provenance, sections: sections), to: path)
        return path
    }

    /// The provenance paragraph and the sections of index.md.
    static func parse(_ index: String) -> (provenance: String, sections: [Section]) {
        var provenance = "", sections: [Section] = []
        for line in index.components(separatedBy: "\n") {
            if line.hasPrefix("# ") {
                continue
            } else if line.hasPrefix("## ") {
                sections.append(Section(name: String(line.dropFirst(3))))
            } else if sections.isEmpty {
                if line.hasPrefix("Written by") { provenance = line }
            } else if line.hasPrefix("Claims: ") {
                sections[sections.count - 1].claims = backticked(line.components(separatedBy: ". Files in").first ?? line)
            } else if line.hasPrefix("Files: ") {
                sections[sections.count - 1].files = linkTargets(line)
            } else if line.hasPrefix("- Figure: ") {
                let body = String(line.dropFirst("- Figure: ".count))
                let description = body.prefix { $0 != "[" }.trimmingCharacters(in: CharacterSet(charactersIn: " :"))
                for (text, target) in links(body) {
                    let key = String(target.dropLast(".svg".count))
                    sections[sections.count - 1].figureCaptions[key] = description.isEmpty ? text : text == "" ? description : "\(description): \(text)"
                }
            } else if line.hasPrefix("- ") || line.hasPrefix("  - ") {
                sections[sections.count - 1].findings.append(plain(line.trimmingCharacters(in: .whitespaces).dropFirst(2)))
            } else if !line.isEmpty, sections[sections.count - 1].title.isEmpty {
                sections[sections.count - 1].title = line
            }
        }
        return (provenance, sections)
    }

    /// The article.
    static func document(provenance: String, sections: [Section]) -> String {
        var text = "% Written by `closedform report`; compile with pdflatex in this directory.\n" + preamble
        text += "\\title{ClosedForm: reproduced experiments}\n\\date{}\n\\begin{document}\n\\maketitle\n"
        // The command names the output directory, which can be a long path without spaces: let it break after
        // every slash, and set the paragraph ragged so that a break does not stretch the line.
        let provenanceText = LaTeXEscaping.escapeWithScripts(plain(Substring(provenance))).replacingOccurrences(of: "/", with: "/\\allowbreak{}")
        text += "{\\raggedright\\noindent " + provenanceText + "\\par}\n\n"
        for section in sections {
            text += "\\clearpage\n\\section{\(LaTeXEscaping.escape(section.name))}\n"
            if !section.title.isEmpty { text += LaTeXEscaping.escapeWithScripts(section.title) + "\n\n" }
            if !section.claims.isEmpty {
                text += "\\subsection*{Claims}\n\\begin{itemize}\n"
                for key in section.claims {
                    let item = "\\texttt{\(LaTeXEscaping.escape(key))}"
                    if let theorem = try? TheoremRegistry.theorem(key) {
                        text += "\\item \(item) \(LaTeXEscaping.escapeWithScripts(theorem.citation)), \(LaTeXEscaping.escapeWithScripts(theorem.title)): \(LaTeXEscaping.escapeWithScripts(theorem.statement))\n"
                    } else {
                        text += "\\item \(item) (a check of this repository; see proofs/)\n"
                    }
                }
                text += "\\end{itemize}\n"
            }
            let tables = section.files.filter { $0.hasSuffix(".tex") && !$0.hasSuffix(".pgf.tex") }
            let figures = section.files.filter { $0.hasSuffix(".pgf.tex") }
            if !tables.isEmpty || !figures.isEmpty { text += "\\subsection*{Tables and figures}\n" }
            for table in tables { text += "\\input{\(table)}\n" }
            for figure in figures {
                let key = String(figure.dropLast(".pgf.tex".count))
                let caption = section.figureCaptions[key] ?? (key as NSString).lastPathComponent
                text += "\\begin{figure}[tbp]\n\\centering\n\\input{\(figure)}\n\\caption{\(LaTeXEscaping.escapeWithScripts(Table.sentence(caption.prefix(1).uppercased() + caption.dropFirst())))}\n\\end{figure}\n"
            }
            if !section.findings.isEmpty {
                text += "\\subsection*{Findings}\n\\begin{itemize}\n"
                text += section.findings.map { "\\item \(LaTeXEscaping.escapeWithScripts($0))\n" }.joined()
                text += "\\end{itemize}\n"
            }
            text += "\\subsection*{Provenance}\nEvery file of this section, in \\texttt{\(LaTeXEscaping.escape(section.name))/}, was written by the run above; each repeats its command, seed and version in its first lines.\n"
        }
        return text + "\\end{document}\n"
    }

    /// The `…` spans of a line.
    static func backticked(_ line: String) -> [String] {
        line.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    /// The (text, target) of each Markdown link `[text](target)` in a line.
    static func links(_ line: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "["), let middle = rest[open...].range(of: "]("),
              let close = rest[middle.upperBound...].firstIndex(of: ")") {
            result.append((String(rest[rest.index(after: open)..<middle.lowerBound]), String(rest[middle.upperBound..<close])))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    /// The link targets of a line.
    static func linkTargets(_ line: String) -> [String] { links(line).map(\.1) }

    /// Markdown reduced to text: links to their text, backticks dropped.
    static func plain(_ text: Substring) -> String {
        var result = String(text)
        for (linkText, target) in links(result) { result = result.replacingOccurrences(of: "[\(linkText)](\(target))", with: linkText) }
        return result.replacingOccurrences(of: "`", with: "")
    }

    /// The outcome of compiling report.tex.
    public enum Compilation: Sendable {
        case compiled(pdf: String)
        case pdflatexMissing
        case failed(log: String)
    }

    /// Compiles DIR/report.tex with pdflatex (twice, so that longtable widths settle), when pdflatex is on PATH.
    public static func compile(directory: String) throws -> Compilation {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        guard let pdflatex = paths.map({ "\($0)/pdflatex" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .pdflatexMissing
        }
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: pdflatex)
            process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "report.tex"]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                let log = (try? String(contentsOfFile: (directory as NSString).appendingPathComponent("report.log"), encoding: .utf8)) ?? ""
                return .failed(log: String(log.suffix(1500)))
            }
        }
        return .compiled(pdf: (directory as NSString).appendingPathComponent("report.pdf"))
    }
}
