import XCTest

@testable import HooklineDetect

/// The C walk over a slice's plain words (``RegionWordWalk``, region_words.c) against its form
/// before (`ReferenceRegionWordWalk`), from every start of slices of every length around the
/// maps' 64-byte words: where it stops, the votes, where the last word it took began, and the
/// spelled marks, bit for bit.
final class RegionWordWalkTests: XCTestCase {
    /// Table words (function words, currencies, "kr", "rs", number words), runs of one to
    /// seventeen letters, every closing byte the walk tells apart, UTF-8 and "$", digits and
    /// capitals.
    private static let pieces: [[UInt8]] = {
        let words =
            RegionEvidence.functionWordLists.flatMap { $0.1.split(separator: " ").map { Array($0.utf8) } }
            + (SpelledNumberScanner.words + ["eur", "euros", "sterling", "zl", "kr", "rs", "y", "x", "abcdefgh", "abcdefghi"])
            .map { Array($0.utf8) } + (1...17).map { Array(repeating: UInt8(ascii: "q"), count: $0) }
        let singles = Array(" \n\t.,;:!?()\"'$-/@#_+=0179AZ".utf8).map { [$0] }
        let utf8: [[UInt8]] = [[0xC2, 0xA3], [0xE2, 0x82, 0xAC], [0xC3, 0xA9], [0x80], [0xFF], [0x00]]
        return words + singles + utf8
    }()

    func testWalkSameAsBefore() {
        var g = Generator(seed: 3232)
        let walker = RegionEvidence.Tables.shared.walk
        let fast = TestStops()
        let old = TestStops()
        var taken = 0
        var voted = 0
        var marked = 0
        for round in 0..<6_000 {
            var text: [UInt8] = []
            // Every length to 200 first, so each end of the slice falls at each place of a map word.
            let length = round < 200 ? round : (g.next(100) == 0 ? TextAnalyzerBlocks.sliceCapacity : g.next(600))
            while text.count < length {
                text += Self.pieces[g.next(Self.pieces.count)]
                if g.next(4) != 0 { text.append(g.next(5) == 0 ? UInt8(ascii: ".") : 0x20) }
            }
            text = Array(text.prefix(length))
            text.withUnsafeBufferPointer { slice in
                guard let base = slice.baseAddress else { return }
                let n = slice.count
                _ = SliceClasses.classify(base, n, into: fast.stops)
                _ = SliceClasses.classify(base, n, into: old.stops)
                let starts = n <= 130 ? Array(0..<n) : (0..<60).map { _ in g.next(n) } + [0, 63, 64, 65, n - 1]
                // The digits the classes leave in the spelled map, restored before each walk so
                // that each walk's marks are its own.
                let digits = (0..<(n + 63) / 64).map { old.stops.spelled[$0] }
                for start in starts {
                    for w in digits.indices {
                        fast.stops.spelled[w] = digits[w]
                        old.stops.spelled[w] = digits[w]
                    }
                    var tally = RegionWordWalk.Tally()
                    tally.lastBegin = -7
                    let stop = walker.walk(base, n, from: start, fast.stops, &tally)
                    var votes = [Int](repeating: 0, count: 16)
                    var lastBegin = -7
                    let expected = ReferenceRegionWordWalk.walk(
                        base, n, from: start, letters: old.stops.letters, specials: old.stops.specials,
                        spelled: old.stops.spelled, votes: &votes, lastBegin: &lastBegin)
                    var fastVotes = [Int](repeating: 0, count: 16)
                    tally.add(to: &fastVotes)
                    let label = "\(String(decoding: text, as: UTF8.self)) from \(start)"
                    XCTAssertEqual(stop, expected, label)
                    XCTAssertEqual(fastVotes, votes, label)
                    XCTAssertEqual(tally.lastBegin, lastBegin, label)
                    for w in 0..<(n + 63) / 64 {
                        XCTAssertEqual(fast.stops.spelled[w], old.stops.spelled[w], "spelled \(w) \(label)")
                        marked += old.stops.spelled[w].nonzeroBitCount
                    }
                    if lastBegin >= 0 { taken += 1 }
                    if votes.contains(where: { $0 > 0 }) { voted += 1 }
                }
            }
        }
        XCTAssertGreaterThan(taken, 100_000)
        XCTAssertGreaterThan(voted, 50_000)
        XCTAssertGreaterThan(marked, 100_000)
    }
}
