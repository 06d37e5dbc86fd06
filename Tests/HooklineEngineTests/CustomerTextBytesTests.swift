import XCTest

@testable import HooklineEngine

/// `customer_text`'s byte paths answer as the String code they stand in for: `namesItself`
/// as ``RuleEvaluator/namesItselfOfStrings(_:_:)`` (squash, Character count, `hasPrefix`), and
/// `placedEvidence` as the interpolation it replaced.
final class CustomerTextBytesTests: XCTestCase {
    /// Pieces evidence and names are made of: letters of both cases, digits, separators,
    /// and scalars outside ASCII (combining marks, a Kelvin sign, full-width letters).
    private static let pieces = [
        "a", "b", "c", "m", "s", "o", "f", "t", "A", "B", "M", "S", "O", "F", "0", "3", "6", "5", " ", "-", ".", "&", "_",
        "\r\n", "\t", "ms", "micro", "soft", "adobe", "sign", "365", "pay", "pal", "docu", "é", "\u{301}", "\u{212A}",
        "ß", "Ａ", "ı", "İ", "日本",
    ]

    private func draw(_ rng: inout SplitMix64, maxPieces: Int, asciiOnly: Bool = false) -> String {
        let pool = asciiOnly ? Self.pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : Self.pieces
        let n = Int(rng.next() % UInt64(maxPieces + 1))
        return (0..<n).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }.joined()
    }

    func testNamesItselfAnswersAsStrings() {
        var rng = SplitMix64(seed: 0x5EED_C057)
        let shipped = [
            ["microsoft", "office", "microsoft365"], ["adobe", "adobesign"], ["docusign"], ["paypal"], [""], [],
        ]
        var agreedTrue = 0
        for round in 0..<6_000 {
            let evidence = draw(&rng, maxPieces: 6)
            var own: [String]
            switch round % 4 {
            case 0: own = shipped[Int(rng.next() % UInt64(shipped.count))]
            case 1: own = (0..<Int(rng.next() % 4)).map { _ in MessageFeatures.squash(draw(&rng, maxPieces: 4, asciiOnly: true)) }
            // The evidence's own squash, cut or extended: prefixes both ways.
            case 2:
                let e = MessageFeatures.squash(evidence)
                own = [String(e.prefix(Int(rng.next() % 8))), e + "x", "zz"]
            default: own = (0..<Int(rng.next() % 4)).map { _ in draw(&rng, maxPieces: 3) }
            }
            let fast = RuleEvaluator.namesItself(evidence, own)
            XCTAssertEqual(fast, RuleEvaluator.namesItselfOfStrings(evidence, own), "\(evidence.debugDescription) \(own)")
            if fast { agreedTrue += 1 }
        }
        XCTAssertGreaterThan(agreedTrue, 500, "too few generated cases name the platform to test that side")
    }

    func testPlacedEvidenceIsTheInterpolation() {
        var rng = SplitMix64(seed: 0xE71D_E2CE)
        for _ in 0..<3_000 {
            let e = draw(&rng, maxPieces: 8), place = " in " + draw(&rng, maxPieces: 3), name = draw(&rng, maxPieces: 3)
            let fast = RuleEvaluator.placedEvidence(e, place, name)
            let reference = "\(e)\(place) (\(name))"
            XCTAssertEqual(fast, reference)
            XCTAssertEqual(Array(fast.utf8), Array(reference.utf8))
        }
        // Past a small string's 15 bytes, and empty pieces.
        XCTAssertEqual(RuleEvaluator.placedEvidence("", "", ""), " ()")
        let long = String(repeating: "+1 800 555 0100 ", count: 20)
        XCTAssertEqual(RuleEvaluator.placedEvidence(long, " in customer text", "Microsoft"), "\(long) in customer text (Microsoft)")
    }
}
