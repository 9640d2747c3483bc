import CNumerics

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

    /// The kernel set that results are reproduced on across x86-64 machines: AVX2 with FMA, available on
    /// every x86-64 processor whose own set is one of `reproducibleSubstitutes`.
    public static let reference = "Haswell"

    /// Kernel sets whose processors also run `reference` (they have AVX2 and FMA), in lower case.
    public static let reproducibleSubstitutes: Set<String> = ["zen", "skylakex", "cooperlake", "sapphirerapids"]
}
