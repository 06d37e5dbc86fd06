import HooklineCore

/// Lexicon phrases that are one short plain word (`\bword\b`: one to four ASCII letters and
/// digits, caseless, a fixed length), found by looking up the stream's short words in a
/// table instead of by Vectorscan.
///
/// Short literals are what Vectorscan's literal matcher pays for most. Replayed over the
/// profile sample against the database without them (docs/PERFORMANCE.md, stop 26), the 39
/// phrases of one to three letters ("u", "su", "tu", "you", …) cost its stream scan ~27 k
/// instructions a message, the 78 of one to four ~32 k, all 253 of one to eight ~39 k: the
/// longer words are cheap literals to it, while each word the table looks up costs ~40.
/// With all 253 the table's pass cost ~45 k a message and saved nothing; with words of at
/// most four bytes most words are passed over on their length alone.
///
/// The language is the same: to Vectorscan without `HS_FLAG_UCP`, `\b` is a boundary between
/// a byte of `[0-9A-Za-z_]` and any other byte (or an end of the stream), so `\bword\b`
/// matches exactly the maximal runs of such bytes that spell the word (in either case, with
/// `HS_FLAG_CASELESS`). A run's end is known only at the byte after it, and that is where
/// Vectorscan reports it too: in the call that scans that byte, or when the stream closes.
/// ``PatternStreamState`` records the table's reports in the same call and the same way
/// (``WordTableTests`` compares every report with the database that compiles them).
struct WordTable: Sendable {
    static let maxBytes = 4

    /// Per byte: 0 when `\b` does not count it as a word byte, else the byte as a word key
    /// holds it: a letter lower-cased, a digit as it is, `_` as 0x7F (in no table word).
    static let classes: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        switch b {
        case 0x30...0x39, 0x61...0x7A: return UInt8(b)
        case 0x41...0x5A: return UInt8(b | 0x20)
        case 0x5F: return 0x7F
        default: return 0
        }
    }

    /// Slots: a word's bytes packed first byte highest (no byte is 0, so the packing is
    /// unique), 0 for an empty slot. A power of two long, at most a quarter full.
    private let keys: [UInt64]
    /// By slot: where its ids start in ``ids`` and how many there are.
    private let firsts: [Int32]
    private let counts: [Int32]
    /// Ids by slot, in the order the specs gave them.
    private let ids: [UInt32]
    private let shift: UInt64
    /// The ids the table answers for (left out of the compiled database).
    let taken: Set<UInt32>

    /// The table of `specs`' plain-word phrases, or nil when they have none. Nil too when an
    /// id is given twice (never by the config): one report per spec is not then one per id.
    init?(_ specs: [PatternSpec]) {
        var seen = Set<UInt32>()
        for spec in specs where !seen.insert(spec.id).inserted { return nil }
        var byKey: [UInt64: [UInt32]] = [:]
        var order: [UInt64] = []
        for spec in specs {
            guard let key = Self.key(spec) else { continue }
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(spec.id)
        }
        guard !order.isEmpty else { return nil }
        var size = 16
        while size < 4 * order.count { size *= 2 }
        let shift = UInt64(64 - size.trailingZeroBitCount)
        var keys = [UInt64](repeating: 0, count: size)
        var firsts = [Int32](repeating: 0, count: size)
        var counts = [Int32](repeating: 0, count: size)
        var ids: [UInt32] = []
        var taken = Set<UInt32>()
        for key in order {
            var i = Self.slot(key, shift: shift)
            while keys[i] != 0 { i = (i + 1) & (size - 1) }
            let group = byKey[key] ?? []
            keys[i] = key
            firsts[i] = Int32(ids.count)
            counts[i] = Int32(group.count)
            ids += group
            taken.formUnion(group)
        }
        self.keys = keys
        self.firsts = firsts
        self.counts = counts
        self.ids = ids
        self.shift = shift
        self.taken = taken
    }

    /// The key of a spec the table can answer for: a caseless phrase whose expression is
    /// `\b`, one to ``maxBytes`` ASCII letters and digits, `\b` (what
    /// `CompiledRules.phraseRegex` writes for a one-word phrase), of that length.
    static func key(_ spec: PatternSpec) -> UInt64? {
        guard spec.caseless else { return nil }
        let e = Array(spec.expression.utf8)
        let n = e.count - 4
        guard n >= 1, n <= maxBytes, spec.length == n, e[0] == 0x5C, e[1] == 0x62, e[n + 2] == 0x5C, e[n + 3] == 0x62
        else { return nil }
        var key: UInt64 = 0
        for b in e[2..<(n + 2)] {
            guard ASCII.isAlpha(b) || (b >= 0x30 && b <= 0x39) else { return nil }
            key = key << 8 | UInt64(classes[Int(b)])
        }
        return key
    }

    @inline(__always)
    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Where the ids of the word packed in `key` (as ``key(_:)`` packs it) are (``id(_:)``);
    /// empty when it is not in the table.
    @inline(__always)
    func find(_ key: UInt64) -> Range<Int> {
        keys.withUnsafeBufferPointer { keys in
            let mask = keys.count - 1
            var i = Self.slot(key, shift: shift)
            while true {
                let k = keys[i]
                if k == key {
                    let first = Int(firsts[i])
                    return first..<(first + Int(counts[i]))
                }
                if k == 0 { return 0..<0 }
                i = (i + 1) & mask
            }
        }
    }

    /// The id at `index` of a range ``find(_:)`` gave.
    @inline(__always)
    func id(_ index: Int) -> UInt32 { ids[index] }

    /// The ids of the word packed in `key`, empty when none (tests).
    func ids(of key: UInt64) -> ArraySlice<UInt32> { ids[find(key)] }

    /// Eight bytes (as `UInt64(littleEndian:)` reads them) to `0x80` in each byte `\b` counts as a word byte
    /// (`[0-9A-Za-z_]`, as ``classes`` is not 0), 0 in the others. Byte ranges by adding to
    /// the low seven bits (no carry leaves a byte) and reading the top bit; a byte with its
    /// top bit set (UTF-8 beyond ASCII) is never a word byte. Digits are tested before the
    /// case fold (`| 0x20` would take 0x10-0x19 to digits), letters after it.
    @inline(__always)
    static func wordBytes(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let low = x & ~high
        let folded = low | 0x2020_2020_2020_2020
        let digit = (low &+ 0x50 &* ones) & ~(low &+ 0x46 &* ones)
        let letter = (folded &+ 0x1F &* ones) & ~(folded &+ 0x05 &* ones)
        let underscore = (low &+ 0x21 &* ones) & ~(low &+ 0x20 &* ones)
        return (digit | letter | underscore) & ~x & high
    }

    /// The key (as ``key(_:)`` packs it, through ``classes``) of the `length` (0-8) word bytes
    /// just before `end`: one eight-byte load ending there, so the eight bytes before `end`
    /// must be readable (``ScanStaging``'s zeroed guard before a placed buffer).
    /// On a word byte `| 0x20` is ``classes``: letters lower-cased, digits as they are, `_` 0x7F.
    @inline(__always)
    static func key(endingAt end: UnsafeRawPointer, length: Int) -> UInt64 {
        let bytes = UInt64(bigEndian: (end - 8).loadUnaligned(as: UInt64.self))
        let mask: UInt64 = length >= 8 ? ~0 : (1 &<< UInt64(8 * length)) &- 1
        return (bytes | 0x2020_2020_2020_2020) & mask
    }
}
