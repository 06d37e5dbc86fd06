import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Socket settings libmilter does not offer.
enum ListenerTuning {
    /// libmilter writes an end-of-message answer (add header, then continue) as
    /// several small packets; without TCP_NODELAY, Nagle holds the last one until
    /// the MTA's delayed ACK, about 40 ms per tagged message. libmilter does not
    /// expose its listening descriptor, but Linux copies TCP_NODELAY from a
    /// listening socket to the sockets it accepts, so we find ours in
    /// /proc/self/fd (the only listening TCP socket on `port`) and set it there.
    /// Returns the descriptor tuned, or nil.
    static func setNoDelayOnListener(port: UInt16) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        for entry in entries {
            guard let fd = Int32(entry), isListeningTCP(fd, port: port) else { continue }
            var one: Int32 = 1
            if setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 {
                return fd
            }
        }
        return nil
    }

    private static func isListeningTCP(_ fd: Int32, port: UInt16) -> Bool {
        var listening: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0, listening == 1 else { return false }
        var storage = sockaddr_storage()
        var slen = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &slen) == 0 }
        }
        guard ok else { return false }
        switch Int32(storage.ss_family) {
        case AF_INET:
            let p = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
            }
            return UInt16(bigEndian: p) == port
        case AF_INET6:
            let p = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port }
            }
            return UInt16(bigEndian: p) == port
        default:
            return false
        }
    }
}
