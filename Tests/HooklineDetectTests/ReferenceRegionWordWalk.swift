@testable import HooklineDetect

/// `hookline_region_words` (region_words.c) as it was before its walk kept a word of the maps
/// at hand: each end looked for in the maps from scratch, the slice's end tested apart, the
/// closing byte read to tell a special one, the number words told by a test of their own, the
/// words looked up in `RegionEvidence.wordEntries` itself. For `RegionWordWalkTests`.
enum ReferenceRegionWordWalk {
    private static func bit(_ map: UnsafePointer<UInt64>, _ k: Int) -> Bool { map[k >> 6] >> UInt64(k & 63) & 1 != 0 }

    /// The walk from `start` over `len` bytes at `src`; adds to `votes` (13), marks `spelled`,
    /// sets `lastBegin` as the C walk does, and returns where it stops.
    static func walk(
        _ src: UnsafePointer<UInt8>, _ len: Int, from start: Int, letters: UnsafePointer<UInt64>,
        specials: UnsafePointer<UInt64>, spelled: UnsafeMutablePointer<UInt64>, votes: inout [Int], lastBegin: inout Int
    ) -> Int {
        let entries = RegionEvidence.wordEntries.entries
        let used = (len + 63) / 64
        var i = start
        while i < len {
            // The first letter or special byte from i on.
            var w = i >> 6
            var next = (letters[w] | specials[w]) & (~0 &<< UInt64(i & 63))
            while next == 0 && w + 1 < used {
                w += 1
                next = letters[w] | specials[w]
            }
            if next == 0 { return len }
            let p = w << 6 | next.trailingZeroBitCount
            if p >= len { return len }
            if !bit(letters, p) || p == 0 { return p }
            // The letter run p..<j.
            w = p >> 6
            var rest = ~letters[w] & (~0 &<< UInt64(p & 63))
            while rest == 0 && w + 1 < used {
                w += 1
                rest = ~letters[w]
            }
            if rest == 0 { return p }
            let j = w << 6 | rest.trailingZeroBitCount
            if j >= len { return p }
            let b = src[j]
            if b >= 0x80 || b == UInt8(ascii: "$") { return p }
            if j - p <= 8 {
                let word = RegionEvidence.packLetters(src, from: p, to: j)
                if SpelledNumberScanner.numberWord(word) != nil { spelled[p >> 6] |= 1 &<< UInt64(p & 63) }
                if let entry = entries[word] {
                    if entry >> 16 != 0 { return p }
                    if RegionEvidence.opensWord(src[p - 1]) && RegionEvidence.closesWord(b) {
                        for k in 0..<16 where entry >> UInt32(k) & 1 != 0 { votes[k] += 1 }
                    }
                }
            }
            lastBegin = p
            i = j + 1
        }
        return len
    }
}
