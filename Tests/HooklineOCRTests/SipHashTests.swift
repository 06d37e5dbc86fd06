import XCTest
@testable import HooklineOCR

/// `SipHash` and the digest built on it, against SipHash's published vectors and a plain
/// byte-at-a-time version written here from the paper.
final class SipHashTests: XCTestCase {
    /// SipHash-c-d of `bytes`, after `prefix` words: every word gathered a byte at a time.
    static func reference(_ k0: UInt64, _ k1: UInt64, _ bytes: [UInt8], prefix: [UInt64] = [], c: Int, d: Int) -> UInt64 {
        referenceWords(k0, k1, bytes, prefix: prefix, c: c, d: d, wide: false)[0]
    }

    /// The reference's output words: one, or two for the 128-bit variant (`wide`).
    static func referenceWords(
        _ k0: UInt64, _ k1: UInt64, _ bytes: [UInt8], prefix: [UInt64] = [], c: Int, d: Int, wide: Bool
    ) -> [UInt64] {
        func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
        var v: [UInt64] = [
            k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573,
        ]
        if wide { v[1] ^= 0xee }
        func sipRound() {
            v[0] = v[0] &+ v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[0]; v[0] = rotl(v[0], 32)
            v[2] = v[2] &+ v[3]; v[3] = rotl(v[3], 16); v[3] ^= v[2]
            v[0] = v[0] &+ v[3]; v[3] = rotl(v[3], 21); v[3] ^= v[0]
            v[2] = v[2] &+ v[1]; v[1] = rotl(v[1], 17); v[1] ^= v[2]; v[2] = rotl(v[2], 32)
        }
        var words = prefix
        var m: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            m |= UInt64(b) << (8 * UInt64(i % 8))
            if i % 8 == 7 { words.append(m); m = 0 }
        }
        words.append(m | UInt64(bytes.count % 256) << 56)
        for w in words {
            v[3] ^= w
            for _ in 0..<c { sipRound() }
            v[0] ^= w
        }
        v[2] ^= wide ? 0xee : 0xff
        for _ in 0..<d { sipRound() }
        let first = v[0] ^ v[1] ^ v[2] ^ v[3]
        if !wide { return [first] }
        v[1] ^= 0xdd
        for _ in 0..<d { sipRound() }
        return [first, v[0] ^ v[1] ^ v[2] ^ v[3]]
    }

    /// The paper's SipHash-2-4 vectors: key 00...0F, message 00, 01, ... of each length.
    func testPublishedVectors() {
        let k0: UInt64 = 0x0706_0504_0302_0100, k1: UInt64 = 0x0f0e_0d0c_0b0a_0908
        let expected: [Int: UInt64] = [
            0: 0x726f_db47_dd0e_0e31, 1: 0x74f8_39c5_93dc_67fd, 2: 0x0d6c_8009_d9a9_4f5a,
            3: 0x8567_6696_d7fb_7e2d, 7: 0xab02_00f5_8b01_d137, 8: 0x93f5_f579_9a93_2462,
            15: 0xa129_ca61_49be_45e5, 63: 0x958a_324c_eb06_4572,
        ]
        for (length, value) in expected {
            let message = (0..<length).map { UInt8($0) }
            XCTAssertEqual(Self.reference(k0, k1, message, c: 2, d: 4), value, "reference, length \(length)")
            var s = SipHash(k0, k1)
            Self.compressAll(&s, message)
            XCTAssertEqual(s.finalize(rounds: 4), value, "SipHash, length \(length)")
        }
    }

    /// Feeds `message` as the digest does: whole little-endian words, then the padded last one.
    static func compressAll(_ s: inout SipHash, _ message: [UInt8]) {
        message.withUnsafeBytes { raw in
            var i = 0
            while raw.count - i >= 8 {
                s.compress(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), rounds: 2)
                i += 8
            }
            s.compress(SipHash.lastWord(raw, from: i), rounds: 2)
        }
    }

    /// The reference's 128-bit SipHash-2-4 vectors (`vectors_sip128`, its bytes read as two
    /// little-endian words), same key and messages.
    func testPublishedWideVectors() {
        let k0: UInt64 = 0x0706_0504_0302_0100, k1: UInt64 = 0x0f0e_0d0c_0b0a_0908
        let expected: [Int: (UInt64, UInt64)] = [
            0: (0xe6a8_25ba_047f_81a3, 0x9302_55c7_1472_f66d), 1: (0x44af_996b_d8c1_87da, 0x45fc_229b_1159_7634),
            2: (0xc75d_a4a4_8d22_7781, 0xe4ff_0af6_de8b_a3fc), 7: (0x53c1_dbd8_beeb_f1a1, 0x3982_f01f_a64a_b8c0),
            8: (0x61f5_5862_baa9_623b, 0xb497_14f3_64e2_830f),
        ]
        for (length, value) in expected {
            let message = (0..<length).map { UInt8($0) }
            XCTAssertEqual(
                Self.referenceWords(k0, k1, message, c: 2, d: 4, wide: true), [value.0, value.1], "reference, length \(length)")
            var s = SipHash(k0, k1, wide: true)
            Self.compressAll(&s, message)
            let words = s.finalizeWide(rounds: 4)
            XCTAssertEqual([words.0, words.1], [value.0, value.1], "SipHash, length \(length)")
        }
    }

    /// `ImageDigest.of` is 128-bit SipHash-1-3 of the length word and the bytes, under the salts.
    func testDigestMatchesTheReference() {
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return x
        }
        for length in Array(0..<80) + [255, 256, 257, 1000, 4099] {
            let salts = ImageDigest.Salts(k0: next(), k1: next())
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            let digest = ImageDigest.of(bytes, salts: salts)
            let words = Self.referenceWords(salts.k0, salts.k1, bytes, prefix: [UInt64(length)], c: 1, d: 3, wide: true)
            XCTAssertEqual(
                [UInt64(bitPattern: Int64(digest.a)), UInt64(bitPattern: Int64(digest.b))], words, "length \(length)")
        }
    }
}
