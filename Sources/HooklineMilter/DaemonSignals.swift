import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Signal handling next to libmilter.
///
/// libmilter's own signal thread sigwaits for HUP, TERM and INT and, on any of
/// them, stops at once: Debian's libmilter (built with the workers pool) then
/// closes every session, so a message in flight would be cut off. Hookline
/// therefore takes those signals itself: the main thread blocks them (plus USR1
/// and USR2) before any thread exists, runs `smfi_main` on another thread, and
/// sits in `sigwait`. Linux offers a signal sent to the process to the
/// thread-group leader first when it is waiting for it, so the main thread,
/// not libmilter's thread, gets SIGTERM; only a second signal that arrives
/// while the main thread is draining reaches libmilter (an immediate stop).
public enum DaemonSignals {
    private static func set(_ signals: [Int32]) -> sigset_t {
        var s = sigset_t()
        sigemptyset(&s)
        for sig in signals { sigaddset(&s, sig) }
        return s
    }

    /// Call first thing in `run`, before anything can start a thread.
    public static func blockForDaemon() {
        var s = set([SIGHUP, SIGTERM, SIGINT, SIGUSR1, SIGUSR2])
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

    /// Blocks the main thread until a stop signal, or SIGUSR2 (the milter loop
    /// ended on its own). Returns the signal.
    ///
    /// SIGHUP means "reload" to every admin and to logrotate-style tooling, but
    /// "stop" to libmilter. Waiting for it here, where the kernel offers it first,
    /// keeps it from libmilter; it is passed on as SIGUSR1 (only the reload thread
    /// waits for that) so this thread is back in `sigwait` at once and never
    /// leaves a window in which a SIGTERM would go to libmilter instead.
    static func waitForStop() -> Int32 {
        var s = set([SIGHUP, SIGTERM, SIGINT, SIGUSR2])
        while true {
            var sig: Int32 = 0
            guard sigwait(&s, &sig) == 0 else { continue }
            if sig == SIGHUP {
                kill(getpid(), SIGUSR1)
                continue
            }
            return sig
        }
    }

    /// Wakes `waitForStop`: only the main thread waits for SIGUSR2.
    static func wakeMainThread() { kill(getpid(), SIGUSR2) }

    static func name(_ sig: Int32) -> String {
        switch sig {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGUSR2: "SIGUSR2"
        default: "signal \(sig)"
        }
    }
}
