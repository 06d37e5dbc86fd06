/// Where in one slice of normalised text the idle phone and spelled-number scanners must
/// stop, marked by ``RegionEvidence/scan(_:marking:)`` as it walks the slice for its own words.
///
/// Three scanners read every byte of the text: ``RegionEvidence`` its words, and the phone and
/// spelled-number scanners, idle nearly all the time, a byte that may begin a number. The
/// first already tells letters from the rest, a word at a time; it marks, one bit a byte, the
/// bytes the other two stop at, and they pass from one mark to the next instead of testing
/// every byte again (~7 and ~9 instructions a byte of prose). The marks depend on the slice's
/// bytes alone, never on the scanners' state, so each scanner still decides what a stop means.
struct SliceStops {
    /// Bit `k`: ``PhoneScanner/skipProse(_:from:_:)`` stops at byte `k`: a digit, "+", "(",
    /// "[", or "o", "l", "i", "|" not after a word byte (at `k` = 0, whatever came before).
    let phone: UnsafeMutablePointer<UInt64>
    /// Bit `k`: ``SpelledNumberScanner``'s idle skip stops at byte `k`: a digit, or the first
    /// letter of a number word.
    let spelled: UnsafeMutablePointer<UInt64>
    /// Bit `k`: byte `k` is "a"..."z" (``RegionEvidence/scan(_:marking:)``'s own map).
    let letters: UnsafeMutablePointer<UInt64>
    /// Bit `k`: byte `k` is UTF-8 (>= 0x80) or "$", which `scan` reads byte by byte.
    let specials: UnsafeMutablePointer<UInt64>
    /// False when the slice holds an ASCII capital: the spelled-number scanner's words are
    /// letters of either case, and the marks, made from lower-case words, do not say where
    /// they begin; it passes over that slice on its own.
    var spelledExact = true

    /// Words of each map for a slice of ``TextAnalyzerBlocks/sliceCapacity`` bytes.
    static let words = (TextAnalyzerBlocks.sliceCapacity + 63) / 64
    /// The maps in the memory `init(memory:)` takes.
    static let maps = 4

    /// The four maps, ``words`` each, one after the other in `memory`.
    init(memory: UnsafeMutablePointer<UInt64>) {
        phone = memory
        spelled = memory + Self.words
        letters = memory + 2 * Self.words
        specials = memory + 3 * Self.words
    }

    /// Clears the marks of the first `count` bytes, for a new slice.
    @inline(__always)
    mutating func clear(_ count: Int) {
        let used = (count + 63) >> 6
        phone.update(repeating: 0, count: used)
        spelled.update(repeating: 0, count: used)
        spelledExact = true
    }

    @inline(__always)
    static func mark(_ map: UnsafeMutablePointer<UInt64>, _ k: Int) {
        map[k >> 6] |= 1 &<< UInt64(k & 63)
    }

    /// The first marked index from `i` on among `count` bytes, or `count`.
    @inline(__always)
    static func next(_ map: UnsafeMutablePointer<UInt64>, from i: Int, count: Int) -> Int {
        guard i < count else { return count }
        var w = i >> 6
        var bits = map[w] & (~0 &<< UInt64(i & 63))
        let used = (count + 63) >> 6
        while bits == 0 {
            w += 1
            if w >= used { return count }
            bits = map[w]
        }
        return min(count, w << 6 | bits.trailingZeroBitCount)
    }
}
