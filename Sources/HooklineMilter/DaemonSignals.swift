import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Signal handling next to libmilter.
///
/// libmilter's signal thread sigwaits for HUP, TERM and INT; that only works if
/// no thread has them unblocked, and threads inherit the mask of their creator.
/// So the main thread blocks them (and USR1, ours) before any thread exists, and
/// one thread of ours sigwaits for USR1.
public enum DaemonSignals {
    private static func set(_ signals: [Int32]) -> sigset_t {
        var s = sigset_t()
        sigemptyset(&s)
        for sig in signals { sigaddset(&s, sig) }
        return s
    }

    /// Call first thing in `run`, before anything can start a thread.
    public static func blockForDaemon() {
        var s = set([SIGHUP, SIGTERM, SIGINT, SIGUSR1])
        pthread_sigmask(SIG_BLOCK, &s, nil)
    }

    /// Starts the thread that turns each SIGUSR1 into a call of `reload`.
    static func startReloadThread(_ reload: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var s = set([SIGUSR1])
            while true {
                var sig: Int32 = 0
                if sigwait(&s, &sig) == 0 && sig == SIGUSR1 { reload() }
            }
        }
        thread.name = "hookline-reload"
        thread.start()
    }
}
