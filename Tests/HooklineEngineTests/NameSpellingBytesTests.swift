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
        XCTAssertTrue(MessageFeatures.name("Sparkasse KölnBonn", spells: "sparkasse-koelnbonn"))
        XCTAssertTrue(MessageFeatures.name("Sparkasse Ko\u{308}lnBonn", spells: "sparkasse-koelnbonn"))
        XCTAssertTrue(MessageFeatures.name("Cascade Federal Credit Union", spells: "cascadefcu"))
        XCTAssertFalse(MessageFeatures.name("Billing Department", spells: "paypal"))
    }

    /// The German letters' replacements, as `name(_:spells:)` makes them.
    static func germanReplaced(_ s: String) -> String {
        s.replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
            .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
    }

    /// Where the pre-test says a name holds none of the four letters, replacing them changes
    /// no byte: every scalar of the Basic Multilingual Plane alone and beside letters, precomposed letters with
    /// a diaeresis and more marks, and pieces joined three at a time (decomposed letters,
    /// marks before and after).
    func testNoGermanLetterMeansNoReplacement() {
        var checked = 0
        var positives = 0
        func check(_ s: String) {
            let replaced = Self.germanReplaced(s)
            if !MessageFeatures.mayHoldGermanLetters(s) {
                XCTAssertEqual(Array(replaced.utf8), Array(s.utf8), s.debugDescription)
            } else {
                positives += 1
            }
            if Array(replaced.utf8) != Array(s.utf8) { XCTAssertTrue(MessageFeatures.mayHoldGermanLetters(s), s.debugDescription) }
            checked += 1
        }
        for v in 0x80...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let c = String(Character(u))
            check(c)
            check("a" + c + "u")
            check("o" + c)
        }
        let pieces = [
            "a", "o", "u", "s", "ss", "\u{308}", "\u{301}", "\u{323}", "ä", "ö", "ü", "ß", "ǟ", "ȫ", "ǖ", "ṏ", "ṻ", "ÿ", "ë", "ï",
            "さ", " ", "Ä", "\u{1100}", "\u{1161}", "\u{11A8}", "한", "é", "e", "Ω", "ω",
        ]
        for p in pieces {
            for q in pieces {
                for r in pieces { check(p + q + r) }
            }
        }
        XCTAssertGreaterThan(checked, 200_000)
        XCTAssertGreaterThan(positives, 1_000)
    }
}
