import Foundation
import LinearAlgebra
import InputErrors

/// When and where a run happened: the `time` and `machine` fields of a JSON table's `metadata`.
///
/// Only JSON tables carry it; notebooks, Markdown, LaTeX and CSV files do not, so they are identical on
/// every machine. The time follows the reproducible-builds convention: the Unix time in the
/// `SOURCE_DATE_EPOCH` environment variable when it is set, else the wall clock — so with
/// `SOURCE_DATE_EPOCH` set the same command and seed write the same bytes.
public struct RunEnvironment: Sendable, Equatable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var unixTime: Int64
    /// The processor architecture (`uname -m`), e.g. `x86_64`.
    public var architecture: String
    /// Processors the process may use.
    public var processors: Int
    /// The operating system, e.g. `Linux 6.8.0`.
    public var operatingSystem: String
    /// OpenBLAS's kernel set (`BLASKernels.coreName`, e.g. `Haswell`): the last bits of a result depend on it.
    public var blasKernels: String

    public init(unixTime: Int64, architecture: String, processors: Int, operatingSystem: String, blasKernels: String) {
        self.unixTime = unixTime
        self.architecture = architecture
        self.processors = processors
        self.operatingSystem = operatingSystem
        self.blasKernels = blasKernels
    }

    /// The environment of this process; `environment` and `now` are injectable for tests.
    /// - Throws: `InputError` naming `SOURCE_DATE_EPOCH` when it is set but not a non-negative integer.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment,
                               now: Date = Date()) throws -> RunEnvironment {
        RunEnvironment(unixTime: try time(environment: environment, now: now), architecture: machineArchitecture(),
                       processors: ProcessInfo.processInfo.activeProcessorCount, operatingSystem: operatingSystemName(),
                       blasKernels: BLASKernels.coreName)
    }

    /// `SOURCE_DATE_EPOCH` when set, else `now`, in whole seconds.
    static func time(environment: [String: String], now: Date) throws -> Int64 {
        guard let text = environment["SOURCE_DATE_EPOCH"] else { return Int64(now.timeIntervalSince1970.rounded(.down)) }
        guard let seconds = Int64(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            throw InputError(source: "SOURCE_DATE_EPOCH", field: "", reason: "'\(text)' is not a Unix time (a non-negative whole number of seconds)")
        }
        return seconds
    }

    /// The time in ISO 8601, UTC (`2026-11-23T15:52:23Z`).
    public var isoTime: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixTime)))
    }

    private static func machineArchitecture() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &name.machine) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func operatingSystemName() -> String {
        var name = utsname()
        guard uname(&name) == 0 else { return ProcessInfo.processInfo.operatingSystemVersionString }
        let system = withUnsafeBytes(of: &name.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(system) \(release)"
    }
}
