import Foundation
import Testing

/// Part 5 of issue 8: one quick experiment run twice with 2 threads and once with 1 thread must write
/// the same bytes. `training-is-clustering` at `--scale quick` is the cheapest experiment with parallel
/// work (about 7 s per run in a debug build on 2 cores). Threads are set by `CLOSEDFORM_THREADS`
/// (`ParallelBlocks`); `SOURCE_DATE_EPOCH=0` fixes any time written into metadata.
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

    /// The run index with what legitimately differs between runs removed: the output directory (each run
    /// has its own) and the wall-clock time of the experiment (`Time: 7.0 s.`), if the index reports it.
    static func normalisedIndex(_ data: Data, directory: URL) -> String {
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: directory.path, with: "DIR")
        return text.replacingOccurrences(of: #" ?Time: [0-9.]+ s\."#, with: "", options: .regularExpression)
    }

    @Test("reproduce training-is-clustering: identical bytes twice with 2 threads and once with 1 thread")
    func reproduceIsDeterministic() throws {
        let fixture = try Fixture()
        var outputs: [(label: String, directory: URL)] = []
        for (label, threads) in [("2 threads, run 1", "2"), ("2 threads, run 2", "2"), ("1 thread", "1")] {
            let directory = fixture.directory.appendingPathComponent("out-\(outputs.count)")
            let run = try fixture.run(["reproduce", Self.experiment, "--out", directory.path, "--scale", "quick"],
                                      environment: ["SOURCE_DATE_EPOCH": "0", "CLOSEDFORM_THREADS": threads])
            try #require(run.status == 0, "\(label): status \(run.status): \(run.standardError.suffix(500))")
            outputs.append((label, directory))
        }
        let reference = try Self.files(under: outputs[0].directory.appendingPathComponent(Self.experiment))
        #expect(reference.count >= 4, "the experiment writes its tables: \(reference.keys.sorted())")
        for (label, directory) in outputs.dropFirst() {
            let files = try Self.files(under: directory.appendingPathComponent(Self.experiment))
            #expect(files.keys.sorted() == reference.keys.sorted(), "\(label): files \(files.keys.sorted())")
            for (name, bytes) in reference.sorted(by: { $0.key < $1.key }) {
                #expect(files[name] == bytes, "\(label): \(name) differs from the first run")
            }
        }
        let indexes = try outputs.map { output in
            try FileManager.default.contentsOfDirectory(atPath: output.directory.path).filter { $0.hasSuffix(".md") }.sorted().map {
                Self.normalisedIndex(try Data(contentsOf: output.directory.appendingPathComponent($0)), directory: output.directory)
            }
        }
        #expect(!indexes[0].isEmpty)
        for (index, label) in zip(indexes.dropFirst(), outputs.dropFirst().map(\.label)) {
            #expect(index == indexes[0], "\(label): the index differs beyond the directory and the timing")
        }
    }
}
