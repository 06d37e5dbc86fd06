import Foundation

/// One event a line: on stderr, as systemd's journal wants it, or to syslog (facility
/// mail), as text or JSON (LogOutput.swift). The milter logs from many libmilter threads
/// at once, so lines are written whole under a lock.
public enum Log {
    /// Ordered by severity, so `log_level: warning` hides `info` and `debug` alike.
    public enum Level: String, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        private var rank: Int {
            switch self {
            case .debug: 0;
            case .info: 1;
            case .warning: 2;
            case .error: 3
            }
        }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// Set from the config's `log_level` at startup and on every reload
    /// (``apply(_:)``); lines below it are dropped before they are formatted.
    nonisolated(unsafe) public static var minimum: Level = .info
    static let lock = NSLock()

    /// The level alone, keeping target and format; `run` and reload apply all three
    /// through ``apply(_:target:format:)``, so they cannot disagree.
    public static func apply(_ level: Level) { apply(level, target: target, format: format) }

    /// Whether a line at `level` would be written now.
    public static func enabled(_ level: Level) -> Bool { level >= minimum }

    public static func log(_ level: Level, _ message: String) {
        guard enabled(level) else { return }
        // One event, one line: never let a message value break the log format.
        lock.lock()
        if format == .text && target == .stderr {
            writeStderr(textLine(level, message, journal: toJournal))
        } else {
            write(level, render(level, message, format: format))
        }
        lock.unlock()
    }

    public static func debug(_ m: @autoclosure () -> String) { if enabled(.debug) { log(.debug, m()) } }
    public static func info(_ m: String) { log(.info, m) }
    public static func warning(_ m: String) { log(.warning, m) }
    public static func error(_ m: String) { log(.error, m) }

    /// journald reads a leading `<N>` as the line's syslog priority, so `journalctl -p
    /// warning` finds warnings; on a terminal or in a file the prefix would be noise.
    /// Only when stderr *is* the journal stream systemd announced in JOURNAL_STREAM
    /// (a redirected stderr keeps the variable but not the device and inode).
    nonisolated(unsafe) public static var toJournal: Bool = stderrIsJournal(ProcessInfo.processInfo.environment["JOURNAL_STREAM"])

    /// `<3>` error, `<4>` warning, `<6>` info, `<7>` debug (sd-daemon.h), or "" off the journal.
    public static func journalPrefix(_ level: Level, journal: Bool = toJournal) -> String {
        guard journal else { return "" }
        switch level {
        case .error: return "<3>"
        case .warning: return "<4>"
        case .info: return "<6>"
        case .debug: return "<7>"
        }
    }

    /// JOURNAL_STREAM is "DEVICE:INODE" of the journal's socket.
    public static func stderrIsJournal(_ journalStream: String?) -> Bool {
        guard let value = journalStream else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let dev = UInt64(parts[0]), let ino = UInt64(parts[1]) else { return false }
        var st = stat()
        guard fstat(2, &st) == 0 else { return false }
        return UInt64(st.st_dev) == dev && UInt64(st.st_ino) == ino
    }
}
