import Foundation
import Testing
import LinearAlgebra
import InputErrors
import RandomStreams

/// The fuzzing harness of the input readers: a seeded source of hostile byte strings and the one check
/// every reader must pass on each of them.
///
/// Budget: by default (and in CI) a fixed seed and a fixed number of cases per test, a few seconds in a
/// debug build. `CLOSEDFORM_FUZZ_SECONDS=N` runs each fuzz test for N seconds on fresh random seeds
/// (printed on failure); `CLOSEDFORM_LONG_TESTS=1` alone means 30 seconds each.
enum Fuzz {
    /// The environment variable that sets the on-demand duration.
    static let secondsVariable = "CLOSEDFORM_FUZZ_SECONDS"
    /// The fixed seed of the default run.
    static let fixedSeed: UInt64 = 0x4655_5A5A  // "FUZZ"

    /// The on-demand duration, or nil for the default fixed run.
    static var demandedSeconds: Double? {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment[secondsVariable], let seconds = Double(text), seconds > 0 { return seconds }
        return environment["CLOSEDFORM_LONG_TESTS"] == "1" ? 30 : nil
    }

    /// Runs `body(stream, caseIndex)` for `count` cases from the fixed seed, or, on demand, for the
    /// demanded time over random seeds. Every failure names its seed and case.
    static func run(count: Int, _ body: (RandomStream, Int) throws -> Void) rethrows {
        guard let seconds = demandedSeconds else {
            let stream = RandomStream(seed: fixedSeed)
            for index in 0..<count { try body(stream, index) }
            return
        }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let seed = UInt64.random(in: 0...UInt64.max)
            let stream = RandomStream(seed: seed)
            print("fuzz: seed \(seed)")
            for index in 0..<count { try body(stream, index) }
        }
    }

    // MARK: Inputs

    /// `count` uniformly random bytes.
    static func randomBytes(_ stream: RandomStream, count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(stream.integer(below: 256)) }
    }

    /// Text fragments that readers must refuse or take in their stride.
    static let hostileFragments = [
        "NaN", "nan", "Infinity", "-Infinity", "inf", "\"NaN\"", "1e400", "-1e400", "1e-400", "1e308",
        String(repeating: "9", count: 300), ",", ",,", "]", "[", "{", "}", "\"", ":", "\\", "\\u", "\\uD800",
        "\u{FEFF}", "\r\n", "\r", "\0", "\u{2028}", "-", "0x1p3", "+1", ".5", "01", "1.", "true", "null", "é",
    ]

    /// `bytes` with one random edit: a digit, bracket or quote flipped, a byte deleted, duplicated or
    /// inserted, or a hostile fragment inserted.
    static func mutate(_ bytes: [UInt8], _ stream: RandomStream) -> [UInt8] {
        var result = bytes
        guard !result.isEmpty else { return Array(hostileFragments[stream.integer(below: hostileFragments.count)].utf8) }
        let at = stream.integer(below: result.count)
        switch stream.integer(below: 7) {
        case 0:  // digit flip
            if let digit = result[at...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                result[digit] = [UInt8(ascii: "0") + UInt8(stream.integer(below: 10)), UInt8(ascii: "-"), UInt8(ascii: "e"), UInt8(ascii: ".")][stream.integer(below: 4)]
            }
        case 1:  // bracket flip
            let brackets = Array("[]{}".utf8)
            if let index = result[at...].firstIndex(where: { brackets.contains($0) }) {
                result[index] = brackets[stream.integer(below: brackets.count)]
            }
        case 2:  // quote removed or added
            if let index = result[at...].firstIndex(of: UInt8(ascii: "\"")) { result.remove(at: index) } else { result.insert(UInt8(ascii: "\""), at: at) }
        case 3: result.remove(at: at)
        case 4: result.insert(result[at], at: at)
        case 5: result.insert(UInt8(stream.integer(below: 256)), at: at)
        default: result.insert(contentsOf: Array(hostileFragments[stream.integer(below: hostileFragments.count)].utf8), at: at)
        }
        return result
    }

    // MARK: The check

    /// Runs `read` on `input` and returns a description of what went wrong, or nil when the reader either
    /// succeeded (and `accept` agrees with the value) or threw an `InputError` whose description is one
    /// non-empty line of at most 600 characters. Any other error is a failure. (No time limit per case:
    /// a wall-clock bound depends on the machine's load; a true hang stops the test run.)
    static func failure<T>(_ input: [UInt8], label: String, read: ([UInt8]) throws -> T, accept: (T) -> String? = { _ in nil }) -> String? {
        do {
            let value = try read(input)
            return accept(value).map { "\(label): accepted \(excerpt(input)) but \($0)" }
        } catch let error as InputError {
            let line = error.description
            if line.isEmpty || line.count > 600 || line.unicodeScalars.contains(where: isLineBreak) {
                return "\(label): message is not one short line: \(line.debugDescription.prefix(700))"
            }
            if error.reason.isEmpty { return "\(label): empty reason in \(line)" }
            return nil
        } catch {
            return "\(label): threw \(type(of: error)) (not InputError): \(error) on \(excerpt(input))"
        }
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    /// The first bytes of an input, escaped, for a failure message.
    static func excerpt(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription + (bytes.count > 120 ? "… (\(bytes.count) bytes)" : "")
    }
}
