#if os(Linux)
/// glibc's `mallopt` (its <malloc.h> is not part of Swift's Glibc module).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Process-wide allocator settings for the command-line tool.
enum AllocatorTuning {
    /// Raises glibc's trim threshold (M_TRIM_THRESHOLD = −1) to 256 MiB and its mmap threshold
    /// (M_MMAP_THRESHOLD = −3) to 32 MiB. Batched work allocates and frees multi-megabyte matrices every
    /// step; with the defaults glibc returns them to the kernel each time and the page faults become
    /// system time (MLP training ran at half speed, `Benchmarks/MLPTraining`). A process-wide choice, so it
    /// is made here and not in the library.
    static func apply() {
        #if os(Linux)
        _ = mallopt(-1, 256 << 20)
        _ = mallopt(-3, 32 << 20)
        #endif
    }
}
