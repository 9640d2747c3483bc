import Foundation
import Testing
import PropertyBased
import PropertySupport

/// The seed policy of the property tests (Tests/PropertySupport): fixed seeds and the written trial counts by
/// default, random seeds and twice the trials with CLOSEDFORM_LONG_TESTS=1.
@Suite("Property tests: fixed seeds by default, CLOSEDFORM_LONG_TESTS=1 for random seeds and 2× trials")
struct PropertySeedPolicyTests {
    final class Box<T>: @unchecked Sendable {
        var values: [T] = []
    }

    @Test("every property check in Tests/ goes through seededPropertyCheck (no direct propertyCheck calls)")
    func noDirectCalls() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let direct = "await " + "propertyCheck("
        var offenders: [String] = []
        let walker = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
        for case let url as URL in walker where url.pathExtension == "swift" && !url.path.contains("/PropertySupport/") {
            let source = try String(contentsOf: url, encoding: .utf8)
            if source.contains(direct) { offenders.append(url.lastPathComponent) }
        }
        #expect(offenders.isEmpty, "call seededPropertyCheck (import PropertySupport) instead of propertyCheck in \(offenders)")
    }

    @Test("trial counts: as written by default, doubled with CLOSEDFORM_LONG_TESTS=1")
    func counts() {
        #expect(PropertyTrials.count(30) == (PropertyTrials.isLong ? 60 : 30))
        #expect(PropertyTrials.isLong == (ProcessInfo.processInfo.environment["CLOSEDFORM_LONG_TESTS"] == "1"))
    }

    @Test("fixed seeds are a pure function of the label and differ between labels")
    func fixedSeeds() {
        let a = PropertyTrials.fixedSeed(for: "File.swift#test()")
        let b = PropertyTrials.fixedSeed(for: "File.swift#test()")
        let c = PropertyTrials.fixedSeed(for: "File.swift#other()")
        #expect(a == b)
        #expect(a != c)
    }

    @Test("by default two runs of the same check see the same inputs, as many as written",
          .enabled(if: !PropertyTrials.isLong, "random seeds under CLOSEDFORM_LONG_TESTS=1"))
    func reproducible() async {
        let first = Box<Int>(), second = Box<Int>()
        await seededPropertyCheck(count: 25, input: Gen.int(in: 0...1_000_000)) { first.values.append($0) }
        await seededPropertyCheck(count: 25, input: Gen.int(in: 0...1_000_000)) { second.values.append($0) }
        #expect(first.values.count == 25)
        #expect(first.values == second.values)
        #expect(Set(first.values).count > 20)
    }

    @Test("by default a failing check stops at the first failing input",
          .enabled(if: !PropertyTrials.isLong, "random seeds under CLOSEDFORM_LONG_TESTS=1"))
    func stopsAtFirstFailure() async {
        let seen = Box<Int>()
        await withKnownIssue {
            await seededPropertyCheck(count: 10, input: Gen.int(in: 0...9), Gen.int(in: 0...9)) { a, b in
                seen.values.append(a + b)
                #expect(a + b < 0)
            }
        }
        #expect(seen.values.count == 1)
    }
}
