/// The one answer to "is this header field ours?". The milter deletes every
/// incoming copy so a sender cannot forge a verdict, and the scan never takes one
/// as evidence; both must agree on the same names, matched the way the MTA
/// matches them for `smfi_chgheader`: ASCII letters folded, nothing else.
public enum OwnHeaderFields {
    /// Every field with this prefix belongs to Hookline, whatever the verdict header is called.
    public static let prefix = "x-hookline-"

    /// A field name as the MTA compares it. Unicode lowercasing would merge names
    /// the MTA keeps apart (a Kelvin sign folds to "k") and so miscount the indices
    /// it deletes by.
    public static func key(_ name: String) -> String {
        String(decoding: name.utf8.map(ASCII.lower), as: UTF8.self)
    }

    /// True for any `X-Hookline-*` field and for the configured verdict header.
    /// The milter and the scan ask ``OwnHeaderNames`` (the verdict header folded once per
    /// engine), which falls back to this for names outside ASCII; this is its reference.
    public static func isOurs(_ name: String, verdictHeader: String) -> Bool {
        if let answer = asciiIsOurs(name, verdictHeader: verdictHeader) { return answer }
        return isOurs(key: key(name), verdictHeader: verdictHeader)
    }

    /// Every header of every message is asked, so the usual all-ASCII case compares bytes
    /// in place instead of building two folded Strings (1.8 % of steady-state instructions).
    /// Nil when either name is not ASCII: String comparison is canonical equivalence
    /// there (a Kelvin sign equals "K"), and the answer must stay the one ``key(_:)`` gives.
    static func asciiIsOurs(_ name: String, verdictHeader: String) -> Bool? {
        // Contiguous bytes, not `zip` over two UTF8Views: ~1.4 k instructions a header
        // that way (when the milter and the scan still asked this of every header).
        var name = name
        var verdictHeader = verdictHeader
        return name.withUTF8 { n in
            verdictHeader.withUTF8 { v in asciiIsOurs(n, verdictHeader: v) }
        }
    }

    /// ``prefix`` as bytes.
    package static let prefixBytes: StaticString = "x-hookline-"

    private static func asciiIsOurs(_ n: UnsafeBufferPointer<UInt8>, verdictHeader v: UnsafeBufferPointer<UInt8>) -> Bool? {
        for b in n where b >= 0x80 { return nil }
        for b in v where b >= 0x80 { return nil }
        let prefixed = prefixBytes.withUTF8Buffer { p in
            guard n.count >= p.count else { return false }
            for i in 0..<p.count where ASCII.lower(n[i]) != p[i] { return false }
            return true
        }
        if prefixed { return true }
        guard n.count == v.count else { return false }
        for i in 0..<n.count where ASCII.lower(n[i]) != ASCII.lower(v[i]) { return false }
        return true
    }

    /// The same test on a name already folded by ``key(_:)``.
    public static func isOurs(key: String, verdictHeader: String) -> Bool {
        key.hasPrefix(prefix) || key == Self.key(verdictHeader)
    }
}
