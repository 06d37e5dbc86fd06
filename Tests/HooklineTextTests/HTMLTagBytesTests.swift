import HooklineCore
import XCTest

@testable import HooklineText

/// The word steps of ``HTMLTagBytes`` against the byte loops they stand for.
final class HTMLTagBytesTests: XCTestCase {
    /// `nameKey` as it was: a byte at a time.
    static func referenceNameKey(in tag: UnsafeBufferPointer<UInt8>, from start: Int) -> (key: UInt64, length: Int) {
        var k: UInt64 = 0
        var i = start
        let n = tag.count
        while i < n {
            let b = tag[i]
            guard ASCII.isAlpha(b) || ASCII.isDigit(b) || b == ASCII.dash || b == UInt8(ascii: ":") else { break }
            let at = i - start
            if at < 8 { k |= UInt64(ASCII.lower(b)) << (8 * UInt64(at)) } else { k = (k &* 0x100000001B3) ^ UInt64(ASCII.lower(b)) }
            i += 1
        }
        return (k, i - start)
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        ASCII.isAlpha(b) || ASCII.isDigit(b) || b == ASCII.dash || b == UInt8(ascii: ":")
    }

    /// Words of lanes drawn from every byte value, and from the bytes near each class's edges.
    static func words(_ rng: inout SplitMix64, count: Int) -> [UInt64] {
        let edges: [UInt8] = [
            0x00, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x1F, 0x20, 0x21, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x39, 0x3A,
            0x3B, 0x3C, 0x3D, 0x3E, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80, 0x89, 0x8A, 0x8D, 0xA0,
            0xAD, 0xAF, 0xBA, 0xBD, 0xC1, 0xDA, 0xE1, 0xFA, 0xFF,
        ]
        return (0..<count).map { _ in
            var w: UInt64 = 0
            for lane in 0..<8 {
                let r = rng.next()
                let b = r & 1 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : edges[Int((r >> 8) % UInt64(edges.count))]
                w |= UInt64(b) << UInt64(8 * lane)
            }
            return w
        }
    }

    func testWordClassesAreTheByteTestsLaneByLane() {
        var rng = SplitMix64(state: 0x7A6)
        var words = Self.words(&rng, count: 200_000)
        for b in 0...255 { words.append(UInt64(b) &* TagWord.ones) }
        for w in words {
            let lanes = TagWord.nameLanes(w)
            for lane in 0..<8 {
                let b = UInt8(truncatingIfNeeded: w >> UInt64(8 * lane))
                let bit: UInt64 = 0x80 << UInt64(8 * lane)
                XCTAssertEqual(lanes.name & bit != 0, Self.isNameByte(b), "name lane \(lane) of \(String(w, radix: 16))")
                XCTAssertEqual(lanes.letters & bit != 0, ASCII.isAlpha(b), "letter lane \(lane) of \(String(w, radix: 16))")
            }
            XCTAssertEqual(lanes.name & ~TagWord.highs, 0)
        }
    }

    /// Tag bytes built from names of every length, in every case, ended by every kind of byte.
    static func randomTag(_ rng: inout SplitMix64) -> [UInt8] {
        let alphabet = Array("aZz09-:_.=/ \t\r\n\"'>x".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        let names = ["p", "td", "TABLE", "blockquote", "figcaption", "o:p", "h1-x:y", "Style", "bgColor", "hidden", "id"]
        var tag: [UInt8] = []
        if rng.next() % 4 == 0 { tag.append(UInt8(ascii: "/")) }
        for _ in 0..<Int(rng.next() % 6) {
            if rng.next() % 2 == 0 {
                tag += Array(names[Int(rng.next() % UInt64(names.count))].utf8)
            } else {
                for _ in 0..<Int(rng.next() % 12) { tag.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            }
            if rng.next() % 3 == 0 { tag.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
        }
        return tag
    }

    func testNameKeyIsTheByteLoops() {
        var rng = SplitMix64(state: 0x7A7)
        for _ in 0..<200_000 {
            let tag = Self.randomTag(&rng)
            tag.withUnsafeBufferPointer { t in
                for start in 0...min(t.count, 2) {
                    let fast = HTMLTagBytes.nameKey(in: t, from: start)
                    let slow = Self.referenceNameKey(in: t, from: start)
                    XCTAssertEqual(fast.key, slow.key, "\(tag) from \(start)")
                    XCTAssertEqual(fast.length, slow.length, "\(tag) from \(start)")
                }
            }
        }
    }
}
