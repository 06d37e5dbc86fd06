import Foundation
import HooklineCore
import HooklineDetect
import HooklineEngine
import HooklineLoader
private import CSystem
#if canImport(Glibc)
    import Glibc
#endif

/// `hookline run`: config, socket, privileges, reload thread, then libmilter's
/// loop until SIGTERM/SIGINT, then the messages still in flight. SIGHUP and
/// SIGUSR1 reload.
///
/// Two environment switches exist for benchmarking only (defaults are the
/// measured best): `HOOKLINE_BODY_REPLY=noreply|skip` chooses how body chunks are
/// answered, `HOOKLINE_TCP_NODELAY=0` leaves Nagle on for the TCP listener.
public enum MilterDaemon {
    /// How long a stop waits for messages already in the milter conversation.
    static let drainSeconds: TimeInterval = 60

    /// The patterns compile in a re-executed copy of this binary: the compiler peaks near
    /// 100 MB for a 5 MB database and glibc would keep much of that heap for the daemon's
    /// whole life; a child gives it all back when it exits (docs/PERFORMANCE.md).
    static let patternCompiler = PatternCompiler.child(executable: "/proc/self/exe")

    /// glibc raises its mmap threshold each time a large block is freed (up to 32 MB), after
    /// which a message's megabyte buffers (a PDF's grey raster, up to max_pixels bytes, a
    /// part's text) come from the arenas and their pages stay with the process: a fixed
    /// threshold maps each such block and unmaps it when freed. One arena per core instead
    /// of eight: libmilter runs a thread per connection, and each arena keeps its own
    /// free pages (docs/PERFORMANCE.md has the measurements).
    static func tuneMalloc() {
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 10)
        _ = mallopt(M_ARENA_MAX, Int32(max(2, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN))))))
    }

    /// The caller must have called ``DaemonSignals/blockForDaemon()`` first.
    /// Returns the process exit status.
    public static func run(configPath explicit: String?, listen: String?) -> Int32 {
        guard let path = ConfigLoader.locate(explicit: explicit) else {
            printError("hookline: no config file found (--config, $HOOKLINE_CONFIG, /etc/hookline/hookline.yaml, ./Config/hookline.yaml)")
            return 1
        }
        tuneMalloc()
        let engine: Engine
        switch ConfigLoader.load(path: path, compiler: patternCompiler) {
        case .success(let e): engine = e
        case .failure(let f):
            for d in f.diagnostics { printError(d.description) }
            printError("hookline: \(path): \(f.diagnostics.count) problem(s), not starting")
            return 1
        }
        // Parsing the rules frees what it allocated; hand those pages back before serving,
        // as reload does (the compile's ~100 MB happened in a child, see patternCompiler).
        _ = malloc_trim(0)
        let config = engine.config
        Log.apply(config.logLevel, target: config.logTarget, format: config.logFormat)
        let specText = listen ?? config.listen
        guard let spec = ListenSpec(specText) else {
            printError("hookline: invalid listen spec '\(specText)' (inet:PORT@HOST, inet6:PORT@HOST or unix:/path)")
            return 1
        }

        var account: Privileges.Account?
        var socketFile: SocketFile?
        if getuid() == 0 {
            if let user = config.user {
                do { account = try Privileges.lookup(user) } catch {
                    printError("hookline: \(error)"); return 1
                }
            } else {
                Log.warning("running as root: set `user:` in the config so the milter drops privileges")
            }
        }

        let engines = EngineHolder(engine)
        let inFlight = InFlightMessages()
        let bodyReply =
            BodyReplyMode(rawValue: ProcessInfo.processInfo.environment["HOOKLINE_BODY_REPLY"] ?? "")
            ?? .noReply
        // Counting costs a lock per message, so there is none unless metrics are served.
        let metrics = config.metricsListen.map { _ in HooklineMetrics() }
        var metricsServer: MetricsServer?
        do {
            try MilterLibrary.register(
                MilterRuntime(
                    engines: engines, inFlight: inFlight, bodyReply: bodyReply,
                    metrics: metrics))
            try MilterLibrary.setConnection(specText)
            try openSocket(spec, mode: config.socketMode, owner: account)
            socketFile = SocketFile(spec)
            // Bound before privileges drop, so a port under 1024 works as for the milter;
            // a port that is taken fails the start loudly, as the milter socket does.
            if let address = config.metricsListen, let metrics {
                let registry = metrics.registry
                metricsServer = try MetricsServer.start(address) { registry.exposition() }
            }
            if let account { try Privileges.drop(to: account) }
        } catch {
            printError("hookline: \(error)")
            return 1
        }

        let servedMetrics = metricsServer?.address
        DaemonSignals.startReloadThread {
            // With --listen the config's `listen:` is not what is served, so a reload has
            // nothing to compare it with (the old unit passed --listen and every reload
            // warned "listen changed" although nothing had).
            reload(path: path, into: engines, listen: listen == nil ? specText : nil, metrics: metrics, metricsListen: servedMetrics)
        }
        Log.info(
            "hookline started: pid=\(getpid()) listen=\(specText) config=\(path) mode=\(config.mode.rawValue) "
                + "on_error=\(config.onError.rawValue) body_reply=\(bodyReply.rawValue)"
                + (account.map { " user=\($0.name)" } ?? "")
                + (metricsServer.map { " metrics=http://\($0.address)/metrics" } ?? ""))

        let loop = MilterLoop()
        let milterThread = Thread {
            loop.finish(MilterLibrary.main())
            DaemonSignals.wakeMainThread()
        }
        milterThread.name = "hookline-milter"
        milterThread.start()

        let sig = DaemonSignals.waitForStop()
        if sig != SIGUSR2 {
            // New connections are refused from here on (the MTA applies its
            // milter default action); messages already started run to their end.
            inFlight.startDraining()
            let pending = inFlight.value
            Log.info("\(DaemonSignals.name(sig)): stopping after \(pending) message(s) in flight")
            if !inFlight.waitUntilIdle(timeout: drainSeconds) {
                Log.warning("stopping with \(inFlight.value) message(s) unfinished after \(Int(drainSeconds)) s")
            }
            MilterLibrary.stop()
        }
        // libmilter's listener notices the stop within its poll interval.
        guard let ok = loop.wait(timeout: 30) else {
            Log.warning("libmilter did not return within 30 s; exiting anyway")
            return 0
        }
        socketFile?.removeIfStillOurs()
        Log.info(ok ? "hookline stopped" : "hookline stopped: libmilter main loop failed")
        return ok ? 0 : 1
    }

    private static func openSocket(_ spec: ListenSpec, mode: UInt32, owner: Privileges.Account?) throws {
        switch spec {
        case .unix(let path):
            // libmilter replaces a stale socket but, rightly, nothing else.
            var st = stat()
            if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFSOCK {
                throw MilterLibrary.Failure(description: "\(path) exists and is not a socket; not replacing it")
            }
            // libmilter creates the socket with the process umask; the MTA's user
            // (postfix) must be able to write to it.
            let old = umask(mode_t(~mode & 0o777))
            defer { umask(old) }
            try MilterLibrary.openSocket()
            if chmod(path, mode_t(mode)) != 0 {
                Log.warning("chmod \(path): \(String(cString: strerror(errno)))")
            }
            if let owner, chown(path, owner.uid, owner.gid) != 0 {
                Log.warning("chown \(path): \(String(cString: strerror(errno)))")
            }
        case .inet(let port, _), .inet6(let port, _):
            try MilterLibrary.openSocket()
            if ProcessInfo.processInfo.environment["HOOKLINE_TCP_NODELAY"] == "0" {
                Log.info("TCP_NODELAY left off (HOOKLINE_TCP_NODELAY=0)")
            } else if ListenerTuning.setNoDelayOnListener(port: port) == nil {
                Log.warning("could not set TCP_NODELAY on the listener for port \(port): tagged messages may wait ~40 ms on Nagle")
            }
        }
    }

    /// SIGUSR1: the whole new config is validated before it replaces the old one.
    static func reload(
        path: String, into engines: EngineHolder, listen: String?,
        metrics: HooklineMetrics? = nil, metricsListen: MetricsAddress? = nil
    ) {
        // Parsing the rules allocates on this thread and frees most of it, and the
        // replaced engine goes once its last message ends; glibc keeps such freed pages
        // in the thread's arena, so without a trim every reload ratchets RSS up a little.
        defer { _ = malloc_trim(0) }
        switch ConfigLoader.load(path: path, compiler: patternCompiler) {
        case .success(let engine):
            engines.replace(with: engine)
            let c = engine.config
            // Before the reload's own line, so that line already obeys the new level.
            Log.apply(c.logLevel, target: c.logTarget, format: c.logFormat)
            Log.info(
                "reload: ok config=\(path) mode=\(c.mode.rawValue) thresholds tag=\(threshold(c.tagThreshold)) "
                    + "quarantine=\(threshold(c.quarantineThreshold)) reject=\(threshold(c.rejectThreshold))")
            if let listen, c.listen != listen && ListenSpec(c.listen) != ListenSpec(listen) {
                Log.warning("reload: listen changed to \(c.listen); still on \(listen) until restart")
            }
            if c.metricsListen != metricsListen {
                Log.warning(
                    "reload: metrics.listen changed to \(c.metricsListen.map(\.description) ?? "off"); "
                        + "still \(metricsListen.map(\.description) ?? "off") until restart")
            }
            metrics?.reload(ok: true)
        case .failure(let f):
            metrics?.reload(ok: false)
            Log.error("reload: failed, keeping the previous config (\(f.diagnostics.count) problem(s))")
            for d in f.diagnostics { Log.error(d.description) }
        }
    }

    private static func threshold(_ t: Double?) -> String { t.map { String(format: "%.1f", $0) } ?? "off" }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// The unix socket this process created, remembered by device and inode.
///
/// libmilter unlinks its socket at exit only when not running as root, so a
/// root daemon without `user:` left the file behind. Removing it only when it is
/// still the very socket we bound never deletes one a newer instance created.
private struct SocketFile {
    let path: String
    let device: UInt
    let inode: UInt

    init?(_ spec: ListenSpec) {
        guard case .unix(let path) = spec else { return nil }
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFSOCK else { return nil }
        self.path = path
        device = UInt(st.st_dev)
        inode = UInt(st.st_ino)
    }

    func removeIfStillOurs() {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFSOCK,
            UInt(st.st_dev) == device, UInt(st.st_ino) == inode
        else { return }
        if unlink(path) != 0 && errno != ENOENT {
            Log.warning("unlink \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The outcome of `smfi_main`, handed from its thread to the main thread.
private final class MilterLoop: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Bool?

    func finish(_ ok: Bool) {
        condition.lock(); result = ok; condition.broadcast(); condition.unlock()
    }

    func wait(timeout: TimeInterval) -> Bool? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock(); defer { condition.unlock() }
        while result == nil {
            if !condition.wait(until: deadline) { break }
        }
        return result
    }
}
