import XCTest

@testable import HooklineDetect

/// ``RegionEvidence/scan(_:marking:)`` marks where the idle phone scanner stops; from any
/// index of any slice, the next mark must be where ``PhoneScanner/skipProse(_:from:_:)`` (the
/// loop it replaced in `PhoneScanner.scan`, kept) stops, whatever the text and its cuts.
/// (The spelled-number marks: `SpelledNumberScannerTests.testSameAsOldScannerWithMarks`.)
final class SliceStopsTests: XCTestCase {
    /// Words that begin with and hold "o", "l", "i"; digits, "+", brackets and pipes; capitals;
    /// UTF-8 (currency signs, a folded letter, stray bytes); every separator.
    private static let pieces: [[UInt8]] = {
        let words =
            "of in is it on or like oil ill lol i o l call 1-800 +1 (864) [202] | |o o| l0l 8oo 1o1 Oil LOL Call ABC x9 ii"
            .split(separator: " ").map { Array($0.utf8) }
        let singles = Array("abcilo|OLI0123456789+([])-.,:;/ \n\t$*~".utf8).map { [$0] }
        let utf8: [[UInt8]] = [[0xC2, 0xA3], [0xE2, 0x82, 0xAC], [0xC3, 0xA9], [0x80], [0xFF]]
        return words + singles + utf8
    }()

    func testPhoneMarksAreWhereSkipProseStops() {
        var g = Generator(seed: 2626)
        var stopsSeen = 0
        let marks = TestStops()
        var evidence = RegionEvidence()
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            // Mostly short; some across several words of the maps, a few filling a whole slice.
            let length = g.next(500) == 0 ? 5000 : g.next(g.next(4) == 0 ? 400 : 70)
            while text.count < length {
                text += Self.pieces[g.next(Self.pieces.count)]
                if g.next(3) != 0 { text.append(0x20) }
            }
            // A slice is at most what the normaliser writes for one (4,096 bytes and more).
            text = Array(text.prefix(TextAnalyzerBlocks.sliceCapacity))
            text.withUnsafeBufferPointer { slice in
                evidence.scan(slice, marking: &marks.stops)
                PhoneScanner.startTable.withUnsafeBufferPointer { table in
                    // Every index of a short slice; in a long one, a sample and the word edges.
                    let n = slice.count
                    let indices =
                        n <= 80 ? Array(0...n) : (0..<100).map { _ in g.next(n + 1) } + [63, 64, 65, 127, 128, n - 1, n].filter { $0 <= n }
                    for i in indices {
                        let expected = PhoneScanner.skipProse(slice, from: i, table)
                        XCTAssertEqual(
                            SliceStops.next(marks.stops.phone, from: i, count: slice.count), expected,
                            "\(String(decoding: text, as: UTF8.self)) from \(i)")
                        if expected < slice.count { stopsSeen += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(stopsSeen, 100_000)
    }
}
