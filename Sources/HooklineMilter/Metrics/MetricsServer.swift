import Foundation
import HooklineCore
import HooklineEngine
#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.0 responder for Prometheus: `GET /metrics` → 200 with the text
/// exposition, any other request line → 404, a request that is malformed, larger
/// than ``maxRequestBytes`` or slower than ``readTimeout`` → 400 or nothing.
///
/// It binds only loopback addresses (``MetricsAddress`` refuses others) and serves one
/// connection at a time on its own thread: a scraper every few seconds needs no more,
/// and a stuck or hostile local client can hold it for at most the timeouts, never a
/// libmilter thread. Written on plain sockets rather than a web framework so the daemon
/// gains no dependency and nothing here can grow with what a client sends.
public final class MetricsServer: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible { public let description: String }

    static let maxRequestBytes = 8192
    static let readTimeout: TimeInterval = 2
    static let pollMillis: Int32 = 250

    public let address: MetricsAddress
    /// The port actually bound (the kernel's choice when the address said 0).
    public let port: UInt16
    private let listener: Int32
    private let render: @Sendable () -> String
    private let state = NSCondition()
    private var stopping = false
    private var finished = false

    /// Binds and listens, then serves on a thread of its own until ``stop()``.
    public static func start(_ address: MetricsAddress, render: @escaping @Sendable () -> String) throws -> MetricsServer {
        let (fd, port) = try bind(address)
        let server = MetricsServer(address: address, listener: fd, port: port, render: render)
        let thread = Thread { server.serveUntilStopped() }
        thread.name = "hookline-metrics"
        thread.start()
        return server
    }

    private init(address: MetricsAddress, listener: Int32, port: UInt16, render: @escaping @Sendable () -> String) {
        self.address = address; self.listener = listener; self.port = port; self.render = render
    }

    /// Stops accepting and waits (up to a few seconds) for the thread to close the socket.
    public func stop() {
        state.lock(); defer { state.unlock() }
        stopping = true
        let deadline = Date(timeIntervalSinceNow: Self.readTimeout * 2 + 1)
        while !finished { if !state.wait(until: deadline) { break } }
    }

    private var shouldStop: Bool { state.lock(); defer { state.unlock() }; return stopping }

    private func serveUntilStopped() {
        while !shouldStop {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Self.pollMillis) > 0 else { continue }
            let conn = accept(listener, nil, nil)
            guard conn >= 0 else { continue }
            _ = fcntl(conn, F_SETFD, FD_CLOEXEC)
            serve(conn)
            Glibc.close(conn)
        }
        Glibc.close(listener)
        state.lock(); finished = true; state.broadcast(); state.unlock()
    }

    // MARK: one request

    private func serve(_ fd: Int32) {
        var tv = timeval(tv_sec: Int(Self.readTimeout), tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(fd) else {
            write(fd, status: "400 Bad Request", body: "bad request\n")
            return
        }
        switch Self.route(request) {
        case .metrics: write(fd, status: "200 OK", body: render(), type: "text/plain; version=0.0.4; charset=utf-8")
        case .notFound: write(fd, status: "404 Not Found", body: "not found; try GET /metrics\n")
        case .bad: write(fd, status: "400 Bad Request", body: "bad request\n")
        }
    }

    enum Route: Equatable { case metrics, notFound, bad }

    /// The request head's first line decides; headers are read (to leave nothing unread
    /// that would make close() send a reset before the reply) but not interpreted.
    static func route(_ head: [UInt8]) -> Route {
        let line = head.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        guard parts.count == 3 || parts.count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0 > 32 && $0 < 127 } })
        else { return .bad }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return method == "GET" && path == "/metrics" ? .metrics : .notFound
    }

    /// Reads up to the blank line that ends the request head, within the byte limit and
    /// the deadline; nil for a client that sends too much, too slowly, or hangs up first.
    private func readRequest(_ fd: Int32) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: Self.maxRequestBytes)
        var have = 0
        let deadline = Date(timeIntervalSinceNow: Self.readTimeout)
        // Every pass either adds at least a byte or returns, so this ends by maxRequestBytes.
        while have < buf.count {
            if Date() > deadline { return nil }
            let n = buf.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return recv(fd, base + have, raw.count - have, 0)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            have += n
            if Self.headEnds(buf[0..<have]) { return Array(buf[0..<have]) }
        }
        return nil
    }

    static func headEnds(_ b: ArraySlice<UInt8>) -> Bool {
        let crlf: [UInt8] = [13, 10, 13, 10], lf: [UInt8] = [10, 10]
        return b.count >= 2
            && (b.suffix(2).elementsEqual(lf) || b.suffix(4).elementsEqual(crlf)
                || contains(b, crlf) || contains(b, lf))
    }

    private static func contains(_ hay: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        var i = hay.startIndex
        while i <= hay.endIndex - needle.count {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    private func write(_ fd: Int32, status: String, body: String, type: String = "text/plain; charset=utf-8") {
        let payload = Array(body.utf8)
        let head =
            "HTTP/1.0 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(payload.count)\r\n"
            + "Connection: close\r\n\r\n"
        let bytes = Array(head.utf8) + payload
        var sent = 0
        // Each pass sends at least a byte or gives up (timeout, peer gone).
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return send(fd, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            sent += n
        }
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    // MARK: socket

    private static func bind(_ a: MetricsAddress) throws -> (Int32, UInt16) {
        let domain = a.family == .inet ? AF_INET : AF_INET6
        let fd = socket(domain, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket", a) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        switch a.family {
        case .inet:
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = a.port.bigEndian
            guard inet_pton(AF_INET, a.host, &sin.sin_addr) == 1 else { Glibc.close(fd); throw failure("address", a) }
            bound = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .inet6:
            _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = a.port.bigEndian
            guard inet_pton(AF_INET6, a.host, &sin6.sin6_addr) == 1 else { Glibc.close(fd); throw failure("address", a) }
            bound = withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard bound == 0 else { let f = failure("bind", a); Glibc.close(fd); throw f }
        guard listen(fd, 16) == 0 else { let f = failure("listen", a); Glibc.close(fd); throw f }
        return (fd, boundPort(fd) ?? a.port)
    }

    private static func boundPort(_ fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { p -> UInt16 in
            family == AF_INET6
                ? p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
                : p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    private static func failure(_ what: String, _ a: MetricsAddress) -> Failure {
        Failure(description: "metrics: \(what) \(a): \(String(cString: strerror(errno)))")
    }
}
