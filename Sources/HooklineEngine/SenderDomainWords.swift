import HooklineCore

/// Words inside a sender's domain name ("intesa-verifica-conto.it", "coinspot-au-secure.com").
///
/// A look-alike domain is registered for one campaign, so it spells out what it pretends
/// to be: a brand joined by hyphens to the service it fakes ("verify", "account",
/// "Sicherheit", "klantcontrole") or to a country code. Organisations send from their
/// name; a part of a hyphen-joined domain that holds such a word is the forger's label.
enum SenderDomainWords {
    /// The first word of `words` held by a hyphen-joined part of the address's domain, the
    /// top-level label left out. Domains without a hyphen never match: "verisign.com" or
    /// "kontor.dk" are names, not a brand plus a label.
    static func match(_ address: String?, _ words: [String]) -> String? {
        match(address, words, prepared: nil)
    }

    /// A `from_domain_word` list prepared once at load: whether every word is plain ASCII,
    /// and then each word's bytes, which `match` otherwise copied out of every word (some
    /// two hundred) for every message whose sender's domain has a hyphen.
    struct Words {
        let words: [String]
        let plain: [[UInt8]]?
        init(_ words: [String]) {
            self.words = words
            plain = words.allSatisfy(SenderDomainWords.plainASCII) ? words.map { Array($0.utf8) } : nil
        }

        /// `SenderDomainWords.match(address, words)`.
        func match(_ address: String?) -> String? { SenderDomainWords.match(address, words, prepared: self) }
    }

    /// `match`, with the list's bytes prepared (`Words`) or not.
    private static func match(_ address: String?, _ words: [String], prepared: Words?) -> String? {
        guard let address else { return nil }
        guard plainASCII(address) else { return matchOfString(address, words) }
        // On bytes: for ASCII without CR (no "\r\n" grapheme) a Character is a byte, so the
        // last "@", the lowercasing, the splits, the part's length and equality are the same;
        // `part.contains(word)` (Foundation's search, ~1-2 k instructions a word) becomes a
        // byte search, the same answer when the word is plain ASCII too (checked, else the
        // String form answers). Most domains have no hyphen and end at the first test.
        let utf8 = Array(address.utf8)
        guard let at = utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let domain = utf8[(at + 1)...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var labels = domain.split(separator: UInt8(ascii: "."))
        guard labels.count >= 2 else { return nil }
        labels.removeLast()
        var plainWords: [[UInt8]]?
        for label in labels where label.contains(UInt8(ascii: "-")) {
            if plainWords == nil {
                if let prepared {
                    guard let plain = prepared.plain else { return matchOfString(address, words) }
                    plainWords = plain
                } else {
                    guard words.allSatisfy(plainASCII) else { return matchOfString(address, words) }
                    plainWords = words.map { Array($0.utf8) }
                }
            }
            for part in label.split(separator: UInt8(ascii: "-")) where part.count >= 2 {
                for (i, w) in (plainWords ?? []).enumerated() where w.count <= 2 ? part.elementsEqual(w) : contains(part, w) {
                    return words[i]
                }
            }
        }
        return nil
    }

    /// ASCII without a carriage return: one byte per Character.
    private static func plainASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } }

    /// `match` on `String`s: the reference, and the way for anything outside plain ASCII.
    static func matchOfString(_ address: String, _ words: [String]) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        var labels = address[address.index(after: at)...].lowercased().split(separator: ".")
        guard labels.count >= 2 else { return nil }
        labels.removeLast()
        for label in labels where label.contains("-") {
            for part in label.split(separator: "-") where part.count >= 2 {
                // A country code ("danske-kunde-dk") stands alone; a word may be compounded
                // ("klantcontrole", "forderungsstelle").
                if let word = words.first(where: { $0.count <= 2 ? part == $0 : part.contains($0) }) { return word }
            }
        }
        return nil
    }

    /// The brand a From domain misspells ("microsftbilling.com.au" for microsoft,
    /// "paypa1-billing.com" for paypal): a label that begins one slip away from the brand's
    /// name (a letter dropped, doubled or swapped with its neighbour, or a look-alike
    /// digit) while the brand itself appears nowhere in the domain. Six letters or more,
    /// and only those slips: "barclaycard" or "telecom" are names of their own, not typos.
    static func misspelledBrand(_ address: String?, _ brands: [String]) -> String? {
        guard let address else { return nil }
        guard ASCII.isASCII(address) else { return misspelledBrandOfString(address, brands) }
        // On bytes: for ASCII the last "@" byte is the last "@" character, lowercasing is
        // per byte and the labels split on "." and "-" are the same; the String forms cost
        // ~90 k instructions per message (a lastIndex, a split and an array per brand).
        guard let (domain, labels) = asciiDomainLabels(address) else { return nil }
        let flat = domain.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ".") }
        var b: [UInt8] = []
        brands: for brand in brands {
            let u = brand.utf8
            let n = u.count
            guard n >= 6 else { continue }
            let b0 = u[u.startIndex], b1 = u[u.index(after: u.startIndex)]
            var copied = false
            for label in labels where label.count >= n - 1 {
                // A slip keeps the first letter, or the second (a look-alike digit first), or
                // swaps the two (`withinOneSlip`: a length change needs a common prefix, equal
                // lengths differ in one place or two neighbours): most labels fail all three,
                // and then the brand's bytes are not even copied.
                let l0 = domain[label.lowerBound], l1 = domain[label.lowerBound + 1]
                guard l0 == b0 || l1 == b1 || (l0 == b1 && l1 == b0) else { continue }
                if !copied {
                    b.removeAll(keepingCapacity: true)
                    b.append(contentsOf: u)
                    copied = true
                }
                for length in (n - 1)...(n + 1) where length <= label.count {
                    if withinOneSlip(domain[label.lowerBound..<(label.lowerBound + length)], b[...]) {
                        // A brand found whole in the domain is its name, not a slip: the
                        // test the String form makes first, made here only when it matters.
                        if contains(flat, b) { continue brands }
                        return brand
                    }
                }
            }
        }
        return nil
    }

    /// A `from_domain_misspells` list prepared once at load: each brand's bytes, and the
    /// brands by their first and second byte. `misspelledBrand` tried every brand (seventy
    /// in the shipped list) against every label of the sender's domain, reading each brand's
    /// bytes out of its `String` again for every message (~19 k instructions a message that
    /// asks); a brand can only be found in a label that starts with its first byte, or has
    /// its second byte second, or its first two swapped, so only those brands are tried.
    struct BrandIndex {
        let brands: [String]
        /// Each brand's UTF-8 bytes; empty for one shorter than six bytes (never a slip).
        private let bytes: [[UInt8]]
        /// Brands (of six bytes or more) by their first byte, and by their second, in list order.
        private let byFirst: [[Int]]
        private let bySecond: [[Int]]

        init(_ brands: [String]) {
            self.brands = brands
            var bytes: [[UInt8]] = []
            var first = [[Int]](repeating: [], count: 256)
            var second = first
            for (i, brand) in brands.enumerated() {
                let b = Array(brand.utf8)
                guard b.count >= 6 else {
                    bytes.append([])
                    continue
                }
                bytes.append(b)
                first[Int(b[0])].append(i)
                second[Int(b[1])].append(i)
            }
            self.bytes = bytes
            byFirst = first
            bySecond = second
        }

        /// `SenderDomainWords.misspelledBrand(address, brands)`.
        ///
        /// An ASCII address is read in place and its domain, labels, candidates and flattened
        /// bytes kept in stack buffers: the arrays of `asciiDomainLabels` (grown a byte at a
        /// time), the candidates and the flattened domain were ~11 k instructions a call (one
        /// message in two asks). `misspelledBrand` over the list is the reference.
        func misspelled(_ address: String?) -> String? {
            guard var address else { return nil }
            guard ASCII.isASCII(address) else { return misspelledBrandOfString(address, brands) }
            let found = address.withUTF8 { u -> Int in
                var at = u.count
                while at > 0 {
                    at -= 1
                    if u[at] == UInt8(ascii: "@") { return misspelled(asciiDomain: UnsafeBufferPointer(rebasing: u[(at + 1)...])) }
                }
                return -1
            }
            return found >= 0 ? brands[found] : nil
        }

        /// The index of the brand the (not yet lower-cased) ASCII domain misspells, or -1.
        private func misspelled(asciiDomain raw: UnsafeBufferPointer<UInt8>) -> Int {
            let n = raw.count
            guard n > 0 else { return -1 }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * n) { scratch -> Int in
                guard let base = scratch.baseAddress else { return -1 }
                let domain = UnsafeMutableBufferPointer(start: base, count: n)
                let flat = base + n
                var flatCount = 0
                for k in 0..<n {
                    let c = raw[k]
                    domain[k] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                    if c != UInt8(ascii: "-") && c != UInt8(ascii: ".") {
                        flat[flatCount] = domain[k]
                        flatCount += 1
                    }
                }
                let flatBytes = UnsafeBufferPointer(start: flat, count: flatCount)
                // Labels split on "." and "-", empty ones left out, as `asciiDomainLabels`
                // splits them: at most one per two bytes, as start and end.
                return withUnsafeTemporaryAllocation(of: Int.self, capacity: n + 1) { bounds -> Int in
                    var labels = 0
                    var start = 0
                    for k in 0...n where k == n || domain[k] == UInt8(ascii: "-") || domain[k] == UInt8(ascii: ".") {
                        if start < k {
                            bounds[2 * labels] = start
                            bounds[2 * labels + 1] = k
                            labels += 1
                        }
                        start = k + 1
                    }
                    return withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(brands.count, 1)) { candidate -> Int in
                        candidate.initialize(repeating: false)
                        var any = false
                        for l in 0..<labels where bounds[2 * l + 1] - bounds[2 * l] >= 5 {
                            let l0 = domain[bounds[2 * l]], l1 = domain[bounds[2 * l] + 1]
                            for i in byFirst[Int(l0)] { candidate[i] = true }
                            for i in bySecond[Int(l1)] { candidate[i] = true }
                            for i in byFirst[Int(l1)] where self.bytes[i][1] == l0 { candidate[i] = true }
                            any = any || !byFirst[Int(l0)].isEmpty || !bySecond[Int(l1)].isEmpty || !byFirst[Int(l1)].isEmpty
                        }
                        guard any else { return -1 }
                        brands: for i in brands.indices where candidate[i] {
                            let found = self.bytes[i].withUnsafeBufferPointer { b -> Bool? in
                                let count = b.count
                                let b0 = b[0], b1 = b[1]
                                for l in 0..<labels where bounds[2 * l + 1] - bounds[2 * l] >= count - 1 {
                                    let s = bounds[2 * l], e = bounds[2 * l + 1]
                                    let l0 = domain[s], l1 = domain[s + 1]
                                    guard l0 == b0 || l1 == b1 || (l0 == b1 && l1 == b0) else { continue }
                                    for length in (count - 1)...(count + 1) where length <= e - s {
                                        let label = UnsafeBufferPointer(rebasing: domain[s..<(s + length)])
                                        if withinOneSlip(label[...], b[...]) {
                                            // A brand found whole in the domain is its name, not a slip.
                                            return contains(flatBytes, b) ? nil : true
                                        }
                                    }
                                }
                                return false
                            }
                            switch found {
                            case .some(true): return i
                            case .none: continue brands
                            case .some(false): continue
                            }
                        }
                        return -1
                    }
                }
            }
        }
    }

    /// An ASCII address's domain (after the last "@"), lower-cased, and its labels split on
    /// "." and "-", as both `misspelledBrand` and ``BrandIndex`` read them; nil without "@".
    static func asciiDomainLabels(_ address: String) -> (domain: [UInt8], labels: [Range<Int>])? {
        var domain: [UInt8] = []
        var sawAt = false
        for c in address.utf8 {
            if c == UInt8(ascii: "@") {
                domain.removeAll(keepingCapacity: true)
                sawAt = true
            } else {
                domain.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
            }
        }
        guard sawAt else { return nil }
        var labels: [Range<Int>] = []
        var start = 0
        for (i, c) in domain.enumerated() where c == UInt8(ascii: "-") || c == UInt8(ascii: ".") {
            if start < i { labels.append(start..<i) }
            start = i + 1
        }
        if start < domain.count { labels.append(start..<domain.count) }
        return (domain, labels)
    }

    /// `misspelledBrand` on `String`s: the reference, and the way for an address outside ASCII
    /// (whose "@" may carry a combining mark and whose case folds by Unicode's rules).
    static func misspelledBrandOfString(_ address: String, _ brands: [String]) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = String(address[address.index(after: at)...]).lowercased()
        let flat = Array(domain.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: ".") })
        let labels = domain.split(whereSeparator: { $0 == "." || $0 == "-" }).map { Array($0.utf8) }
        for brand in brands where brand.utf8.count >= 6 {
            let b = Array(brand.utf8)
            if contains(flat, b) { continue }
            for label in labels {
                for length in (b.count - 1)...(b.count + 1) where length <= label.count {
                    if withinOneSlip(label[0..<length], b[...]) { return brand }
                }
            }
        }
        return nil
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool { contains(hay[...], needle) }

    /// `contains(Array(hay), Array(needle))` on buffers.
    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= hay.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == first {
            var k = 1
            while k < needle.count && hay[i + k] == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        return false
    }

    private static func contains(_ hay: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= hay.count else { return false }
        let s = hay.startIndex
        for i in s...(hay.endIndex - needle.count) where hay[i] == first {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Digits typed for the letters they resemble ("0o", "1l", "1i", "5s", "3e", "4a", "8b",
    /// "9g", either way round).
    private static func lookAlike(_ x: UInt8, _ y: UInt8) -> Bool {
        switch (x, y) {
        case (0x30, 0x6F), (0x6F, 0x30), (0x31, 0x6C), (0x6C, 0x31), (0x31, 0x69), (0x69, 0x31), (0x35, 0x73), (0x73, 0x35),
            (0x33, 0x65), (0x65, 0x33), (0x34, 0x61), (0x61, 0x34), (0x38, 0x62), (0x62, 0x38), (0x39, 0x67), (0x67, 0x39):
            return true
        default:
            return false
        }
    }

    /// One letter dropped or added inside the name, two neighbours swapped, or a look-alike
    /// digit (not equal).
    static func withinOneSlip(_ a: [UInt8], _ b: [UInt8]) -> Bool { withinOneSlip(a[...], b[...]) }

    /// The same on slices, without an array per comparison: every label of a sender's domain
    /// is tried against every brand of the list at three lengths.
    /// Generic so that ``BrandIndex`` compares its stack buffers' slices with the same code.
    static func withinOneSlip<C: RandomAccessCollection<UInt8>>(_ a: C, _ b: C) -> Bool where C.Index == Int {
        if a.elementsEqual(b) { return false }
        let a0 = a.startIndex, b0 = b.startIndex
        if a.count == b.count {
            // The positions that differ: one (a look-alike digit) or two neighbours swapped.
            var d0 = -1, d1 = -1
            for k in 0..<a.count where a[a0 + k] != b[b0 + k] {
                if d0 < 0 { d0 = k } else if d1 < 0 { d1 = k } else { return false }
            }
            if d1 < 0 { return d0 >= 0 && lookAlike(a[a0 + d0], b[b0 + d0]) }
            return d1 == d0 + 1 && a[a0 + d0] == b[b0 + d1] && a[a0 + d1] == b[b0 + d0]
        }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.count - short.count == 1 else { return false }
        // Only inside the name: "barclay" of barclaycard and "cloud" of cloudnote are stems
        // and words, not slips.
        let s0 = short.startIndex, l0 = long.startIndex
        var i = 0
        while i < short.count && short[s0 + i] == long[l0 + i] { i += 1 }
        guard i > 0, i < short.count else { return false }
        return short[(s0 + i)...].elementsEqual(long[(l0 + i + 1)...])
    }
}
