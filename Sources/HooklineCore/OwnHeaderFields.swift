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
    /// in place instead of building two folded Strings (1.8 % of steady-state instructions),
    /// over the strings' contiguous UTF-8 (the generic `zip` over two `UTF8View`s cost ~700
    /// instructions a header). Nil when either name is not ASCII: String comparison is
    /// canonical equivalence there (a Kelvin sign equals "K"), and the answer must stay the
    /// one ``key(_:)`` gives; nil too for a string without contiguous UTF-8.
    static func asciiIsOurs(_ name: String, verdictHeader: String) -> Bool? {
        let answer = name.utf8.withContiguousStorageIfAvailable { n -> Bool? in
            verdictHeader.utf8.withContiguousStorageIfAvailable { v -> Bool? in
                var high: UInt8 = 0
                for c in n { high |= c }
                for c in v { high |= c }
                guard high < 0x80 else { return nil }
                let p: StaticString = "x-hookline-"
                let pn = p.utf8CodeUnitCount
                if n.count >= pn {
                    var same = true
                    for i in 0..<pn where ASCII.lower(n[i]) != p.utf8Start[i] {
                        same = false
                        break
                    }
                    if same { return true }
                }
                guard n.count == v.count else { return false }
                for i in 0..<n.count where ASCII.lower(n[i]) != ASCII.lower(v[i]) { return false }
                return true
            } ?? nil
        }
        return answer ?? nil
    }

    /// The same test on a name already folded by ``key(_:)``.
    public static func isOurs(key: String, verdictHeader: String) -> Bool {
        key.hasPrefix(prefix) || key == Self.key(verdictHeader)
    }
}
