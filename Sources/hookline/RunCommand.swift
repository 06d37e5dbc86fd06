import ArgumentParser
import HooklineMilter

/// `hookline run`: the milter daemon, in the foreground (systemd supervises it).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the milter daemon in the foreground (logs to stderr).",
        discussion: """
            SIGUSR1 or SIGHUP reloads the config (kept only if valid); SIGTERM/SIGINT stop after \
            the messages in flight finish.
            """)

    @Option(name: .long, help: "Config file (default: $HOOKLINE_CONFIG, /etc/hookline/hookline.yaml, ./Config/hookline.yaml).")
    var config: String?

    @Option(name: .long, help: "Listen spec: inet:PORT@HOST, inet6:PORT@HOST or unix:/path (overrides the config).")
    var listen: String?

    func run() throws {
        // Before anything else can start a thread: libmilter's signal handling
        // depends on every thread having these signals blocked.
        DaemonSignals.blockForDaemon()
        let status = MilterDaemon.run(configPath: config, listen: listen)
        if status != 0 { throw ExitCode(status) }
    }
}
