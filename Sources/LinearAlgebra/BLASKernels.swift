import CNumerics
import Foundation

/// Which of OpenBLAS's processor-specific kernel sets is running.
///
/// Debian's OpenBLAS is built with DYNAMIC_ARCH: at load time it picks kernels for the processor
/// (for example "Haswell" and "Zen" use AVX2, "SkylakeX" and "Cooperlake" AVX-512), or the set named by
/// the environment variable `OPENBLAS_CORETYPE`. Different kernel sets block and vectorise products
/// differently, so the same inputs round differently in the last bits.
public enum BLASKernels {
    /// The kernel set OpenBLAS chose at load time, as OpenBLAS names it (e.g. "Haswell", "Cooperlake").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The kernel set that results are reproduced on across x86-64 machines. Its kernels use AVX2 and FMA.
    public static let reference = "Haswell"

    /// Whether this processor can run `reference`: x86-64 with the `avx2` and `fma` flags of
    /// /proc/cpuinfo. (scripts/test.sh applies the same rule in shell, before the test process loads
    /// OpenBLAS.)
    public static var processorRunsReference: Bool {
        #if os(Linux) && arch(x86_64)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }))
        return flags.contains("avx2") && flags.contains("fma")
        #else
        return false
        #endif
    }

    /// Whether OpenBLAS's kernels would change if `reference` were chosen: it is not running them and the
    /// processor can.
    public static var referenceDiffersAndRuns: Bool {
        coreName.caseInsensitiveCompare(reference) != .orderedSame && processorRunsReference
    }
}
