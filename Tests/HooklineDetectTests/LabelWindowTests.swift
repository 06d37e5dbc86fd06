import XCTest

@testable import HooklineDetect

/// `IdentifierContext.labelsIdentifier` and `CountryLabel.region` read the window before a run
/// in the ring instead of copying it into arrays (their `…Reference` forms): the same answer
/// for every offset, windows that wrap the ring, are partly overwritten or cut a word included.
final class LabelWindowTests: XCTestCase {
    /// A piece of text: a word of `words` (four in ten), a byte that stands around words (four
    /// in ten), or a word cut short.
    private func piece(_ words: [[UInt8]], _ g: inout Generator) -> [UInt8] {
        let around = [" ", " ", ":", "#", ".", "-", "=", "(", ")", ",", "|", "\t", "\n", "x", "é", "1234", "n"]
        let word = words[g.next(words.count)]
        switch g.next(10) {
        case 0..<4: return word
        case 4..<8: return Array(around[g.next(around.count)].utf8)
        default: return Array(word.prefix(1 + g.next(word.count)))
        }
    }

    func testIdentifierLabelInPlaceReadsLikeTheCopy() {
        var g = Generator(seed: 3031)
        let words =
            IdentifierContext.labels + IdentifierContext.numberWords + IdentifierContext.currencies
            + IdentifierContext.demonstratives
        var asked = 0
        var labelled = 0
        for _ in 0..<300 {
            // Small rings wrap often, and windows reach past what they still hold.
            var ring = ByteRing(capacity: 24 + g.next(80))
            for _ in 0..<(1 + g.next(30)) {
                piece(words, &g).withUnsafeBufferPointer { ring.append($0) }
                for offset in max(0, ring.total - 12)...(ring.total + 1) {
                    for wordsToo in [true, false] {
                        let expected = IdentifierContext.labelsIdentifierReference(
                            recent: ring, before: offset, wordsToo: wordsToo)
                        XCTAssertEqual(
                            IdentifierContext.labelsIdentifier(recent: ring, before: offset, wordsToo: wordsToo), expected,
                            "offset \(offset) of \(ring.total)")
                        asked += 1
                        if expected { labelled += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(labelled, 400)
        XCTAssertGreaterThan(asked - labelled, 2_000)
    }

    func testCountryLabelInPlaceReadsLikeTheCopy() {
        var g = Generator(seed: 3032)
        let words = CountryLabel.names.flatMap { $0.1.map { Array($0.utf8) } } + CountryLabel.fillers
        var asked = 0
        var named = 0
        for _ in 0..<300 {
            var ring = ByteRing(capacity: 32 + g.next(80))
            for _ in 0..<(1 + g.next(30)) {
                piece(words, &g).withUnsafeBufferPointer { ring.append($0) }
                for offset in max(0, ring.total - 12)...(ring.total + 1) {
                    let expected = CountryLabel.regionReference(recent: ring, before: offset)
                    XCTAssertEqual(
                        CountryLabel.region(recent: ring, before: offset), expected, "offset \(offset) of \(ring.total)")
                    asked += 1
                    if expected != nil { named += 1 }
                }
            }
        }
        XCTAssertGreaterThan(named, 400)
        XCTAssertGreaterThan(asked - named, 2_000)
    }
}
