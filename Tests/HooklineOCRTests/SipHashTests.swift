import XCTest
@testable import HooklineOCR

/// `SipHash` and the digest built on it, against SipHash's published vectors and a plain
/// byte-at-a-time version written here from the paper.
final class SipHashTests: XCTestCase {
    /// SipHash-c-d of `bytes`, after `prefix` words: every word gathered a byte at a time.
    static func reference(_ k0: UInt64, _ k1: UInt64, _ bytes: [UInt8], prefix: [UInt64] = [], c: Int, d: Int) -> UInt64 {
        func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
        var v: [UInt64] = [
            k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573,
        ]
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
        v[2] ^= 0xFF
        for _ in 0..<d { sipRound() }
        return v[0] ^ v[1] ^ v[2] ^ v[3]
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
            message.withUnsafeBytes { raw in
                var i = 0
                while raw.count - i >= 8 {
                    s.compress(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), rounds: 2)
                    i += 8
                }
                s.compress(SipHash.lastWord(raw, from: i), rounds: 2)
            }
            XCTAssertEqual(s.finalize(rounds: 4), value, "SipHash, length \(length)")
        }
    }

    /// `ImageDigest.of` is SipHash-1-3 of the length word and the bytes, under each salt.
    func testDigestMatchesTheReference() {
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> UInt64 {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return x
        }
        for length in Array(0..<80) + [255, 256, 257, 1000, 4099] {
            let salts = ImageDigest.Salts(a0: next(), a1: next(), b0: next(), b1: next())
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            let digest = ImageDigest.of(bytes, salts: salts)
            let prefix = [UInt64(length)]
            XCTAssertEqual(
                UInt64(bitPattern: Int64(digest.a)), Self.reference(salts.a0, salts.a1, bytes, prefix: prefix, c: 1, d: 3),
                "length \(length)")
            XCTAssertEqual(
                UInt64(bitPattern: Int64(digest.b)), Self.reference(salts.b0, salts.b1, bytes, prefix: prefix, c: 1, d: 3),
                "length \(length)")
        }
    }
}
