import Foundation
import InputErrors

/// Joins the shard files of one sweep written by `closedform reproduce … --shard i/n` runs.
enum SweepMerge {
    /// The units of sweep `name` from the shard files in `context.mergeSources`, in unit order; nil when no
    /// source holds a shard file of this sweep (a sweep the shard runs never reached).
    /// - Throws: `InputError` naming the file or the missing shard when the shards disagree (count n,
    ///   fingerprint, units), when a shard is missing, or when a shard is incomplete (with the command that
    ///   resumes it).
    static func units<Result: Codable & Sendable>(_ name: String, count: Int, context: SweepContext) throws -> [Result]? {
        var files: [(shard: ShardSelection, path: String)] = []
        for source in context.mergeSources {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? []
            for file in names.sorted() where file.hasPrefix("shard-") && file.hasSuffix(".\(name).jsonl") {
                let parts = file.dropFirst("shard-".count).dropLast(".\(name).jsonl".count).components(separatedBy: "-of-")
                guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { continue }
                files.append((ShardSelection(index: i, count: n), source + "/" + file))
            }
        }
        guard let first = files.first else { return nil }
        let n = first.shard.count
        if let odd = files.first(where: { $0.shard.count != n }) {
            throw InputError(source: odd.path, field: "shard", reason: "\(odd.shard) does not match \(first.shard) in \(first.path): merge shards of one split")
        }
        var units: [Int: Result] = [:]
        for index in 1...n {
            let shard = ShardSelection(index: index, count: n)
            guard let file = files.first(where: { $0.shard == shard }) else {
                throw InputError(source: "merge", field: "shard \(shard)",
                                 reason: "no file \(shard.fileTag).\(name).jsonl in \(context.mergeSources.joined(separator: ", ")); run that shard first")
            }
            let header = SweepCheckpoint<Result>.Header(sweep: name, units: count, fingerprint: context.fingerprint, shard: shard.description)
            let loaded = try SweepCheckpoint<Result>.load(path: file.path, expecting: header).units
            let expected = (0..<count).filter(shard.contains)
            let missing = expected.filter { loaded[$0] == nil }
            guard missing.isEmpty else {
                throw InputError(source: file.path, field: "units",
                                 reason: "shard \(shard) is incomplete (\(expected.count - missing.count) of \(expected.count) units); re-run it with the same command to resume")
            }
            for unit in expected { units[unit] = loaded[unit] }
        }
        return (0..<count).map { units[$0]! }
    }
}
