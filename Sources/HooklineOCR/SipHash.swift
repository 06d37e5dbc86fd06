/// SipHash (Aumasson and Bernstein), one state: the keyed hash behind ``ImageDigest``,
/// with the rounds of the standard library's `Hasher` (1 per word, 3 to finish) unless
/// told otherwise, and the reference's 128-bit output when made `wide`. A value type kept
/// in locals; `SipHashTests` checks it against the reference vectors (2-4, 64 and 128 bits)
/// and a plain byte-by-byte version.
struct SipHash {
    private var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64

    /// `wide`: the 128-bit variant, whose state starts apart from the 64-bit one's.
    init(_ k0: UInt64, _ k1: UInt64, wide: Bool = false) {
        v0 = k0 ^ 0x736f_6d65_7073_6575
        v1 = k1 ^ 0x646f_7261_6e64_6f6d ^ (wide ? 0xEE : 0)
        v2 = k0 ^ 0x6c79_6765_6e65_7261
        v3 = k1 ^ 0x7465_6462_7974_6573
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x &<< b) | (x &>> (64 &- b)) }

    @inline(__always)
    private mutating func round() {
        v0 &+= v1
        v1 = Self.rotl(v1, 13)
        v1 ^= v0
        v0 = Self.rotl(v0, 32)
        v2 &+= v3
        v3 = Self.rotl(v3, 16)
        v3 ^= v2
        v0 &+= v3
        v3 = Self.rotl(v3, 21)
        v3 ^= v0
        v2 &+= v1
        v1 = Self.rotl(v1, 17)
        v1 ^= v2
        v2 = Self.rotl(v2, 32)
    }

    /// One little-endian word of the message.
    @inline(__always)
    mutating func compress(_ m: UInt64, rounds: Int = 1) {
        v3 ^= m
        for _ in 0..<rounds { round() }
        v0 ^= m
    }

    @inline(__always)
    mutating func finalize(rounds: Int = 3) -> UInt64 {
        v2 ^= 0xFF
        for _ in 0..<rounds { round() }
        return v0 ^ v1 ^ v2 ^ v3
    }

    /// The two words of the 128-bit variant (a state made `wide`), in the reference's order.
    @inline(__always)
    mutating func finalizeWide(rounds: Int = 3) -> (UInt64, UInt64) {
        v2 ^= 0xEE
        for _ in 0..<rounds { round() }
        let first = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xDD
        for _ in 0..<rounds { round() }
        return (first, v0 ^ v1 ^ v2 ^ v3)
    }

    /// The last word: the bytes from `from` (fewer than eight) and the message's length in
    /// its top byte.
    static func lastWord(_ raw: UnsafeRawBufferPointer, from: Int) -> UInt64 {
        var last = UInt64(truncatingIfNeeded: raw.count & 0xFF) << 56
        var shift: UInt64 = 0
        for k in from..<raw.count {
            last |= UInt64(raw[k]) << shift
            shift += 8
        }
        return last
    }

    /// The state after the bytes, a word at a time, the last word (the bytes left and the
    /// length's low byte) included. Taken and given back by value, so it stays in locals
    /// for the whole buffer: updated inside `withUnsafeBytes`' closure, the caller's state
    /// was reached through memory there, every round.
    static func words(_ raw: UnsafeRawBufferPointer, _ state: SipHash) -> SipHash {
        var x = state
        let n = raw.count
        var i = 0
        if let base = raw.baseAddress {
            while n &- i >= 8 {
                x.compress(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i &+= 8
            }
        }
        x.compress(lastWord(raw, from: i))
        return x
    }
}
