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
    public static func isOurs(_ name: String, verdictHeader: String) -> Bool {
        if let answer = asciiIsOurs(name, verdictHeader: verdictHeader) { return answer }
        return isOurs(key: key(name), verdictHeader: verdictHeader)
    }

    /// Every header of every message is asked, so the usual all-ASCII case compares bytes
    /// in place instead of building two folded Strings (1.8 % of steady-state instructions).
    /// Nil when either name is not ASCII: String comparison is canonical equivalence
    /// there (a Kelvin sign equals "K"), and the answer must stay the one ``key(_:)`` gives.
    private static func asciiIsOurs(_ name: String, verdictHeader: String) -> Bool? {
        let n = name.utf8
        let v = verdictHeader.utf8
        guard n.allSatisfy({ $0 < 0x80 }), v.allSatisfy({ $0 < 0x80 }) else { return nil }
        let p = prefix.utf8
        if n.count >= p.count && zip(n, p).allSatisfy({ ASCII.lower($0) == $1 }) { return true }
        return n.count == v.count && zip(n, v).allSatisfy({ ASCII.lower($0) == ASCII.lower($1) })
    }

    /// The same test on a name already folded by ``key(_:)``.
    public static func isOurs(key: String, verdictHeader: String) -> Bool {
        key.hasPrefix(prefix) || key == Self.key(verdictHeader)
    }
}
