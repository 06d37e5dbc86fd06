/// SHA-256 (FIPS 180-4) of a byte buffer: the name an image is remembered by in
/// ``OCRMemo``. A cryptographic digest, because the bytes are the sender's: with a weaker
/// hash a lure could be made to collide with a harmless picture read earlier and borrow
/// its text.
enum SHA256 {
    /// 32 bytes, as four big-endian 64-bit words (hashable, no allocation).
    struct Digest: Hashable, Sendable {
        var a: UInt64, b: UInt64, c: UInt64, d: UInt64
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    static func digest(_ bytes: [UInt8]) -> Digest {
        var h: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        // The message, then 0x80, zeros, and the bit length: whole blocks from the buffer,
        // the tail (one or two blocks) from a small padded copy.
        let full = bytes.count / 64 * 64
        var tail = Array(bytes[full...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = UInt64(bytes.count) &* 8
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 64)
        k.withUnsafeBufferPointer { k in
            w.withUnsafeMutableBufferPointer { w in
                h.withUnsafeMutableBufferPointer { h in
                    bytes.withUnsafeBufferPointer { b in
                        var at = 0
                        while at < full {
                            compress(UnsafeBufferPointer(rebasing: b[at..<at + 64]), k, w, h)
                            at += 64
                        }
                    }
                    tail.withUnsafeBufferPointer { t in
                        var at = 0
                        while at < t.count {
                            compress(UnsafeBufferPointer(rebasing: t[at..<at + 64]), k, w, h)
                            at += 64
                        }
                    }
                }
            }
        }
        func pair(_ i: Int) -> UInt64 { UInt64(h[i]) << 32 | UInt64(h[i + 1]) }
        return Digest(a: pair(0), b: pair(2), c: pair(4), d: pair(6))
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    private static func compress(
        _ block: UnsafeBufferPointer<UInt8>, _ k: UnsafeBufferPointer<UInt32>,
        _ w: UnsafeMutableBufferPointer<UInt32>, _ h: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            w[i] =
                UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
                | UInt32(block[4 * i + 3])
        }
        // σ0 and σ1 with one rotation folded into another (rotr(x, 7) ^ rotr(x, 18) is
        // rotr(x ^ rotr(x, 11), 7)): fewer copies of x kept live.
        for i in 16..<64 {
            let x = w[i - 15], y = w[i - 2]
            let s0 = rotr(x ^ rotr(x, 11), 7) ^ (x >> 3)
            let s1 = rotr(y ^ rotr(y, 2), 17) ^ (y >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        // Eight rounds per pass with the working variables' roles rotated instead of the
        // values moved (FIPS 180-4 6.2.2 step 3, unrolled): no shuffling of eight words per round.
        var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
        var bc = b ^ c
        var i = 0
        while i < 64 {
            round(a, b, c, &d, e, f, g, &hh, k[i] &+ w[i], &bc)
            round(hh, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1], &bc)
            round(g, hh, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2], &bc)
            round(f, g, hh, &a, b, c, d, &e, k[i + 3] &+ w[i + 3], &bc)
            round(e, f, g, &hh, a, b, c, &d, k[i + 4] &+ w[i + 4], &bc)
            round(d, e, f, &g, hh, a, b, &c, k[i + 5] &+ w[i + 5], &bc)
            round(c, d, e, &f, g, hh, a, &b, k[i + 6] &+ w[i + 6], &bc)
            round(b, c, d, &e, f, g, hh, &a, k[i + 7] &+ w[i + 7], &bc)
            i += 8
        }
        h[0] = h[0] &+ a
        h[1] = h[1] &+ b
        h[2] = h[2] &+ c
        h[3] = h[3] &+ d
        h[4] = h[4] &+ e
        h[5] = h[5] &+ f
        h[6] = h[6] &+ g
        h[7] = h[7] &+ hh
    }

    /// One round: `d` becomes the next `e`, `h` the next `a`; the caller renames the rest.
    /// Σ1 and Σ0 as nested rotations (rotr(e ^ rotr(e ^ rotr(e, 14), 5), 6) is
    /// rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)), and Maj(a, b, c) as b ^ ((a ^ b) & (b ^ c)),
    /// where b ^ c is the previous round's a ^ b (`bc`, carried): 3,607 -> 3,008 instructions
    /// a block (callgrind), the same digest (OCRMemoTests compares with the textbook form).
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ kw: UInt32, _ bc: inout UInt32
    ) {
        let t1 = h &+ rotr(e ^ rotr(e ^ rotr(e, 14), 5), 6) &+ (g ^ (e & (f ^ g))) &+ kw
        let ab = a ^ b
        let t2 = rotr(a ^ rotr(a ^ rotr(a, 9), 11), 2) &+ (b ^ (ab & bc))
        bc = ab
        d = d &+ t1
        h = t1 &+ t2
    }
}
