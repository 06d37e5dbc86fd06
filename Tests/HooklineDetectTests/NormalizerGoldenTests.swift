import HooklineCore
import XCTest
@testable import HooklineDetect

/// One case per obfuscation technique seen in callback-phishing mail.
final class NormalizerGoldenTests: XCTestCase {
    func testFullwidthDigits() {
        let text =
            "Call " + scalars(0xFF0B, 0xFF11) + " (" + scalars(0xFF18, 0xFF16, 0xFF14) + ") "
            + scalars(0xFF13, 0xFF14, 0xFF17) + "-" + scalars(0xFF12, 0xFF14, 0xFF19, 0xFF14)
        XCTAssertEqual(normalized(text), "call +1 (864) 347-2494")
        let found = analyze(text).phones
        XCTAssertEqual(found.map(\.e164), ["+18643472494"])
        XCTAssertEqual(
            found.first?.evidence,
            scalars(0xFF0B, 0xFF11) + " (" + scalars(0xFF18, 0xFF16, 0xFF14)
                + ") " + scalars(0xFF13, 0xFF14, 0xFF17) + "-" + scalars(0xFF12, 0xFF14, 0xFF19, 0xFF14),
            "evidence quotes what the sender wrote, not the folded form")
    }

    func testArabicIndicDigits() {
        let arabic = scalars(0x0668, 0x0666, 0x0664, 0x0663, 0x0664, 0x0667, 0x0662, 0x0664, 0x0669, 0x0664)
        XCTAssertEqual(normalized(arabic), "8643472494")
        let persian = scalars(0x06F8, 0x06F6, 0x06F4)
        XCTAssertEqual(normalized(persian), "864")
        let devanagari = scalars(0x096E, 0x096C, 0x096A)
        XCTAssertEqual(normalized(devanagari), "864")
        XCTAssertEqual(phones(in: "call " + arabic + " now"), ["+18643472494"])
    }

    func testMathBoldDigits() {
        // U+1D7CE is MATHEMATICAL BOLD DIGIT ZERO; double-struck, sans and monospace follow.
        let bold = (0..<10).map { scalars(0x1D7CE + UInt32($0)) }.joined()
        XCTAssertEqual(normalized(bold), "0123456789")
        let monospace = scalars(0x1D7F6 + 8, 0x1D7F6 + 6, 0x1D7F6 + 4)
        XCTAssertEqual(normalized(monospace), "864")
        let phone = [8, 6, 4, 3, 4, 7, 2, 4, 9, 4].map { scalars(0x1D7D8 + UInt32($0)) }.joined()
        XCTAssertEqual(phones(in: "Support: " + phone), ["+18643472494"])
    }

    func testSoftHyphenInNumber() {
        let text = "864\u{AD}347\u{AD}2494"
        XCTAssertEqual(normalized(text), "8643472494")
        let findings = analyze("call " + text)
        XCTAssertEqual(findings.phones.map(\.e164), ["+18643472494"])
        XCTAssertTrue(findings.anomalies.contains(.zeroWidthInText))
    }

    func testZeroWidthInNumber() {
        let text = "8\u{200B}6\u{200C}4\u{200D}3\u{2060}4\u{FEFF}7 2\u{200B}494"
        XCTAssertEqual(normalized(text), "864347 2494")
        let findings = analyze(text)
        XCTAssertEqual(findings.phones.map(\.e164), ["+18643472494"])
        XCTAssertTrue(findings.anomalies.contains(.zeroWidthInText))
    }

    func testLetterOForZero() {
        let findings = analyze("Call 1-8OO-642-7676 today")
        XCTAssertEqual(findings.phones.map(\.e164), ["+18006427676"])
        XCTAssertTrue(findings.anomalies.contains(.obfuscatedDigits))
        XCTAssertEqual(findings.phones.first?.evidence, "1-8OO-642-7676")
    }

    func testLetterLAndIForOne() {
        XCTAssertEqual(phones(in: "Call +l (864) 347-2494"), ["+18643472494"])
        XCTAssertEqual(phones(in: "Call I-800-642-7676"), ["+18006427676"])
        XCTAssertEqual(phones(in: "Call l-4l5-555-0123 now"), ["+14155550123"])
        XCTAssertEqual(phones(in: "Ill call 415 later, oil 555"), [])
        XCTAssertEqual(phones(in: "Call 1-800-642-767l now"), ["+18006427671"])
        XCTAssertEqual(phones(in: "Call 1-800-642-76|6 now"), ["+18006427616"])
        XCTAssertTrue(analyze("Call 1-800-642-767l now").anomalies.contains(.obfuscatedDigits))
    }

    func testLettersInProseStayText() {
        XCTAssertEqual(phones(in: "1 in 10 people lose 100 lol"), [])
        XCTAssertFalse(analyze("1 in 10 people, 10 oz, 2 lol").anomalies.contains(.obfuscatedDigits))
    }

    func testCyrillicHomoglyphBrand() {
        // "Міcrosoft" with Cyrillic capital EM and small Byelorussian-Ukrainian I.
        let text = scalars(0x041C, 0x0456) + "crosoft Defender"
        XCTAssertEqual(normalized(text), "microsoft defender")
        XCTAssertTrue(analyze(text).anomalies.contains(.mixedScriptWord))
        let greek = "P" + scalars(0x0391) + "yP" + scalars(0x0391) + "l"
        XCTAssertEqual(normalized(greek), "paypal")
    }

    func testPureCyrillicWordIsNotMixedScript() {
        XCTAssertFalse(analyze("Привет мир, hello world").anomalies.contains(.mixedScriptWord))
    }

    func testVariationSelectorsAndTags() {
        let text = "8\u{FE0F}64\u{FE0E}347\u{E0041}2494\u{E0100}"
        XCTAssertEqual(normalized(text), "8643472494")
        XCTAssertTrue(analyze(text).anomalies.contains(.zeroWidthInText))
    }

    func testBidiControlsRemoved() {
        // The controls go; what RLO turned around is read the way it is shown.
        XCTAssertEqual(normalized("Norton \u{202E}Renewal\u{202C} \u{2066}x\u{2069}"), "norton lawener x")
    }

    func testSpacedDigits() {
        XCTAssertEqual(phones(in: "Call +1 8 6 4 3 4 7 2 4 9 4 now"), ["+18643472494"])
    }

    func testMixedSeparators() {
        let text = "+1\u{2022}864\u{22C5}347\u{2013}2494"
        XCTAssertEqual(normalized(text), "+1.864.347-2494")
        XCTAssertEqual(phones(in: "call " + text), ["+18643472494"])
        XCTAssertEqual(phones(in: "call 864/347~2494"), ["+18643472494"])
        XCTAssertEqual(phones(in: "call 864 \u{2014} 347 \u{2212} 2494"), ["+18643472494"])
    }

    func testFullwidthAndMathLettersFoldWithoutMixedScript() {
        let fullwidth = "\u{FF2D}\u{FF29}\u{FF23}\u{FF32}\u{FF2F}\u{FF33}\u{FF2F}\u{FF26}\u{FF34}"
        XCTAssertEqual(normalized(fullwidth), "microsoft")
        XCTAssertFalse(analyze(fullwidth).anomalies.contains(.mixedScriptWord))
        let mathBoldM = scalars(0x1D40C) + "icrosoft"
        XCTAssertEqual(normalized(mathBoldM), "microsoft")
        XCTAssertFalse(
            analyze(mathBoldM).anomalies.contains(.mixedScriptWord),
            "a mathematical letter has no script: only Latin with Cyrillic or Greek counts")
    }

    func testCaseFoldAndWhitespaceCollapse() {
        XCTAssertEqual(normalized("  FRAUD \t Detection\r\n\n  TEAM\u{00A0}\u{3000}now "), "fraud detection team now ")
    }

    func testTypographicApostrophesAreTheApostrophe() {
        XCTAssertEqual(
            normalized("Don\u{2019}t recognise it? l\u{2018}ufficio, don\u{02BC}t, don\u{FF07}t"),
            "don't recognise it? l'ufficio, don't, don't")
    }

    func testPersianZeroWidthNonJoinerIsNotAnAnomaly() {
        let text = scalars(0x0645, 0x06CC, 0x200C, 0x062E, 0x0648, 0x0627, 0x0647, 0x0645)
        XCTAssertFalse(analyze(text).anomalies.contains(.zeroWidthInText))
    }

    func testInvalidUTF8BecomesReplacementCharacter() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0x28, 0xE2, 0x82, 0x63, 0xF0, 0x9F]
        let findings = analyze([(.plain, [bytes])])
        XCTAssertGreaterThan(findings.textBytes, 3)
        let overlong: [UInt8] = [0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xED, 0xA0, 0x80]
        XCTAssertEqual(analyze([(.plain, [overlong])]).textBytes, 3 * 8, "each bad byte is one U+FFFD")
    }
}
