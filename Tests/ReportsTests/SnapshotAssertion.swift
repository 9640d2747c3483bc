import Foundation
import Testing

/// Compares rendered text with a reviewed snapshot in `Tests/ReportsTests/__Snapshots__/<name>`.
///
/// A missing or different snapshot fails the test. With `CLOSEDFORM_RECORD_SNAPSHOTS=1` the new text is
/// written over the snapshot, and the test still fails: a re-record is a change to review (`git diff`),
/// never a silent pass.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent(name)
    let recorded = try? String(contentsOf: file, encoding: .utf8)
    if recorded == text { return }
    if ProcessInfo.processInfo.environment["CLOSEDFORM_RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("snapshot \(name) re-recorded: review the change with git diff, then run the tests again", sourceLocation: sourceLocation)
        return
    }
    if let recorded {
        let old = recorded.split(separator: "\n", omittingEmptySubsequences: false)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        let was = line < old.count ? String(old[line]) : "<end>"
        let now = line < new.count ? String(new[line]) : "<end>"
        Issue.record("snapshot \(name) differs at line \(line + 1): was \"\(was)\", now \"\(now)\" (CLOSEDFORM_RECORD_SNAPSHOTS=1 re-records)", sourceLocation: sourceLocation)
    } else {
        Issue.record("snapshot \(name) is missing (CLOSEDFORM_RECORD_SNAPSHOTS=1 records it; then review and commit)", sourceLocation: sourceLocation)
    }
}
