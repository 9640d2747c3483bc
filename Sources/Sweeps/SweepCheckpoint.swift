import DataFiles
import Foundation
import Synchronization
import InputErrors

/// An append-only JSON-lines file of a sweep's finished units: a header line, then one line per unit.
/// ```
/// {"fingerprint": "…", "format": "closedform-sweep", "shard": "2/4", "sweep": "runs", "units": 210, "version": 1}
/// {"result": …, "unit": 17}
/// ```
/// A unit's line is written with one write(2) and made durable with fsync(2) before the unit counts as
/// done. After SIGINT, SIGTERM, SIGKILL or a power loss the file therefore ends at a line boundary or
/// inside its last line; `open` ignores an unterminated last line (that unit is recomputed) and resumes
/// appending after the last complete line. Lines are written by `JSONValue.encoding` and
/// `printed(expandedLevels: 0)`, doubles in their shortest round-trip form (±∞ and NaN as the strings
/// "Infinity", "-Infinity", "NaN"), so a reloaded unit is bit for bit the computed one.
final class SweepCheckpoint<Result: Codable & Sendable>: Sendable {
    /// The first line.
    struct Header: Codable, Equatable {
        var format = "closedform-sweep"
        var version = 1
        var sweep: String
        var units: Int
        var fingerprint: String
        var shard: String?
    }

    /// One finished unit.
    struct Record: Codable {
        var unit: Int
        var result: Result
    }

    let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating if missing) the checkpoint at `path` for `header`, returning it and the units it holds.
    /// - Throws: `InputError` naming the file when it cannot be opened, when its header belongs to another
    ///   computation (field and both values named), or when a complete line is not a unit of this sweep.
    static func openOrResume(path: String, header: Header) throws -> (checkpoint: SweepCheckpoint, units: [Int: Result]) {
        var (units, validLength) = (([Int: Result]()), 0)
        if FileManager.default.fileExists(atPath: path) {
            (units, validLength) = try load(path: path, expecting: header)
        }
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw InputError(source: path, field: "", reason: "cannot open the checkpoint for writing (\(String(cString: strerror(errno))))")
        }
        // Drop a torn last line, then append after the last complete one.
        guard ftruncate(fd, off_t(validLength)) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw InputError(source: path, field: "", reason: "cannot truncate the checkpoint's torn last line (\(reason))")
        }
        let checkpoint = SweepCheckpoint(path: path, descriptor: fd)
        if validLength == 0 { try checkpoint.append(try line(header)) }
        return (checkpoint, units)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit { descriptor.withLock { _ = close($0) } }

    /// Appends unit `unit` durably (write, then fsync).
    func record(unit: Int, result: Result) throws {
        try append(try Self.line(Record(unit: unit, result: result)))
    }

    private func append(_ line: Data) throws {
        try descriptor.withLock { fd in
            let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(fd) == 0 else {
                throw InputError(source: path, field: "", reason: "cannot append to the checkpoint (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// The units of a checkpoint file and the length of its complete lines.
    /// - Throws: `InputError` as for `open`.
    static func load(path: String, expecting header: Header) throws -> (units: [Int: Result], validLength: Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(source: path, field: "", reason: "cannot read the checkpoint")
        }
        var units: [Int: Result] = [:]
        var start = data.startIndex, lineNumber = 0, validLength = 0
        while let newline = data[start...].firstIndex(of: 0x0A) {
            lineNumber += 1
            let line = data[start..<newline]
            if lineNumber == 1 {
                try check(try? decoder.decode(Header.self, from: line), against: header, path: path)
            } else {
                guard let record = try? decoder.decode(Record.self, from: line), (0..<header.units).contains(record.unit) else {
                    throw InputError(source: path, field: "line \(lineNumber)",
                                     reason: "not a unit of sweep '\(header.sweep)'; delete the file to start this sweep over")
                }
                units[record.unit] = record.result
            }
            start = data.index(after: newline)
            validLength = start - data.startIndex
        }
        return (units, validLength)
    }

    /// Throws unless `found` is `expected`, naming the first field that differs.
    private static func check(_ found: Header?, against expected: Header, path: String) throws {
        guard let found else {
            throw InputError(source: path, field: "line 1", reason: "not a closedform sweep checkpoint header")
        }
        let fields: [(String, String, String)] = [
            ("format", found.format, expected.format), ("version", "\(found.version)", "\(expected.version)"),
            ("sweep", found.sweep, expected.sweep), ("units", "\(found.units)", "\(expected.units)"),
            ("fingerprint", found.fingerprint, expected.fingerprint), ("shard", found.shard ?? "none", expected.shard ?? "none"),
        ]
        if let (name, was, now) = fields.first(where: { $0.1 != $0.2 }) {
            throw InputError(source: path, field: name,
                             reason: "the checkpoint is for \(was), this run is \(now); write to another directory or delete the file")
        }
    }

    /// One line of the file: `value` as one-line JSON, then a newline.
    static func line(_ value: some Encodable) throws -> Data {
        Data((try JSONValue.encoding(value).printed(expandedLevels: 0) + "\n").utf8)
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}
