import HooklineCore
private import CSIMD

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
    /// 4,096 bits, one set for each key (`hookline_word_filter_bit`): `CSIMD` hands over only
    /// the short words whose bit is set (~2 % of the others), so most are never looked up.
    private let filter: [UInt64]
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
        var filter = [UInt64](repeating: 0, count: 64)
        for key in order {
            let bit = Int(hookline_word_filter_bit(UInt32(truncatingIfNeeded: key)))
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
        self.taken = taken
    }

    /// The key of a spec the table can answer for: a caseless phrase whose expression is
    /// `\b`, one to ``maxBytes`` ASCII letters and digits, `\b` (what
    /// `CompiledRules.phraseRegex` writes for a one-word phrase), of that length.
    static func key(_ spec: PatternSpec) -> UInt64? {
        // Length first: most of the ~2,400 specs end here, before their bytes are copied.
        guard spec.caseless, let length = spec.length, length >= 1, length <= maxBytes,
            spec.expression.utf8.count == length + 4
        else { return nil }
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

    /// Whether the stream databases take their one-word phrases from a table: only where
    /// `CSIMD` marks word bytes with AVX2 (elsewhere Vectorscan keeps them all, as before).
    static var available: Bool { hookline_has_avx2() != 0 }

    /// The run of word bytes a stream ends in, between calls of ``scan(_:run:_:)``: its
    /// length (5 for any from 5 on) and, when of at most ``maxBytes``, its key.
    struct Run {
        var length: UInt32 = 0
        var key: UInt32 = 0
    }

    /// Bytes a piece of ``scan(_:run:_:)`` marks at once: three 64-byte blocks, so the room
    /// for its words (``pieceBytes`` / 2 + 1 of 8 bytes) stays within the 1,024 bytes
    /// `withUnsafeTemporaryAllocation` always takes from the stack.
    static let pieceBytes = 192

    /// The table's words in `bytes`, after the run `run` (updated to the one they end in):
    /// `found` for each word of the table (of at most ``maxBytes``) that ends before the last
    /// byte, with the offset of the byte after it. `CSIMD` marks the word bytes 32 at a time,
    /// passes over longer words on their bits and short ones on ``filter``, so few are looked up.
    @inline(__always)
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, run: inout Run, _ found: (Int, Range<Int>) -> Void) {
        guard let first = bytes.baseAddress else { return }
        var state = hookline_word_run(length: run.length, key: run.key)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.pieceBytes / 2 + 1) { out in
            guard let words = out.baseAddress else { return }
            var at = 0
            while at < bytes.count {
                let n = min(Self.pieceBytes, bytes.count - at)
                let count = filter.withUnsafeBufferPointer { bits in
                    hookline_short_words(first + at, n, &state, bits.baseAddress, words)
                }
                for i in 0..<count {
                    let entry = words[i]
                    let ids = find(entry & 0xFFFF_FFFF)
                    if !ids.isEmpty { found(at + Int(truncatingIfNeeded: entry >> 32), ids) }
                }
                at += n
            }
        }
        run = Run(length: state.length, key: state.key)
    }
}
