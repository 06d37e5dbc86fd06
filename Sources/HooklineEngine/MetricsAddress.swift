import Glibc

/// Where the Prometheus endpoint listens: a loopback address and a port, never
/// anything else. The metrics tell anyone who can read them how much mail the site
/// gets and which rules fire, and the responder is deliberately tiny (no TLS, no
/// authentication), so it is only for a scraper on the same host (or an SSH
/// tunnel / local reverse proxy in front of it). One parser for `check-config`,
/// reload and the daemon, so what validates is what binds.
public struct MetricsAddress: Sendable, Equatable, CustomStringConvertible {
    public enum Family: Sendable, Equatable { case inet, inet6 }
    public let family: Family
    /// Numeric host as written (`127.0.0.1`, `::1`); `localhost` becomes `127.0.0.1`.
    public let host: String
    /// 0 only from ``init(host:port:)`` in tests: the kernel picks a free port.
    public let port: UInt16

    public var description: String { family == .inet6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `HOST:PORT` (`127.0.0.1:9899`, `[::1]:9899`, `localhost:9899`).
    /// Returns the problem in words when the text is not a loopback address and port.
    public static func parse(_ text: String) -> Result<MetricsAddress, Problem> {
        guard let colon = text.lastIndex(of: ":") else {
            return .failure(Problem("metrics.listen must be HOST:PORT, e.g. 127.0.0.1:9899"))
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = UInt16(portText), port > 0 else {
            return .failure(Problem("metrics.listen port '\(portText)' must be a number from 1 to 65535"))
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.lowercased() == "localhost" { host = "127.0.0.1" }
        guard let family = family(of: host) else {
            return .failure(Problem("metrics.listen host '\(host)' must be a numeric loopback address (127.0.0.1, [::1]) or localhost"))
        }
        guard isLoopback(host, family) else {
            return .failure(
                Problem(
                    "metrics.listen \(text) is not a loopback address; "
                        + "metrics are served on 127.0.0.0/8 or ::1 only (put a proxy in front to publish them)"))
        }
        return .success(MetricsAddress(family: family, host: host, port: port))
    }

    /// Any loopback host, port 0 allowed: for tests that let the kernel choose.
    public init?(host: String, port: UInt16) {
        guard let f = Self.family(of: host), Self.isLoopback(host, f) else { return nil }
        self.init(family: f, host: host, port: port)
    }

    private init(family: Family, host: String, port: UInt16) {
        self.family = family; self.host = host; self.port = port
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }

    private static func family(of host: String) -> Family? {
        var a4 = in_addr(), a6 = in6_addr()
        if inet_pton(AF_INET, host, &a4) == 1 { return .inet }
        if inet_pton(AF_INET6, host, &a6) == 1 { return .inet6 }
        return nil
    }

    /// 127.0.0.0/8 or ::1. A v4-mapped ::ffff:127.x is refused: it binds an IPv6
    /// socket whose reach depends on `bindv6only`, which is not worth reasoning about.
    private static func isLoopback(_ host: String, _ family: Family) -> Bool {
        switch family {
        case .inet:
            var a = in_addr()
            guard inet_pton(AF_INET, host, &a) == 1 else { return false }
            return UInt32(bigEndian: a.s_addr) >> 24 == 127
        case .inet6:
            var a = in6_addr()
            guard inet_pton(AF_INET6, host, &a) == 1 else { return false }
            return withUnsafeBytes(of: &a) { b in b.prefix(15).allSatisfy { $0 == 0 } && b.last == 1 }
        }
    }
}
