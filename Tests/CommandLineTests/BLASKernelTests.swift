import Foundation
import LinearAlgebra
import Testing

/// The tool runs OpenBLAS's reference kernels on every x86-64 processor that has them, so that a seed
/// gives the same bits across machines (`BLASKernelSelection`). OpenBLAS reports the kernel set it loads
/// on standard error as "Core: <name>" when `OPENBLAS_VERBOSE=2`; a re-executed tool loads OpenBLAS twice
/// and reports two lines.
@Suite("closedform: OpenBLAS kernels are the reference set")
struct BLASKernelTests {
    /// The "Core: …" names OpenBLAS printed, in order.
    static func coreNames(_ run: Tool.Run) -> [String] {
        run.errorLines.filter { $0.hasPrefix("Core: ") }.map { String($0.dropFirst("Core: ".count)) }
    }

    static let verbose: [String: String?] = ["OPENBLAS_VERBOSE": "2", "OPENBLAS_CORETYPE": nil, "CLOSEDFORM_NATIVE_BLAS": nil]

    @Test("without OPENBLAS_CORETYPE an AVX2 and FMA processor's own kernels are replaced by Haswell's; the output and status are unchanged")
    func referenceKernels() throws {
        #if os(Linux) && arch(x86_64)
        let fixture = try Fixture()
        let run = try fixture.run(["--version"], environment: Self.verbose)
        let plain = try fixture.run(["--version"])
        #expect(run.status == 0 && run.standardOutput == plain.standardOutput)
        let names = Self.coreNames(run)
        let native = try #require(names.first, "OpenBLAS printed no Core line: \(run.standardError)")
        if native.caseInsensitiveCompare(BLASKernels.reference) != .orderedSame && BLASKernels.processorRunsReference {
            #expect(names == [native, BLASKernels.reference], "re-executed once, on the reference kernels")
        } else {
            #expect(names == [native], "no re-execution on \(native)")
        }
        let failing = try fixture.run(["score", "--model", "missing.json", "--schedule", "ve", "--time", "1"], environment: Self.verbose)
        #expect(failing.status == 2, "the exit status survives the re-execution: \(failing.standardError)")
        #endif
    }

    @Test("a user's OPENBLAS_CORETYPE, or CLOSEDFORM_NATIVE_BLAS=1, is left alone: OpenBLAS loads once")
    func userChoiceRespected() throws {
        #if os(Linux) && arch(x86_64)
        let fixture = try Fixture()
        let chosen = try fixture.run(["--version"], environment: Self.verbose.merging(["OPENBLAS_CORETYPE": "Sandybridge"]) { $1 })
        #expect(Self.coreNames(chosen) == ["Sandybridge"])
        let native = try fixture.run(["--version"], environment: Self.verbose.merging(["CLOSEDFORM_NATIVE_BLAS": "1"]) { $1 })
        #expect(Self.coreNames(native).count == 1)
        #endif
    }
}
