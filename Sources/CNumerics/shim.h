// One system-library module over LAPACKE, GSL and OpenBLAS.
// GSL's gsl_cblas.h declares the cblas_* functions; linking openblas makes them resolve to OpenBLAS.
// OpenBLAS's own cblas.h is deliberately not included: it redefines the CBLAS enums.
#ifndef CLOSEDFORM_CNUMERICS_SHIM_H
#define CLOSEDFORM_CNUMERICS_SHIM_H

#include <lapacke.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

// OpenBLAS threading control (declared here because cblas.h is not included).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);

// OpenBLAS's pthreads server: stops its worker threads, which a later multi-threaded call starts again. Weak, so
// that a BLAS without it (an OpenMP build, another library) links and the call is skipped.
int blas_thread_shutdown_(void) __attribute__((weak));
static inline void closedform_release_blas_workers(void) { if (blas_thread_shutdown_) blas_thread_shutdown_(); }

// Swift 6 rejects C mutable globals; expose GSL's generator types through accessors.
static inline const gsl_rng_type *closedform_rng_mt19937(void) { return gsl_rng_mt19937; }

// GSL's default error handler aborts the process; library code reports errors itself.
static inline void closedform_disable_gsl_abort(void) { gsl_set_error_handler_off(); }

#endif
