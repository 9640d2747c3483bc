import Foundation

/// Makes SIGINT, SIGTERM and SIGHUP end the process, whatever its parent left blocked.
///
/// A child inherits its parent's signal mask, and some launchers (test runners, job schedulers) start
/// programs with these signals blocked, so Ctrl-C or `scancel` would be ignored until the run finished.
/// Long runs rely on being stoppable: every finished sweep unit is already durable in its checkpoint and
/// every output file is written atomically, so the default action (terminate) is safe at any moment.
enum InterruptSignals {
    static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
