private import CSIMD

/// The one door to `CSIMD`'s word walk (``RegionEvidence/scan(_:marking:)``): the plain words
/// of a slice, found in its letter map and looked up in ``RegionEvidence/wordEntries`` in C,
/// where the Swift walk paid ~140 instructions a word (the run's ends, the packing, the
/// table's probe through array bounds checks, the state kept current for every word).
final class RegionWordWalk: Sendable {
    /// Open addressing as ``PackedWordTable`` lays it out (0: a free slot), built once.
    private nonisolated(unsafe) let keys: UnsafeMutablePointer<UInt64>
    private nonisolated(unsafe) let values: UnsafeMutablePointer<UInt32>
    private let shift: UInt64
    private let mask: Int

    /// What the walk adds to the evidence: votes by ``RegionEvidence/Language`` and where the
    /// last word it took began (-1: none).
    struct Tally {
        var votes: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var lastBegin = -1

        /// Adds the walk's votes to `votes` (``RegionEvidence/votes``).
        func add(to votes: inout [Int]) {
            withUnsafeBytes(of: self.votes) { raw in
                for k in votes.indices {
                    let v = raw.load(fromByteOffset: k &* MemoryLayout<Int>.stride, as: Int.self)
                    if v != 0 { votes[k] += v }
                }
            }
        }
    }

    /// `entries` and the number words (``SpelledNumberScanner/words``), flagged: the walk
    /// learns that a word is one from the probe it makes anyway, where a test of its own for
    /// each word cost ~9 instructions.
    init(_ entries: [UInt64: UInt32]) {
        var entries = entries
        for word in SpelledNumberScanner.words {
            entries[RegionEvidence.pack(word), default: 0] |= UInt32(HOOKLINE_REGION_NUMBER_WORD)
        }
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 4 { bits += 1 }
        let size = 1 << Int(bits)
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
        shift = 64 - bits
        mask = size - 1
        for (key, value) in entries where key != 0 {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// From `i` (no word open, no rupee sign pending): takes the plain words (letters after
    /// byte 0, closed inside the slice by a byte that is no UTF-8 and no "$", no currency,
    /// "kr" or "rs") into `tally` and `stops`' spelled marks; returns the first letter or
    /// special byte left to `scan`, or `n`. `stops` must hold the slice's maps.
    @inline(__always)
    func walk(_ base: UnsafePointer<UInt8>, _ n: Int, from i: Int, _ stops: borrowing SliceStops, _ tally: inout Tally) -> Int {
        var table = hookline_region_table(keys: UnsafePointer(keys), values: UnsafePointer(values), shift: shift, mask: mask)
        var lastBegin = tally.lastBegin
        let letters = stops.letters, specials = stops.specials, spelled = stops.spelled
        let next = withUnsafeMutableBytes(of: &tally.votes) { votes in
            guard let votes = votes.baseAddress?.assumingMemoryBound(to: Int.self) else { return i }
            return hookline_region_words(base, n, i, letters, specials, spelled, &table, votes, &lastBegin)
        }
        tally.lastBegin = lastBegin
        return next
    }
}
