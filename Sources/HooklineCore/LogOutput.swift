import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Log {
    /// Where lines go. Under systemd stderr is the journal; Sendmail sites and hosts
    /// without journald collect mail logs through syslog, facility mail, next to the MTA's.
    public enum Target: String, Sendable, CaseIterable { case stderr, syslog }

    /// `text` is one `level: message` line; `json` one object a line, for log shippers
    /// that parse rather than grep.
    public enum Format: String, Sendable, CaseIterable { case text, json }

    nonisolated(unsafe) static var target: Target = .stderr
    nonisolated(unsafe) static var format: Format = .text
    nonisolated(unsafe) private static var syslogOpen = false
    /// openlog keeps the pointer it is given, so the identity lives as long as the process.
    nonisolated(unsafe) private static let syslogIdent: UnsafeMutablePointer<CChar>? = strdup("hookline")

    /// The config's `log_level`, `log_target` and `log_format` at startup and on every
    /// reload. Called from one thread before or between messages, like ``apply(_:)``.
    public static func apply(_ level: Level, target: Target, format: Format) {
        lock.lock()
        defer { lock.unlock() }
        minimum = level
        Log.format = format
        if target == .syslog && !syslogOpen {
            openlog(syslogIdent, LOG_PID | LOG_NDELAY, LOG_MAIL)
            syslogOpen = true
        }
        Log.target = target
    }

    /// syslog(3) priority of a level.
    public static func syslogPriority(_ level: Level) -> Int32 {
        switch level {
        case .error: return LOG_ERR
        case .warning: return LOG_WARNING
        case .info: return LOG_INFO
        case .debug: return LOG_DEBUG
        }
    }

    /// One event as the configured format writes it, without the line end.
    public static func render(_ level: Level, _ message: String, format: Format, time: Date = Date()) -> String {
        switch format {
        case .text:
            return "\(level.rawValue): " + oneLine(message)
        case .json:
            return "{\"time\":\"\(timestamp(time))\",\"level\":\"\(level.rawValue)\",\"message\":\(JSONBytes.quote(message))}"
        }
    }

    /// `message` with every CR and LF a space. Bytes, not Characters: "\r\n" is one
    /// Character and would slip past a test for "\n"; in UTF-8 the bytes 0x0A and 0x0D
    /// are those two scalars and nothing else, so replacing bytes replaces scalars, and
    /// a line without either (the milter's one per message) is returned as it is.
    static func oneLine(_ message: String) -> String {
        var message = message
        let breaks = message.withUTF8 { bytes in bytes.contains { $0 == 0x0A || $0 == 0x0D } }
        guard breaks else { return message }
        return String(decoding: message.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Writes a rendered line; the caller holds ``lock``.
    static func write(_ level: Level, _ rendered: String) {
        switch target {
        case .syslog:
            rendered.withCString { text in
                withVaList([text]) { vsyslog(syslogPriority(level), "%s", $0) }
            }
        case .stderr:
            writeStderr(Array((journalPrefix(level) + rendered + "\n").utf8))
        }
    }

    /// What `write(level, render(level, message, format: .text))` writes to stderr, as bytes:
    /// the journal prefix, the level, the message with CR and LF as spaces, a newline. The
    /// daemon logs a line per message; rendering it through Strings (the unused `Date` of
    /// `render` included), `Data` and `FileHandle` cost ~7 k instructions a message.
    /// The line is sized once and its pieces copied in whole (the head is a constant per
    /// level); CR and LF are found by `memchr`, not tested byte by byte (~4 instructions a
    /// byte of a line that has none). `LogLineBytesTests` holds the two to the same bytes.
    static func textLine(_ level: Level, _ message: String, journal: Bool) -> [UInt8] {
        var message = message
        return message.withUTF8 { m in
            lineHead(level, journal: journal).withUTF8Buffer { h in
                let total = h.count + m.count + 1
                return [UInt8](unsafeUninitializedCapacity: total) { out, count in
                    count = 0
                    guard let o = out.baseAddress else { return }
                    if let hb = h.baseAddress { o.initialize(from: hb, count: h.count) }
                    if let mb = m.baseAddress { (o + h.count).initialize(from: mb, count: m.count) }
                    o[total - 1] = 0x0A
                    count = total
                    for b: Int32 in [0x0A, 0x0D] {
                        var at = h.count
                        while at < total - 1, let hit = memchr(o + at, b, total - 1 - at) {
                            let p = hit.assumingMemoryBound(to: UInt8.self)
                            p.pointee = 0x20
                            at = p - o + 1
                        }
                    }
                }
            }
        }
    }

    /// `journalPrefix(level, journal:) + level.rawValue + ": "`, as a constant.
    static func lineHead(_ level: Level, journal: Bool) -> StaticString {
        switch (level, journal) {
        case (.error, false): "error: "
        case (.warning, false): "warning: "
        case (.info, false): "info: "
        case (.debug, false): "debug: "
        case (.error, true): "<3>error: "
        case (.warning, true): "<4>warning: "
        case (.info, true): "<6>info: "
        case (.debug, true): "<7>debug: "
        }
    }

    /// The whole line to stderr in one `write`, retried on a short write or EINTR; a failure
    /// drops the line (`FileHandle.write` trapped instead). Every line to stderr, text or
    /// JSON, goes through here.
    static func writeStderr(_ line: [UInt8]) {
        line.withUnsafeBytes { bytes in
            var at = 0
            while at < bytes.count, let base = bytes.baseAddress {
                let n = Glibc.write(2, base + at, bytes.count - at)
                if n > 0 {
                    at += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

}
