import HooklineCore

/// ``MessageFeatures/name(_:spells:)`` on bytes, for an ASCII display name and an ASCII
/// label without a carriage return. Every message with an authenticated From asks it
/// (`sender_identity`), and the `String` way lower-cased the name, filtered it, split it
/// into words and built the initials, the flattened label and its prefixes as new strings
/// (~11 k instructions a message in the daemon). Here the name's letters and digits are
/// copied once, lower-cased, and its words are ranges of that copy: in an ASCII name the
/// words (runs of letters and digits, CR LF being neither) are exactly those runs, and in
/// such a label a `Character` is a byte, so counts, prefixes, equality and Foundation's
/// search are the bytes'. `NameSpellingBytesTests` holds it to the `String` way.
enum NameSpelling {
    /// The answer of ``MessageFeatures/name(_:spells:)``; nil when the strings are not
    /// contiguous ASCII (or the label holds a CR): then the `String` way answers.
    static func ascii(_ displayName: String, spells label: String) -> Bool? {
        let answer = displayName.utf8.withContiguousStorageIfAvailable { d in
            label.utf8.withContiguousStorageIfAvailable { l -> Bool? in
                guard ASCII.isASCII(d), ASCII.isASCII(l), !l.contains(0x0D) else { return nil }
                return spells(d, l)
            }
        }
        return (answer ?? nil) ?? nil
    }

    private static func isLetterOrDigit(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
    }

    private static func spells(_ d: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>) -> Bool {
        // The name's letters and digits, lower-cased (`lettersAndDigits` of the lowered
        // name), and its words as ranges of them (`words` of the lowered name).
        var squashed: [UInt8] = []
        squashed.reserveCapacity(d.count)
        var words: [Range<Int>] = []
        var start = -1
        for c in d {
            if isLetterOrDigit(c) {
                if start < 0 { start = squashed.count }
                squashed.append(ASCII.lower(c))
            } else if start >= 0 {
                words.append(start..<squashed.count)
                start = -1
            }
        }
        if start >= 0 { words.append(start..<squashed.count) }

        // A hyphenated label of two or more words of three letters up: each word's first
        // five letters are in the name.
        var pieces = 0
        forEachPiece(l) { if $0.count >= 3 { pieces += 1 } }
        if pieces > 1 {
            var all = true
            forEachPiece(l) { r in
                guard r.count >= 3, all else { return }
                all = contains(squashed[...], l[r.lowerBound..<min(r.upperBound, r.lowerBound + 5)])
            }
            return all
        }
        let flat = l.filter { $0 != UInt8(ascii: "-") }
        if words.count >= 2, flat.count >= 3 {
            // Initials, or the first word whole and the others' initials.
            if flat.count == words.count && zip(flat, words).allSatisfy({ $0 == squashed[$1.lowerBound] }) { return true }
            let first = words[0]
            if flat.count == first.count + words.count - 1 && squashed[first].elementsEqual(flat[..<first.count])
                && zip(flat[first.count...], words.dropFirst()).allSatisfy({ $0 == squashed[$1.lowerBound] })
            {
                return true
            }
        }
        if flat.count == 2 || flat.count == 3 { return words.first.map { squashed[$0].elementsEqual(flat) } ?? false }
        guard flat.count >= 4, squashed.count >= 4 else { return false }
        if contains(squashed[...], flat[...]) || squashed.starts(with: flat.prefix(6)) { return true }
        guard flat.count >= 6 else { return false }
        // A leading article is no part of the name a domain spells.
        let named =
            words.count > 2 && MessageFeatures.articles.contains(String(decoding: squashed[words[0]], as: UTF8.self))
            ? words.dropFirst() : words[...]
        let label = flat[...], spelled = named.map { Array(squashed[$0]) }[...]
        if MessageFeatures.abbreviates(label, spelled, used: 0) { return true }
        for k in 2...3 where spelled.count > k && label.count > k {
            if zip(label, spelled.prefix(k)).allSatisfy({ $0 == $1.first }),
                MessageFeatures.abbreviates(label.dropFirst(k), spelled.dropFirst(k), used: k)
            {
                return true
            }
        }
        return false
    }

    /// The non-empty pieces of `l` between hyphens (`split(separator: "-")`), as ranges.
    private static func forEachPiece(_ l: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = 0
        for i in 0..<l.count where l[i] == UInt8(ascii: "-") {
            if start < i { body(start..<i) }
            start = i + 1
        }
        if start < l.count { body(start..<l.count) }
    }

    /// Foundation's `contains` on ASCII: a byte search that finds no empty needle.
    private static func contains<N: Collection>(_ hay: ArraySlice<UInt8>, _ needle: N) -> Bool where N.Element == UInt8 {
        guard let first = needle.first, needle.count <= hay.count else { return false }
        let n = needle.count
        var i = hay.startIndex
        while i <= hay.endIndex - n {
            if hay[i] == first && hay[i..<(i + n)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
