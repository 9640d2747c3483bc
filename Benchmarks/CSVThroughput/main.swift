// closedform-csv-benchmark: points-file CSV reading and writing throughput on one core.
//
//   swift build -c release --package-path Benchmarks --product closedform-csv-benchmark
//   Benchmarks/.build/release/closedform-csv-benchmark [--rows N (20000)] [--columns n (64)] [--runs R (7)]
//                                                      [--seed S (2024)] [--directory DIR (/tmp)]
//
// The points are N × n draws of 2·N(0, 1) (as Benchmarks/Processes/make_inputs.py writes for the logpdf
// comparison), written by `PointsFile.render` in the shortest round-trip form (about 25 MB at the
// defaults). Each line below is best and median of R runs after one warm-up, as MB/s of CSV text
// (10⁶ bytes), from wall seconds; the CPU seconds of the best run follow (one thread does all the work, so
// CPU ≈ wall on an idle machine, more wall than CPU when other processes compete):
//   parse (memory)   `PointsFile.parse(_:source:)` on the text already in memory (the public entry: it
//                    copies the String's UTF-8 bytes once, then reads numbers in place)
//   parse (file)     `PointsFile.read(path:)`: reading the file, the UTF-8 check, parsing
//   strtod alone     glibc `strtod` run over the same NUL-terminated bytes, one call per number, nothing
//                    else (the peer: what calling the C library directly costs)
//   decimal alone    `DecimalParsing.double(at:)` over the same bytes in the same loop
//   render           `PointsFile.render(_:)`: the matrix to the CSV `String`
//   render + write   `PointsFile.render` then `AtomicFileWriter.write` to DIR (what `closedform` does)
// It checks that the parsed matrix equals the rendered one bit for bit and that the strtod and
// DecimalParsing loops give the same bits.
import ClosedForm
import Dispatch
import Foundation

struct Options {
    var rows = 20_000
    var columns = 64
    var runs = 7
    var seed: UInt64 = 2024
    var directory = "/tmp"

    init(_ arguments: [String]) {
        guard arguments.count % 2 == 0 else { fail("options come as --name value pairs: \(arguments)") }
        for pair in stride(from: 0, to: arguments.count, by: 2) {
            let (name, text) = (arguments[pair], arguments[pair + 1])
            if name == "--directory" { directory = text; continue }
            guard let value = Int(text), value > 0 else { fail("\(name) needs a positive integer, got \(text)") }
            switch name {
            case "--rows": rows = value
            case "--columns": columns = value
            case "--runs": runs = value
            case "--seed": seed = UInt64(value)
            default: fail("unknown option \(name)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("closedform-csv-benchmark: \(message)\n".utf8))
    exit(2)
}

func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Wall and CPU seconds of each of `runs` runs of `body`, after one untimed warm-up.
func measure(runs: Int, _ body: () throws -> Void) rethrows -> (wall: [Double], cpu: [Double]) {
    try body()
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<runs {
        let cpuStart = processCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        cpu.append(processCPUSeconds() - cpuStart)
    }
    return (wall, cpu)
}

func report(_ name: String, bytes: Int, _ timing: (wall: [Double], cpu: [Double])) {
    let sorted = timing.wall.sorted()
    let best = sorted[0], median = sorted[sorted.count / 2]
    let cpuOfBest = timing.cpu[timing.wall.firstIndex(of: best)!]
    let rate = { (seconds: Double) in String(format: "%7.1f", Double(bytes) / seconds / 1e6) }
    print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) best \(rate(best)) MB/s   median \(rate(median)) MB/s"
          + "   (best \(String(format: "%.4f", best)) s wall, \(String(format: "%.4f", cpuOfBest)) s CPU)")
}

/// Sum of the bit patterns of the numbers read by `read` from `text` (NUL-terminated), one number per
/// field: the loop around the parser does nothing but step over the separator.
@inline(never)
func scan(_ text: UnsafePointer<UInt8>, count: Int, read: (UnsafePointer<UInt8>) -> (value: Double, length: Int)) -> UInt64 {
    var position = 0, checksum: UInt64 = 0
    while position < count {
        let (value, length) = read(text + position)
        guard length > 0 else { fail("no number at byte \(position)") }
        checksum = checksum &+ value.bitPattern
        position += length + 1
    }
    return checksum
}

func strtodAlone(_ start: UnsafePointer<UInt8>) -> (value: Double, length: Int) {
    let text = UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self)
    var end: UnsafeMutablePointer<CChar>? = nil
    let value = strtod(text, &end)
    return (value, UnsafeRawPointer(end!) - UnsafeRawPointer(text))
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let stream = RandomStream(seed: options.seed)
var points = Matrix.gaussian(rows: options.rows, columns: options.columns, stream: stream)
for index in points.elements.indices { points.elements[index] *= 2 }
let text = PointsFile.render(points)
let bytes = text.utf8.count
let path = (options.directory as NSString).appendingPathComponent("closedform-csv-benchmark-\(getpid()).csv")
try AtomicFileWriter.write(text, to: path)
defer { unlink(path) }

print("CSV throughput: \(options.rows) × \(options.columns) points of 2·N(0, 1), \(bytes) bytes, best and median of \(options.runs) runs, one thread")
print("load average before: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")

var parsed = Matrix(rows: 0, columns: 0)
report("parse (memory)", bytes: bytes, try measure(runs: options.runs) { parsed = try PointsFile.parse(text, source: "benchmark") })
guard parsed.elements.map(\.bitPattern) == points.elements.map(\.bitPattern) else { fail("parse did not read back the rendered points bit for bit") }
report("parse (file)", bytes: bytes, try measure(runs: options.runs) { parsed = try PointsFile.read(path: path) })
guard parsed.elements.map(\.bitPattern) == points.elements.map(\.bitPattern) else { fail("read did not read back the written points bit for bit") }

var terminated = Array(text.utf8) + [0]
var checksums: [UInt64] = [0, 0]
terminated.withUnsafeBufferPointer { buffer in
    let base = buffer.baseAddress!
    report("strtod alone", bytes: bytes, measure(runs: options.runs) { checksums[0] = scan(base, count: bytes, read: strtodAlone) })
    report("decimal alone", bytes: bytes, measure(runs: options.runs) { checksums[1] = scan(base, count: bytes, read: DecimalParsing.double(at:)) })
}
guard checksums[0] == checksums[1] else { fail("strtod and DecimalParsing disagree") }

var rendered = ""
report("render", bytes: bytes, measure(runs: options.runs) { rendered = PointsFile.render(points) })
guard rendered == text else { fail("render is not deterministic") }
report("render + write", bytes: bytes, try measure(runs: options.runs) { try AtomicFileWriter.write(PointsFile.render(points), to: path) })
print("load average after: \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")
