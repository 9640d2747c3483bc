import Foundation
import Testing
import PropertyBased
import Hashes

/// Trial counts and seeds of the property tests (every `seededPropertyCheck` call in Tests/).
///
/// By default — and in CI — each property check draws its inputs from a FIXED seed (derived from the test's
/// file and function name, so it does not move when lines are edited) and runs the trial count written at
/// the call: the inputs are the same on every run and a failure reproduces exactly.
///
/// `CLOSEDFORM_LONG_TESTS=1 swift test` is the longer randomised run: every check gets a fresh random seed
/// and twice the trials, through PropertyBased's own `propertyCheck`, which prints the input and a
/// `.fixedSeed("…")` trait on failure. To replay such a failure, add that trait to the `@Test` and rerun
/// (any run): a test carrying `.fixedSeed` always goes through the library, which then replays the one
/// failing input (and, by design, records an issue even when it passes — remove the trait afterwards).
/// The same variable also enables the tests too slow for a debug run (`.enabled(if: PropertyTrials.isLong …)`,
/// e.g. the default-size MLP training).
public enum PropertyTrials {
    /// The environment variable that selects the long randomised run (value `1`).
    public static let environmentVariable = "CLOSEDFORM_LONG_TESTS"

    /// True when `CLOSEDFORM_LONG_TESTS=1`.
    public static let isLong: Bool = ProcessInfo.processInfo.environment[environmentVariable] == "1"

    /// The trial count for a call written with `count`: `count`, or `2 × count` in the long run.
    public static func count(_ count: Int) -> Int { isLong ? 2 * count : count }

    /// The fixed base seed of the default run. Changing it changes every default-run input.
    public static let baseSeed: UInt64 = 0x436C_6F73_6564_466F  // "ClosedFo"

    /// The fixed Xoshiro state for a label: FNV-1a of the UTF-8 bytes (deterministic across processes,
    /// unlike `Hasher`), mixed with `baseSeed` and expanded by SplitMix64.
    public static func fixedSeed(for label: String) -> (UInt64, UInt64, UInt64, UInt64) {
        var generator = SplitMix64(state: FNV1a.hash(label.utf8) ^ baseSeed)
        return (generator.next(), generator.next(), generator.next(), generator.next())
    }

    /// True when the running test carries PropertyBased's `.fixedSeed(…)` trait.
    static var currentTestHasFixedSeedTrait: Bool {
        Test.current?.traits.contains { $0 is FixedSeedTrait } ?? false
    }
}

/// Counts the failures recorded while it runs a body (shared with the issue handler).
private final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

func runIsolated(_ closure: () async throws -> Void, in isolation: isolated (any Actor)?) async throws {
    try await closure()
}

/// Runs `perform` once, appends `note` to every issue it records and returns how many are failures (not
/// warnings); a thrown error is recorded as an issue by the handler's scope.
private func countFailures(test: Test, note: Comment, isolation: isolated (any Actor)?,
                           perform: () async throws -> Void) async -> Int {
    let failures = FailureCount()
    let handler = IssueHandlingTrait.compactMapIssues { issue in
        var issue = issue
        if issue.severity != .warning { failures.increment() }
        issue.comments.append(note)
        return issue
    }
    nonisolated(unsafe) let closure = perform
    try? await handler.provideScope(for: test, testCase: Test.Case.current) {
        try await runIsolated(closure, in: isolation)
    }
    return failures.value
}

/// `propertyCheck` with the project's seed policy (see `PropertyTrials`): `count` trials from a fixed seed by
/// default; with `CLOSEDFORM_LONG_TESTS=1` (or a `.fixedSeed` trait on the test) PropertyBased's
/// `propertyCheck` with `PropertyTrials.count(count)` trials and random seeds.
///
/// In the fixed run the trials stop at the first failing input, and every issue of that trial carries the
/// input and the trial number as a comment. There is no shrinking.
public func seededPropertyCheck<InputValue, ResultValue>(
    count: Int,
    input: Generator<ResultValue, some Sequence<InputValue>>,
    perform body: (ResultValue) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    if PropertyTrials.isLong || PropertyTrials.currentTestHasFixedSeedTrait {
        await propertyCheck(count: PropertyTrials.count(count), input: input, perform: body,
                            isolation: isolation, sourceLocation: sourceLocation)
        return
    }
    guard let test = Test.current else {
        preconditionFailure("seededPropertyCheck must be called from within a Test.")
    }
    precondition(count >= 0, "count must be a non-negative number")
    let label = "\(sourceLocation.fileID)#\(test.name)"
    var rng = Xoshiro(seed: PropertyTrials.fixedSeed(for: label))
    for trial in 0..<count {
        let value: ResultValue
        do {
            value = try input.run(using: &rng, limit: 10_000)
        } catch {
            Issue.record("\(error) (fixed seed, trial \(trial + 1) of \(count))", sourceLocation: sourceLocation)
            return
        }
        let note = Comment(rawValue: "Input \(String(describingForTest: value)): trial \(trial + 1) of \(count) from "
            + "the fixed seed of \(label); CLOSEDFORM_LONG_TESTS=1 runs random seeds.")
        let failures = await countFailures(test: test, note: note, isolation: isolation) { try await body(value) }
        if failures > 0 { return }
    }
}

// Several generators, as PropertyBased's `propertyCheck(count:input:_:…perform:)` overloads.

public func seededPropertyCheck<InA, InB, OutA, OutB>(
    count: Int,
    input g0: Generator<OutA, some Sequence<InA>>, _ g1: Generator<OutB, some Sequence<InB>>,
    perform body: (OutA, OutB) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(count: count, input: zip(g0, g1), perform: { try await body($0.0, $0.1) },
                              isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, OutA, OutB, OutC>(
    count: Int,
    input g0: Generator<OutA, some Sequence<InA>>, _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>,
    perform body: (OutA, OutB, OutC) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(count: count, input: zip(g0, g1, g2), perform: { try await body($0.0, $0.1, $0.2) },
                              isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, InD, OutA, OutB, OutC, OutD>(
    count: Int,
    input g0: Generator<OutA, some Sequence<InA>>, _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>, _ g3: Generator<OutD, some Sequence<InD>>,
    perform body: (OutA, OutB, OutC, OutD) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(count: count, input: zip(g0, g1, g2, g3),
                              perform: { try await body($0.0, $0.1, $0.2, $0.3) },
                              isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, InD, InE, OutA, OutB, OutC, OutD, OutE>(
    count: Int,
    input g0: Generator<OutA, some Sequence<InA>>, _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>, _ g3: Generator<OutD, some Sequence<InD>>,
    _ g4: Generator<OutE, some Sequence<InE>>,
    perform body: (OutA, OutB, OutC, OutD, OutE) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(count: count, input: zip(g0, g1, g2, g3, g4),
                              perform: { try await body($0.0, $0.1, $0.2, $0.3, $0.4) },
                              isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, InD, InE, InF, OutA, OutB, OutC, OutD, OutE, OutF>(
    count: Int,
    input g0: Generator<OutA, some Sequence<InA>>, _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>, _ g3: Generator<OutD, some Sequence<InD>>,
    _ g4: Generator<OutE, some Sequence<InE>>, _ g5: Generator<OutF, some Sequence<InF>>,
    perform body: (OutA, OutB, OutC, OutD, OutE, OutF) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(count: count, input: zip(g0, g1, g2, g3, g4, g5),
                              perform: { try await body($0.0, $0.1, $0.2, $0.3, $0.4, $0.5) },
                              isolation: isolation, sourceLocation: sourceLocation)
}

public func seededPropertyCheck<InA, InB, InC, InD, InE, InF, InG, OutA, OutB, OutC, OutD, OutE, OutF, OutG>(
    count: Int,
    input g0: Generator<OutA, some Sequence<InA>>, _ g1: Generator<OutB, some Sequence<InB>>,
    _ g2: Generator<OutC, some Sequence<InC>>, _ g3: Generator<OutD, some Sequence<InD>>,
    _ g4: Generator<OutE, some Sequence<InE>>, _ g5: Generator<OutF, some Sequence<InF>>,
    _ g6: Generator<OutG, some Sequence<InG>>,
    perform body: (OutA, OutB, OutC, OutD, OutE, OutF, OutG) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation, sourceLocation: SourceLocation = #_sourceLocation
) async {
    await seededPropertyCheck(count: count, input: zip(g0, g1, g2, g3, g4, g5, g6),
                              perform: { try await body($0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6) },
                              isolation: isolation, sourceLocation: sourceLocation)
}
