import XCTest

@testable import HooklineDetect

/// `RegionEvidence.scan` packs a word's letters in a loop of its own; it must leave the state
/// the byte-at-a-time reference does, whatever the text and however it is cut into chunks.
/// (`SpelledNumberScanner` has its own test against its old form: `SpelledNumberScannerTests`.)
final class WordLoopTests: XCTestCase {
    /// Pieces of text: words of the tables the two scanners look up, letters, digits,
    /// separators, and the UTF-8 currency signs and folded letters they read byte by byte.
    private static let pieces: [[UInt8]] = {
        let words =
            "the and de la och og kr rs eur euros gbp zl zloty r a au mx c ca nz us hk s one two three four five six seven eight nine zero hundred x y q reais verylongwordhere Eight NINE Call abcdefg abcdefgh abcdefghi abcdefghijklmnopqrstuvwxyz zzzzzzzzzzzzzzzzz"
            .split(separator: " ").map { Array($0.utf8) }
        let singles = Array("abcdefghijklmnopqrstuvwxyzABZ0123456789 \n\t.,;:!?()\"'$-/@#%&_+=".utf8).map { [$0] }
        let symbols: [[UInt8]] = [
            [0xC2, 0xA3], [0xC2, 0xA5], [0xE2, 0x82, 0xAC], [0xE2, 0x82, 0xB9], [0xC5, 0x82], [0xC3, 0xA9], [0xE2, 0x80, 0x8B],
            [0x80], [0xFF],
        ]
        return words + singles + symbols
    }()

    private static func text(_ g: inout Generator) -> [UInt8] {
        var text: [UInt8] = []
        let length = 1 + g.next(400)
        while text.count < length {
            text += pieces[g.next(pieces.count)]
            // Words are mostly separated, as in prose; sometimes glued.
            if g.next(3) != 0 { text.append(g.next(5) == 0 ? UInt8(ascii: "-") : 0x20) }
        }
        return text
    }

    /// Random cut points, so a word or a sign may straddle two calls.
    private static func chunks(_ text: [UInt8], _ g: inout Generator) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var at = 0
        while at < text.count {
            let end = min(text.count, at + 1 + g.next(g.next(2) == 0 ? 8 : 200))
            out.append(at..<end)
            at = end
        }
        return out
    }

    func testRegionEvidenceSameAsByteAtATime() {
        var g = Generator(seed: 2212)
        var voted = 0
        var currencies = 0
        for _ in 0..<20_000 {
            let text = Self.text(&g)
            var fast = RegionEvidence()
            var reference = RegionEvidence()
            let stops = TestStops()
            text.withUnsafeBufferPointer { all in
                for range in Self.chunks(text, &g) {
                    let chunk = UnsafeBufferPointer(rebasing: all[range])
                    fast.scan(chunk, marking: &stops.stops)
                    reference.scanReference(chunk)
                    XCTAssertEqual(fast, reference, String(decoding: text, as: UTF8.self))
                }
            }
            if reference.votes.contains(where: { $0 > 0 }) { voted += 1 }
            if !reference.currencyRegions.isEmpty { currencies += 1 }
        }
        XCTAssertGreaterThan(voted, 10_000)
        XCTAssertGreaterThan(currencies, 5_000)
    }

    /// A word that begins with eight bytes left in the slice is read from one load
    /// (`scan`'s first round); one with fewer, or longer than seven letters, goes on through
    /// the loop. Every length of table word and run of letters, at every distance from the
    /// slice's end, with every kind of byte after it, must leave the byte-wise state.
    func testWordsAtEveryDistanceFromTheEnd() {
        let words = ["the", "de", "euros", "sterling", "vennligst", "zl", "rs", "a", "abcdefg", "abcdefgh", "abcdefghijklmnopq"]
        let after: [[UInt8]] = [[], [0x20], [UInt8(ascii: "$")], [UInt8(ascii: "7")], [UInt8(ascii: "A")], [0xC3, 0xA9], [0x82]]
        for word in words {
            for tail in after {
                for pad in 0..<12 {
                    for gap in 0..<10 {
                        let text =
                            Array(repeating: UInt8(0x20), count: pad) + Array(word.utf8) + tail
                            + Array(repeating: UInt8(ascii: "x"), count: gap) + [0x20]
                        var fast = RegionEvidence()
                        var reference = RegionEvidence()
                        let stops = TestStops()
                        text.withUnsafeBufferPointer { all in
                            for range in [0..<pad + word.utf8.count / 2, pad + word.utf8.count / 2..<text.count] {
                                let chunk = UnsafeBufferPointer(rebasing: all[range])
                                fast.scan(chunk, marking: &stops.stops)
                                reference.scanReference(chunk)
                                XCTAssertEqual(fast, reference, "\(word) \(tail) \(pad) \(gap)")
                            }
                            var whole = RegionEvidence()
                            whole.scan(all, marking: &stops.stops)
                            var wholeReference = RegionEvidence()
                            wholeReference.scanReference(all)
                            XCTAssertEqual(whole, wholeReference, "\(word) \(tail) \(pad) \(gap)")
                        }
                    }
                }
            }
        }
    }

    /// The eight-letters-at-a-time test of `RegionEvidence.scan` against the byte-wise one,
    /// for every byte value at every place among random neighbours.
    func testLetterMaskMatchesByteTest() {
        var g = Generator(seed: 2214)
        for value in 0..<256 {
            for place in 0..<8 {
                for _ in 0..<8 {
                    var bytes = (0..<8).map { _ in UInt8(g.next(256)) }
                    bytes[place] = UInt8(value)
                    let chunk = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
                    let mask = RegionEvidence.letterMask(chunk)
                    for k in 0..<8 {
                        let letter = bytes[k] >= 0x61 && bytes[k] <= 0x7A
                        XCTAssertEqual((mask >> UInt64(8 * k)) & 0xFF, letter ? 0x80 : 0, "\(bytes) at \(k)")
                    }
                }
            }
        }
    }
}
