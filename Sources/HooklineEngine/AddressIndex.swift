import HooklineCore

/// Address lists (a `from:` condition's entries, every platform's senders) indexed once at
/// config load for ``DomainSuffix/address(_:matches:)``.
///
/// Every message asked every entry in turn: the webmail list alone has 125, the platforms'
/// senders some hundreds, ~0.15 M instructions per message (docs/PERFORMANCE.md). An ASCII
/// "@domain" entry matches exactly the addresses with a suffix "@domain" or ".domain", so the
/// entries an ASCII address can match are found by looking up each of its suffixes that
/// follow an "@" or a "." (two or three), and a whole-address entry by looking up the address.
/// Entries or addresses outside ASCII take the entry-by-entry test, unchanged: `String`
/// compares them by canonical equivalence, not by bytes.
package struct AddressIndex {
    /// ASCII entries without a leading "@": equal to the address.
    private var whole: [Substring: [Int]] = [:]
    /// ASCII "@domain" entries, by what follows the "@".
    private var domains: [Substring: [Int]] = [:]
    /// Entries with a byte above 0x7F, tested one by one.
    private var other: [(entry: String, owner: Int)] = []
    /// Every entry with its owner, for addresses outside ASCII.
    private var all: [(entry: String, owner: Int)] = []
    /// The entries as written (lowercased), every list's in turn.
    package var entries: [String] { all.map(\.entry) }

    /// `lists[i]`'s entries belong to owner `i`.
    package init(_ lists: [[String]]) {
        for (owner, list) in lists.enumerated() {
            for entry in list {
                all.append((entry, owner))
                guard ASCII.isASCII(entry) else { other.append((entry, owner)); continue }
                if entry.utf8.first == UInt8(ascii: "@") {
                    domains[entry.dropFirst(), default: []].append(owner)
                } else {
                    whole[entry[...], default: []].append(owner)
                }
            }
        }
    }

    /// One list, owner 0.
    package init(_ list: [String]) { self.init([list]) }

    /// Whether `a` matches any entry: `entries.contains { DomainSuffix.address(a, matches: $0) }`.
    package func matches(_ a: String) -> Bool {
        var hit = false
        forEachOwner(matching: a) { _ in hit = true }
        return hit
    }

    /// Calls `body` with the owner of every entry `a` matches, as many times as entries match,
    /// in no particular order.
    package func forEachOwner(matching a: String, _ body: (Int) -> Void) {
        guard ASCII.isASCII(a) else {
            for (entry, owner) in all where DomainSuffix.address(a, matches: entry) { body(owner) }
            return
        }
        if let owners = whole[a[...]] { owners.forEach(body) }
        if !domains.isEmpty {
            let utf8 = a.utf8
            var i = utf8.startIndex
            while i != utf8.endIndex {
                let b = utf8[i]
                i = utf8.index(after: i)
                if b == UInt8(ascii: "@") || b == UInt8(ascii: "."), let owners = domains[a[i...]] { owners.forEach(body) }
            }
        }
        for (entry, owner) in other where DomainSuffix.address(a, matches: entry) { body(owner) }
    }
}
