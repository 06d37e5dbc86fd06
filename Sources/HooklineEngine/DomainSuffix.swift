import HooklineCore

/// Domain and address suffix tests on bytes. Rules and features ask them of every
/// authenticated domain against every listed one (63 `auth_domains` conditions, the
/// platforms' domains, free-mail lists), and the `String` forms built a new string
/// ("." + parent) per comparison. For ASCII strings `hasSuffix` and `==` compare bytes,
/// so these do; any other string takes the `String` expression they replace, unchanged.
enum DomainSuffix {
    /// `d == parent || d.hasSuffix("." + parent)`.
    static func isDomainOrSubdomain(_ d: String, of parent: String) -> Bool {
        if d == parent { return true }
        if let answer = ascii(d, parent, { db, pb in endsWithDot(db, pb, from: 0) }) { return answer }
        return d.hasSuffix("." + parent)
    }

    /// `entry.hasPrefix("@") ? (a.hasSuffix(entry) || a.hasSuffix("." + entry.dropFirst())) : a == entry`:
    /// "@example.com" matches that domain and its subdomains, anything else the whole address.
    static func address(_ a: String, matches entry: String) -> Bool {
        let answer = ascii(a, entry) { ab, eb -> Bool in
            guard eb.first == UInt8(ascii: "@") else { return ab.elementsEqual(eb) }
            return endsWith(ab, eb, from: 0) || endsWithDot(ab, eb, from: 1)
        }
        if let answer { return answer }
        return entry.hasPrefix("@") ? (a.hasSuffix(entry) || a.hasSuffix("." + entry.dropFirst())) : a == entry
    }

    /// `entries.contains { address(a, matches: $0) }`, taking `a`'s bytes and its ASCII
    /// test once instead of once per entry: every message asks it of every platform's
    /// senders and every `from:` list (~3 % of the steady state, docs/PERFORMANCE.md).
    static func address(_ a: String, matchesAnyOf entries: [String]) -> Bool {
        let answer = a.utf8.withContiguousStorageIfAvailable { ab -> Bool? in
            guard ASCII.isASCII(ab) else { return nil }
            for entry in entries {
                let hit = entry.utf8.withContiguousStorageIfAvailable { eb -> Bool? in
                    guard ASCII.isASCII(eb) else { return nil }
                    guard eb.first == UInt8(ascii: "@") else { return ab.count == eb.count && endsWith(ab, eb, from: 0) }
                    return endsWith(ab, eb, from: 0) || endsWithDot(ab, eb, from: 1)
                }
                if let known = hit ?? nil {
                    if known { return true }
                } else if address(a, matches: entry) {
                    return true
                }
            }
            return false
        }
        if let known = answer ?? nil { return known }
        return entries.contains { address(a, matches: $0) }
    }

    /// `body` over both strings' UTF-8 when both are contiguous ASCII; nil otherwise.
    private static func ascii(
        _ a: String, _ b: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool? {
        let result = a.utf8.withContiguousStorageIfAvailable { ab in
            b.utf8.withContiguousStorageIfAvailable { bb -> Bool? in
                guard ASCII.isASCII(ab), ASCII.isASCII(bb) else { return nil }
                return body(ab, bb)
            }
        }
        return (result ?? nil) ?? nil
    }

    /// `s` ends with `suffix[from...]`.
    private static func endsWith(_ s: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        let n = suffix.count - from
        guard s.count >= n else { return false }
        let at = s.count - n
        for k in 0..<n where s[at + k] != suffix[from + k] { return false }
        return true
    }

    /// `s` ends with "." followed by `suffix[from...]`.
    private static func endsWithDot(_ s: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        let n = suffix.count - from
        guard s.count > n, s[s.count - n - 1] == UInt8(ascii: ".") else { return false }
        return endsWith(s, suffix, from: from)
    }
}
