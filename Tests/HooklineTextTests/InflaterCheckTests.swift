import XCTest
@testable import HooklineText

/// `Inflater` sums a zlib stream's Adler-32 itself (sixteen bytes at a time) with zlib's
/// check turned off; it must end in the same state as zlib's own check (the reference,
/// `zlibChecks: true`) and hand on the same pieces, whatever the stream, its trailer and
/// how it is split.
final class InflaterCheckTests: XCTestCase {
    /// Adler-32 a byte at a time (RFC 1950).
    static func referenceAdler(_ adler: UInt32, _ bytes: [UInt8]) -> UInt32 {
        var s1 = adler & 0xFFFF, s2 = adler >> 16
        for b in bytes {
            s1 = (s1 + UInt32(b)) % 65521
            s2 = (s2 + s1) % 65521
        }
        return s1 | s2 << 16
    }

    func testAdlerMatchesTheByteLoop() {
        var rng = SplitMix64(state: 1950)
        for length in Array(0...200) + [5551, 5552, 5553, 11_104, 100_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for start: UInt32 in [1, 0xFFF0_FFF0, 0x1234_5678 % 65521] {
                let got = bytes.withUnsafeBytes { Inflater.adler32(start, $0) }
                XCTAssertEqual(got, Self.referenceAdler(start, bytes), "length \(length)")
            }
        }
        // The largest sums: every byte 0xFF, the running sums near the modulus.
        let ff = [UInt8](repeating: 0xFF, count: 300_000)
        XCTAssertEqual(ff.withUnsafeBytes { Inflater.adler32(0xFFF0_FFF0, $0) }, Self.referenceAdler(0xFFF0_FFF0, ff))
    }

    /// Deflate bits, least significant first; Huffman codes most significant first.
    struct Bits {
        var bytes: [UInt8] = []
        var count = 0
        mutating func put(_ value: UInt32, _ n: Int) {
            for k in 0..<n { bit(Int(value >> UInt32(k)) & 1) }
        }
        mutating func code(_ value: UInt32, _ n: Int) {
            for k in stride(from: n - 1, through: 0, by: -1) { bit(Int(value >> UInt32(k)) & 1) }
        }
        mutating func bit(_ b: Int) {
            if count % 8 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= UInt8(b << (count % 8))
            count += 1
        }
        mutating func align() { count = (count + 7) / 8 * 8 }
    }

    /// A zlib stream of `blocks` stored and fixed-Huffman blocks (literals and three-byte
    /// copies of the byte before), its data, and the trailer's offset.
    static func stream(_ rng: inout SplitMix64, blocks: Int) -> (bytes: [UInt8], data: [UInt8]) {
        var bits = Bits()
        bits.put(0x78, 8)
        bits.put(0x01, 8)
        var data: [UInt8] = []
        for b in 0..<blocks {
            let last: UInt32 = b == blocks - 1 ? 1 : 0
            let n = Int.random(in: 0...[3, 40, 3000][Int(rng.next() % 3)], using: &rng)
            if Bool.random(using: &rng) {
                bits.put(last, 1)
                bits.put(0, 2)
                bits.align()
                bits.put(UInt32(n), 16)
                bits.put(UInt32(~n & 0xFFFF), 16)
                for _ in 0..<n {
                    let v = UInt8.random(in: 0...255, using: &rng)
                    bits.put(UInt32(v), 8)
                    data.append(v)
                }
            } else {
                bits.put(last, 1)
                bits.put(1, 2)
                for _ in 0..<n {
                    if !data.isEmpty && rng.next() % 4 == 0 {
                        bits.code(1, 7)  // length 3
                        bits.code(0, 5)  // distance 1
                        data += Array(repeating: data[data.count - 1], count: 3)
                        continue
                    }
                    let v = UInt8.random(in: 0...255, using: &rng)
                    if v < 144 { bits.code(0x30 + UInt32(v), 8) } else { bits.code(0x190 + UInt32(v) - 144, 9) }
                    data.append(v)
                }
                bits.code(0, 7)  // end of block
            }
        }
        bits.align()
        let adler = referenceAdler(1, data)
        bits.put(adler >> 24, 8)
        bits.put(adler >> 16 & 0xFF, 8)
        bits.put(adler >> 8 & 0xFF, 8)
        bits.put(adler & 0xFF, 8)
        return (bits.bytes, data)
    }

    /// Every piece either inflater hands on, and its state at the end.
    func inflate(_ input: [UInt8], cuts: [Int], budget: Int, zlibChecks: Bool) -> ([[UInt8]], Inflater.State) {
        let inflater = Inflater(budget: budget, zlibChecks: zlibChecks)
        var pieces: [[UInt8]] = []
        var at = 0
        input.withUnsafeBytes { buf in
            for cut in cuts + [buf.count] where cut >= at {
                inflater.feed(UnsafeRawBufferPointer(rebasing: buf[at..<cut])) { pieces.append(Array($0)) }
                at = cut
            }
        }
        return (pieces, inflater.state)
    }

    func testStateAndOutputMatchZlibsCheck() {
        var rng = SplitMix64(state: 1951)
        var ended = 0, damaged = 0
        for round in 0..<1500 {
            var (input, data) = Self.stream(&rng, blocks: Int.random(in: 1...4, using: &rng))
            switch round % 8 {
            case 0, 1: break  // as made
            case 2: input[input.count - 1 - Int(rng.next() % 4)] ^= UInt8(1 << (rng.next() % 8))  // a trailer bit
            case 3: input.removeLast(Int(rng.next() % 5))  // cut in the trailer
            case 4: input += (0..<Int(rng.next() % 9)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }  // after the end
            case 5: input[Int(rng.next() % UInt64(input.count))] ^= UInt8(1 << (rng.next() % 8))  // any bit
            case 6: input[0] = [0x1F, 0x78, 0x08, 0x00][Int(rng.next() % 4)]  // gzip magic, other headers
            default: input[1] = UInt8(truncatingIfNeeded: rng.next())  // FDICT, a bad header check
            }
            var cuts: [Int] = []
            let step = [1, 3, 17, 700, 1 << 20][round % 5]
            var c = 0
            while c < input.count {
                c += Int.random(in: 1...step, using: &rng)
                if c < input.count { cuts.append(c) }
            }
            let budget = [1 << 30, data.count, max(0, data.count - 1), 100][Int(rng.next() % 4)]
            let fast = inflate(input, cuts: cuts, budget: budget, zlibChecks: false)
            let slow = inflate(input, cuts: cuts, budget: budget, zlibChecks: true)
            XCTAssertEqual(fast.0, slow.0, "round \(round)")
            XCTAssertEqual(fast.1, slow.1, "round \(round)")
            if slow.1 == .ended { ended += 1 }
            if slow.1 == .damaged { damaged += 1 }
        }
        // The rounds reach both ends of the check.
        XCTAssertGreaterThan(ended, 200)
        XCTAssertGreaterThan(damaged, 200)
    }
}
