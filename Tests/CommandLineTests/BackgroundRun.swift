import Foundation
import Testing

/// A `closedform` process started in the background (for kill-and-resume tests), its output discarded.
final class BackgroundRun {
    let process = Process()

    /// Starts `closedform arguments…` in `directory` with `environment` added to this process's environment
    /// as `Tool.environment(adding:)` does.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        process.executableURL = try #require(Tool.binary, "closedform binary not found next to the test executable")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = Tool.environment(adding: environment)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until `condition` holds (polled every 50 ms) or the process ends; true if it held first.
    func wait(until condition: () -> Bool, timeout: TimeInterval = 600) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    /// Sends `signal` and waits for the end; returns (reason, status or signal number).
    func kill(_ signal: Int32) -> (Process.TerminationReason, Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus)
    }

    /// Waits for the end; returns (reason, status or signal number).
    func finish() -> (Process.TerminationReason, Int32) {
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus)
    }
}
