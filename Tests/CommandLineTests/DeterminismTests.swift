import Foundation
import Testing

/// Part 5 of issue 8: one quick experiment run twice with 2 threads and once with 1 thread must write
/// the same bytes. `training-is-clustering` at `--scale quick` is the cheapest experiment with parallel
/// work (about 7 s per run in a debug build on 2 cores). Threads are set by `CLOSEDFORM_THREADS`
/// (`ParallelBlocks`); `SOURCE_DATE_EPOCH=0` fixes the time written into JSON metadata. Every file is
/// compared, the index included.
@Suite("closedform: determinism across runs and thread counts")
struct DeterminismTests {
    static let experiment = "training-is-clustering"

    /// Every file under `directory`, by path relative to it, with its bytes.
    static func files(under directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let root = directory.resolvingSymlinksInPath().path
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.resolvingSymlinksInPath().path
            result[String(path.dropFirst(root.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }

    @Test("reproduce training-is-clustering: identical bytes twice with 2 threads and once with 1 thread")
    func reproduceIsDeterministic() throws {
        let fixture = try Fixture()
        var outputs: [(label: String, directory: URL)] = []
        // The same command line in three working directories: every file carries the command (with its
        // --out), so the runs must use the same --out to be byte-identical.
        for (label, threads) in [("2 threads, run 1", "2"), ("2 threads, run 2", "2"), ("1 thread", "1")] {
            let workingDirectory = fixture.directory.appendingPathComponent("run-\(outputs.count)")
            try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
            let run = try Tool.run(["reproduce", Self.experiment, "--out", "out", "--scale", "quick"], in: workingDirectory,
                                   environment: ["SOURCE_DATE_EPOCH": "0", "CLOSEDFORM_THREADS": threads])
            try #require(run.status == 0, "\(label): status \(run.status): \(run.standardError.suffix(500))")
            outputs.append((label, workingDirectory.appendingPathComponent("out")))
        }
        let reference = try Self.files(under: outputs[0].directory)
        #expect(reference.count >= 5 && reference.keys.contains("index-\(Self.experiment).md"), "tables and index: \(reference.keys.sorted())")
        for (label, directory) in outputs.dropFirst() {
            let files = try Self.files(under: directory)
            #expect(files.keys.sorted() == reference.keys.sorted(), "\(label): files \(files.keys.sorted())")
            for (name, bytes) in reference.sorted(by: { $0.key < $1.key }) {
                #expect(files[name] == bytes, "\(label): \(name) differs from the first run")
            }
        }
    }
}
