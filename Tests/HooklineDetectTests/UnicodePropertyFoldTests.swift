import HooklineCore
import XCTest
@testable import HooklineDetect

/// Obfuscations the normaliser must undo from Unicode properties, not code point lists:
/// combining marks and format characters on digits, bidi overrides, compatibility forms,
/// and the mixed-script check that must look at one word at a time. Every phone case is
/// also fed one byte per call, so a chunk boundary anywhere gives the same answer.
final class UnicodePropertyFoldTests: XCTestCase {
    /// Every split of `text` into one-byte chunks, and in two halves at every offset.
    private func assertPhoneAtEverySplit(
        _ text: String, _ expected: [String], file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let bytes = Array(text.utf8)
        XCTAssertEqual(analyze([(.plain, [bytes])]).phones.map(\.e164), expected, "whole", file: file, line: line)
        XCTAssertEqual(
            analyze([(.plain, bytes.map { [$0] })]).phones.map(\.e164), expected, "bytewise",
            file: file, line: line)
        for cut in stride(from: 1, to: bytes.count, by: 3) {
            let found = analyze([(.plain, [Array(bytes[..<cut]), Array(bytes[cut...])])]).phones.map(\.e164)
            XCTAssertEqual(found, expected, "cut at \(cut)", file: file, line: line)
        }
    }

    // MARK: Combining marks and format characters

    func testCombiningMarksOnDigitsAreDropped() {
        // Acute, enclosing circle, combining keycap, overline, dot below: Mn and Me.
        let text = "8\u{0301}6\u{20DD}4\u{20E3}-3\u{0305}4\u{0323}7-2\u{0336}4\u{0338}9\u{20DE}4"
        XCTAssertEqual(normalized(text), "864-347-2494")
        assertPhoneAtEverySplit("Call " + text + " now", ["+18643472494"])
        XCTAssertTrue(analyze(text).anomalies.contains(.obfuscatedDigits))
    }

    func testMarksOnOtherScriptsStay() {
        // Devanagari vowel signs are marks; they belong to the word.
        let hindi = scalars(0x0928, 0x092E, 0x0938, 0x094D, 0x0924, 0x0947)
        XCTAssertEqual(normalized(hindi), hindi)
        XCTAssertFalse(analyze(hindi).anomalies.contains(.obfuscatedDigits))
        XCTAssertEqual(normalized("cafe\u{0301}"), "cafe")
    }

    func testFormatCharactersFromGeneralCategory() {
        // Arabic number sign, Mongolian vowel separator, interlinear annotation anchor,
        // invisible times, tag letters: all Cf, none in a hand-written list.
        let text = "8\u{0600}6\u{180E}4\u{FFF9}3\u{2062}4\u{E0031}7 2\u{2064}494"
        XCTAssertEqual(normalized(text), "864347 2494")
        assertPhoneAtEverySplit("call " + text, ["+18643472494"])
    }

    // MARK: Bidi

    func testRightToLeftOverrideShowsDigitsInReadingOrder() {
        // Stored reversed; the reader sees "(864) 347-2494".
        let stored = "\u{202E}4942-743 (468)\u{202C}"
        XCTAssertEqual(normalized("call " + stored + " now"), "call (864) 347-2494 now")
        assertPhoneAtEverySplit("Call " + stored + " today", ["+18643472494"])
        XCTAssertTrue(analyze(stored).anomalies.contains(.obfuscatedDigits))
    }

    func testRightToLeftOverrideReversesLetters() {
        XCTAssertEqual(normalized("\u{202E}lawener notron\u{202C} x"), "norton renewal x")
    }

    func testEmbeddingAndIsolateReverseDigitRuns() {
        assertPhoneAtEverySplit("Call \u{202B}4942 743 468\u{202C} now", ["+18643472494"])
        assertPhoneAtEverySplit("Call \u{2067}4942-743-468\u{2069} now", ["+18643472494"])
        // Letters inside an embedding keep their order; only the digit run turns.
        XCTAssertEqual(normalized("\u{202B}call 4942-743-468\u{202C}"), "call 864-347-2494")
    }

    func testParagraphEndClosesOverride() {
        XCTAssertEqual(normalized("\u{202E}21\n34"), "12 34")
    }

    func testLeftToRightControlsChangeNothing() {
        XCTAssertEqual(normalized("\u{202D}864\u{202C} \u{2066}347\u{2069}-\u{200E}2494"), "864 347-2494")
    }

    func testUnclosedOverrideEndsWithTheView() {
        let findings = analyze([(.plain, [Array("call \u{202E}4942-743-468".utf8)]), (.html, [Array("12".utf8)])])
        XCTAssertEqual(findings.phones.map(\.e164), ["+18643472494"])
    }

    func testDeepNestingAndLongRunsStayBounded() {
        let deep =
            String(repeating: "\u{202E}", count: 200) + String(repeating: "9", count: 500)
            + String(repeating: "\u{202C}", count: 200) + " 864-347-2494"
        XCTAssertEqual(analyze(deep).phones.map(\.e164), ["+18643472494"])
    }

    // MARK: Compatibility forms

    private func superscript(_ n: Int) -> String {
        let map: [Character: UInt32] = [
            "0": 0x2070, "1": 0xB9, "2": 0xB2, "3": 0xB3, "4": 0x2074, "5": 0x2075,
            "6": 0x2076, "7": 0x2077, "8": 0x2078, "9": 0x2079,
        ]
        return String(n).compactMap { map[$0].flatMap(Unicode.Scalar.init).map(String.init) }.joined()
    }

    func testEnclosedAndDecoratedDigits() {
        let circled = scalars(0x2467, 0x2465, 0x2463)  // ⑧⑥④
        let parenthesised = scalars(0x247B, 0x2479, 0x2477)  // ⑻⑹⑷
        let fullStop = scalars(0x248A, 0x248B, 0x248E)  // ⒊⒋⒎
        XCTAssertEqual(normalized(circled), "864")
        XCTAssertEqual(normalized(parenthesised), "864")
        XCTAssertEqual(normalized(fullStop), "347")
        assertPhoneAtEverySplit("Call " + parenthesised + fullStop + superscript(2494), ["+18643472494"])
        let superscript = scalars(0x00B2, 0x2074, 0x2079, 0x2074)  // ²⁴⁹⁴
        let subscriptDigits = scalars(0x2083, 0x2084, 0x2087)  // ₃₄₇
        XCTAssertEqual(normalized(superscript), "2494")
        XCTAssertEqual(normalized(subscriptDigits), "347")
        assertPhoneAtEverySplit("Call " + circled + "-" + subscriptDigits + "-" + superscript, ["+18643472494"])
        // Dingbat circled digits have no decomposition; their Numeric_Type is Digit.
        let dingbat = scalars(0x277D, 0x2785, 0x278D)  // ❽➅➍
        XCTAssertEqual(normalized(dingbat), "864")
    }

    func testEnclosedAndFullwidthLetters() {
        XCTAssertEqual(normalized(scalars(0x24C2) + "icrosoft"), "microsoft")  // Ⓜ
        XCTAssertEqual(normalized(scalars(0x249F, 0x24A4)) + "pal", "dipal")  // ⒟⒤ parenthesised
        XCTAssertEqual(normalized("\u{FF30}\u{FF41}\u{FF59}\u{FF30}\u{FF41}\u{FF4C}"), "paypal")
        XCTAssertEqual(normalized("\u{FB01}nance"), "finance")  // ﬁ ligature
    }

    func testSymbolsThatSpellWordsDoNotGlue() {
        XCTAssertEqual(normalized("Microsoft\u{2122} Defender"), "microsoft\u{2122} defender")
        XCTAssertFalse(analyze("DocuSign\u{2122} Envelope").anomalies.contains(.mixedScriptWord))
    }

    // MARK: Mixed script, one word at a time

    func testMixedScriptNeedsLatinAndCyrillicOrGreekInOneWord() {
        XCTAssertTrue(analyze("Pay" + scalars(0x0420) + "al").anomalies.contains(.mixedScriptWord))
        XCTAssertTrue(analyze("D" + scalars(0x03BF) + "cuSign").anomalies.contains(.mixedScriptWord))
        XCTAssertFalse(analyze("DocuSign: Документ готов").anomalies.contains(.mixedScriptWord))
        XCTAssertFalse(analyze("DocuSign\u{00A0}Документ").anomalies.contains(.mixedScriptWord))
        XCTAssertFalse(analyze("DocuSign-Документ, «Подписать»").anomalies.contains(.mixedScriptWord))
        XCTAssertFalse(analyze("Sign2Документ 5Ω resistor").anomalies.contains(.mixedScriptWord))
        XCTAssertFalse(analyze("Привет\u{2019}s café αβγ").anomalies.contains(.mixedScriptWord))
        XCTAssertFalse(
            analyze(scalars(0x1D40C) + "icrosoft").anomalies.contains(.mixedScriptWord),
            "mathematical letters have no script; the brand is caught by folding")
    }

    /// Letters UTS #39 reads as digits and as no Latin letter: the Cyrillic Ze for 3
    /// ("866-4З7-ЗЗ19"); a Cyrillic word holding one makes no number.
    func testDigitConfusablesAreTheDigitInANumber() {
        assertPhoneAtEverySplit("call Cash App Support at 866-4\u{0417}7-\u{0417}\u{0417}19 now", ["+18664373319"])
        XCTAssertEqual(analyze([(.plain, [Array("\u{0417}дравствуйте, 2024".utf8)])]).phones, [])
    }
}
