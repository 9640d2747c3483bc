import Foundation
import LinearAlgebra

/// Makes a seed give the same bits on every x86-64 machine with AVX2 and FMA, not only on the same machine.
///
/// OpenBLAS chooses its kernels when the library loads, before `main`, from the processor or from
/// `OPENBLAS_CORETYPE` (`BLASKernels`). On a processor that can run the reference set but was given
/// another (an AVX-512 Xeon or EPYC, or a Zen, whose blocking differs), the tool sets
/// `OPENBLAS_CORETYPE=Haswell` and executes itself again (same process id, arguments and descriptors),
/// so that tables, notebooks and checkpoints match those written on any other such machine
/// (seen: `reproduce training-is-clustering` took different numbers of gradient steps on Cooperlake
/// kernels than on Haswell or Zen kernels).
///
/// A user's own `OPENBLAS_CORETYPE` is respected; `CLOSEDFORM_NATIVE_BLAS=1` keeps the processor's own
/// kernels (faster large products on AVX-512, results reproducible on that machine only).
enum BLASKernelSelection {
    static let coreTypeVariable = "OPENBLAS_CORETYPE"
    static let optOutVariable = "CLOSEDFORM_NATIVE_BLAS"

    /// Re-executes the process on the reference kernels when that changes them; returns otherwise
    /// (also when `execv` fails, leaving the native kernels in place).
    static func useReferenceKernels() {
        #if os(Linux) && arch(x86_64)
        let environment = ProcessInfo.processInfo.environment
        guard environment[coreTypeVariable] == nil, environment[optOutVariable] == nil else { return }
        guard BLASKernels.referenceDiffersAndRuns else { return }
        setenv(coreTypeVariable, BLASKernels.reference, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv(coreTypeVariable)
        #endif
    }
}
