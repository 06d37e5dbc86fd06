import HooklineCore

/// Finds the next byte the HTML extractor must look at, eight bytes at a time: text runs
/// and tag bodies are long stretches of bytes it only passes over.
///
/// Each word is compared with every wanted byte at once (XOR, then the "has a zero byte"
/// test); the lowest flagged byte is exact (a borrow can flag bytes only above a true zero),
/// so the first hit is the first wanted byte. `MarkupScanTests` compares with a plain loop.
enum MarkupScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Flags (high bit of each byte) the bytes of `word` equal to the byte `pattern` repeats.
    @inline(__always)
    private static func equal(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highs
    }

    /// The index of the first `a` or `b` in `input[from...]`, or `input.count`.
    @inline(__always)
    static func first(_ a: UInt8, _ b: UInt8, in input: UnsafeRawBufferPointer, from: Int) -> Int {
        let n = input.count
        var i = from
        if let base = input.baseAddress {
            let pa = ones &* UInt64(a), pb = ones &* UInt64(b)
            while i + 8 <= n {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let hit = equal(w, pa) | equal(w, pb)
                if hit != 0 { return i + hit.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n {
            let c = input[i]
            if c == a || c == b { return i }
            i += 1
        }
        return n
    }

    /// The index of the first ";" in `input[from...]`, or `input.count`; nil when a "&" or a
    /// byte of 0x80 or more comes first. An inline style's declarations are found with it,
    /// every byte passed once, so the test that the style is plain (and can be parsed in
    /// place, ``HTMLStyle/inline(_:)``) costs one more OR a word instead of a pass of its own.
    @inline(__always)
    static func declarationEnd(in input: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = input.count
        var i = from
        if let base = input.baseAddress {
            let semicolon = ones &* UInt64(ASCII.semicolon), amp = ones &* UInt64(UInt8(ascii: "&"))
            while i + 8 <= n {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                // A high byte flags itself exactly, and borrows flag bytes only above a true
                // zero: the lowest flag is a true ";", "&" or high byte.
                let hit = equal(w, semicolon) | equal(w, amp) | (w & highs)
                if hit != 0 {
                    let k = i + hit.trailingZeroBitCount >> 3
                    return input[k] == ASCII.semicolon ? k : nil
                }
                i += 8
            }
        }
        while i < n {
            let c = input[i]
            if c == ASCII.semicolon { return i }
            if c >= 0x80 || c == UInt8(ascii: "&") { return nil }
            i += 1
        }
        return n
    }

    /// The index of the first `a`, `b` or `c` in `input[from...]`, or `input.count`.
    @inline(__always)
    static func first(_ a: UInt8, _ b: UInt8, _ c: UInt8, in input: UnsafeRawBufferPointer, from: Int) -> Int {
        let n = input.count
        var i = from
        if let base = input.baseAddress {
            let pa = ones &* UInt64(a), pb = ones &* UInt64(b), pc = ones &* UInt64(c)
            while i + 8 <= n {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let hit = equal(w, pa) | equal(w, pb) | equal(w, pc)
                if hit != 0 { return i + hit.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n {
            let x = input[i]
            if x == a || x == b || x == c { return i }
            i += 1
        }
        return n
    }
}
