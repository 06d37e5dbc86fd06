/// libmilter's socket syntax (`inet:PORT@HOST`, `inet6:PORT@HOST`, `unix:/path`,
/// `local:/path`), read only as far as the daemon needs: to prepare a unix socket's
/// permissions and to find a TCP listener to tune.
public enum ListenSpec: Equatable, Sendable {
    case unix(path: String)
    case inet(port: UInt16, host: String?)
    case inet6(port: UInt16, host: String?)

    public init?(_ spec: String) {
        guard let colon = spec.firstIndex(of: ":") else {
            // libmilter treats a bare path as a unix socket.
            if spec.hasPrefix("/") { self = .unix(path: spec); return }
            return nil
        }
        let scheme = spec[..<colon].lowercased()
        let rest = String(spec[spec.index(after: colon)...])
        switch scheme {
        case "unix", "local":
            guard !rest.isEmpty else { return nil }
            self = .unix(path: rest)
        case "inet", "inet6":
            let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            guard let portText = parts.first, let port = UInt16(portText), port > 0 else { return nil }
            let host = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
            self = scheme == "inet" ? .inet(port: port, host: host) : .inet6(port: port, host: host)
        default:
            return nil
        }
    }

    var tcpPort: UInt16? {
        switch self {
        case .unix: nil
        case .inet(let p, _), .inet6(let p, _): p
        }
    }
}
