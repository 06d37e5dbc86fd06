import XCTest
@testable import HooklineEngine

/// `sender_identity`'s name pieces on bytes answer as by scalars and Characters: every
/// string built from pieces with capitals, digits, punctuation, CR LF, tabs and letters
/// outside ASCII (which take the reference way).
final class NameSpellingBytesTests: XCTestCase {
    func testLettersAndDigitsAndWordsAnswerAsTheReference() {
        let pieces = [
            "First", "harbor", "BANK", "a1", " ", "-", "&", ".", "\r\n", "\t", "'", "_", "9", "é", "e\u{301}", "ß", "さくら", "",
            "Ⅻ", "½", "\u{0}", "~",
        ]
        var checked = 0
        for p in pieces {
            for q in pieces {
                for r in pieces {
                    let s = p + q + r
                    XCTAssertEqual(MessageFeatures.lettersAndDigits(s), MessageFeatures.lettersAndDigitsOfScalars(s), s.debugDescription)
                    XCTAssertEqual(MessageFeatures.words(s), MessageFeatures.wordsOfCharacters(s), s.debugDescription)
                    checked += 1
                }
            }
        }
        // Every ASCII byte alone and beside a letter.
        for b in 0..<128 {
            let c = String(decoding: [UInt8(b)], as: UTF8.self)
            for s in [c, "a" + c + "b", c + c] {
                XCTAssertEqual(MessageFeatures.lettersAndDigits(s), MessageFeatures.lettersAndDigitsOfScalars(s), s.debugDescription)
                XCTAssertEqual(MessageFeatures.words(s), MessageFeatures.wordsOfCharacters(s), s.debugDescription)
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertTrue(MessageFeatures.name("First Harbor Bank", spells: "firstharborbank"))
        XCTAssertTrue(MessageFeatures.name("Cascade Federal Credit Union", spells: "cascadefcu"))
        XCTAssertFalse(MessageFeatures.name("Billing Department", spells: "paypal"))
    }
}
