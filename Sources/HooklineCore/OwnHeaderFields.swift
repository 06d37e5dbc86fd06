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
        isOurs(key: key(name), verdictHeader: verdictHeader)
    }

    /// The same test on a name already folded by ``key(_:)``.
    public static func isOurs(key: String, verdictHeader: String) -> Bool {
        key.hasPrefix(prefix) || key == Self.key(verdictHeader)
    }
}
