import Foundation

/// One event a line on stderr, as systemd's journal wants it. The milter logs from
/// many libmilter threads at once, so lines are written whole under a lock.
public enum Log {
    public enum Level: String, Sendable { case debug, info, warning, error }

    nonisolated(unsafe) public static var minimum: Level = .info
    private static let lock = NSLock()

    public static func log(_ level: Level, _ message: String) {
        if level == .debug && minimum != .debug { return }
        var line = "\(level.rawValue): \(message)"
        // One event, one line: never let a message value break the log format.
        line = String(line.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        line.append("\n")
        lock.lock()
        FileHandle.standardError.write(Data(line.utf8))
        lock.unlock()
    }

    public static func debug(_ m: @autoclosure () -> String) { if minimum == .debug { log(.debug, m()) } }
    public static func info(_ m: String) { log(.info, m) }
    public static func warning(_ m: String) { log(.warning, m) }
    public static func error(_ m: String) { log(.error, m) }
}
