import Glibc

/// An IPv4 or IPv6 network in CIDR form, for client allow/block rules.
package struct IPNetwork: Sendable, Equatable {
    package var bytes: [UInt8]
    package var prefix: Int

    package init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let addr = IPNetwork.parseAddress(parts.first ?? "") else { return nil }
        let maxPrefix = addr.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= maxPrefix else { return nil }
            prefix = p
        } else {
            prefix = maxPrefix
        }
        bytes = addr
    }

    package static func parseAddress(_ s: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, s, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, s, &v6) == 1 {
            let b = withUnsafeBytes(of: &v6) { Array($0) }
            // IPv4-mapped IPv6 (::ffff:a.b.c.d) compares as IPv4.
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return Array(b[12...]) }
            return b
        }
        return nil
    }

    package func contains(_ address: String) -> Bool {
        guard let a = IPNetwork.parseAddress(address), a.count == bytes.count else { return false }
        var bits = prefix
        for i in 0..<bytes.count where bits > 0 {
            let take = min(8, bits)
            let mask: UInt8 = take == 8 ? 0xff : ~(0xff >> UInt8(take))
            if a[i] & mask != bytes[i] & mask { return false }
            bits -= take
        }
        return true
    }
}
