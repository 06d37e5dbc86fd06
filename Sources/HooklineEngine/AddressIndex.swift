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
    /// ASCII entries without a leading "@" (equal to the address), by their bytes; the
    /// value is the index of their owners in `owners`.
    private var whole = ByteKeyTable([])
    /// ASCII "@domain" entries, by the bytes that follow the "@".
    private var domains = ByteKeyTable([])
    /// The owners of each distinct key of `whole` and `domains`, in the order given.
    private var owners: [[Int]] = []
    /// Entries with a byte above 0x7F, tested one by one.
    private var other: [(entry: String, owner: Int)] = []
    /// Every entry with its owner, for addresses outside ASCII.
    private var all: [(entry: String, owner: Int)] = []
    /// The entries as written (lowercased), every list's in turn.
    package var entries: [String] { all.map(\.entry) }

    /// `lists[i]`'s entries belong to owner `i`.
    package init(_ lists: [[String]]) {
        // Built once at load. Each kind's (key, owner) pairs go into a table whose value is
        // the first pair with the key; that pair's place then gathers the key's owners in
        // order, and the table is built again with those places as values.
        var wholePairs: [([UInt8], Int)] = []
        var domainPairs: [([UInt8], Int)] = []
        for (owner, list) in lists.enumerated() {
            for entry in list {
                all.append((entry, owner))
                guard ASCII.isASCII(entry) else { other.append((entry, owner)); continue }
                if entry.utf8.first == UInt8(ascii: "@") {
                    domainPairs.append((Array(entry.utf8.dropFirst()), owner))
                } else {
                    wholePairs.append((Array(entry.utf8), owner))
                }
            }
        }
        var owners: [[Int]] = []
        func table(_ pairs: [([UInt8], Int)]) -> ByteKeyTable {
            let first = ByteKeyTable(pairs.indices.map { (pairs[$0].0, $0) })
            var place = [Int](repeating: -1, count: pairs.count)
            for (key, owner) in pairs {
                guard let f = key.withUnsafeBufferPointer({ first.value($0) }) else { continue }
                if place[f] < 0 {
                    place[f] = owners.count
                    owners.append([])
                }
                owners[place[f]].append(owner)
            }
            return ByteKeyTable(pairs.indices.compactMap { place[$0] >= 0 ? (pairs[$0].0, place[$0]) : nil })
        }
        whole = table(wholePairs)
        domains = table(domainPairs)
        self.owners = owners
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
        let done = a.utf8.withContiguousStorageIfAvailable { b -> Bool in
            guard ASCII.isASCII(b) else { return false }
            if whole.count > 0, let k = whole.value(b) { owners[k].forEach(body) }
            if domains.count > 0 {
                var i = 0
                while i < b.count {
                    let c = b[i]
                    i += 1
                    if c == UInt8(ascii: "@") || c == UInt8(ascii: "."),
                        let k = domains.value(UnsafeBufferPointer(rebasing: b[i...]))
                    {
                        owners[k].forEach(body)
                    }
                }
            }
            for (entry, owner) in other where DomainSuffix.address(a, matches: entry) { body(owner) }
            return true
        }
        if done == true { return }
        for (entry, owner) in all where DomainSuffix.address(a, matches: entry) { body(owner) }
    }
}

/// A domain list (an `auth_domain` condition's) indexed once at load for
/// `list.contains { DomainSuffix.isDomainOrSubdomain(d, of: $0) }`: every authenticated
/// domain of every message was compared with every entry in turn (a few hundred brand and
/// authority domains, ~100 comparisons and ~20 k instructions a message). For ASCII `d` and
/// an ASCII entry, `d == entry || d.hasSuffix("." + entry)` holds exactly when the entry is
/// `d` or what follows one of `d`'s dots, so those few suffixes are looked up; entries or
/// domains outside ASCII (where `String` compares by canonical equivalence) take the
/// entry-by-entry test, unchanged.
package struct DomainIndex {
    private var ascii = ByteKeyTable([])
    /// Entries with a byte above 0x7F, tested one by one.
    private var other: [String] = []
    /// The entries as given, for domains outside ASCII.
    package let entries: [String]

    package init(_ entries: [String]) {
        self.entries = entries
        var keys: [([UInt8], Int)] = []
        for e in entries {
            if ASCII.isASCII(e) { keys.append((Array(e.utf8), 0)) } else { other.append(e) }
        }
        ascii = ByteKeyTable(keys)
    }

    /// Whether `d` is an entry or a subdomain of one.
    package func covers(_ d: String) -> Bool {
        let known = d.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            guard ASCII.isASCII(b) else { return nil }
            if ascii.count > 0 {
                if ascii.value(b) != nil { return true }
                var i = 0
                while i < b.count {
                    let c = b[i]
                    i += 1
                    if c == UInt8(ascii: "."), ascii.value(UnsafeBufferPointer(rebasing: b[i...])) != nil { return true }
                }
            }
            return other.contains { DomainSuffix.isDomainOrSubdomain(d, of: $0) }
        }
        if let answer = known ?? nil { return answer }
        return entries.contains { DomainSuffix.isDomainOrSubdomain(d, of: $0) }
    }
}
