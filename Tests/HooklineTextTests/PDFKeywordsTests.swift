import XCTest
@testable import HooklineText

/// The PDF reader's token tests on bytes made once, against what they replaced.
final class PDFKeywordsTests: XCTestCase {
    /// `PDFTextExtractor.digits` against `Int(String(decoding:as:))`, on the tokens it is
    /// asked about: one to nine regular bytes starting with a digit.
    func testDigitsMatchesIntOfString() {
        var rng = SplitMix64(state: 3)
        let alphabet = Array("0123456789+-.eE#aZ_".utf8) + [0x80, 0xC3, 0xFF]
        for _ in 0..<50_000 {
            let count = Int.random(in: 1...9, using: &rng)
            var token = [UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &rng)]
            while token.count < count {
                let digit = Int.random(in: 0..<4, using: &rng) != 0
                token.append(digit ? UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &rng) : alphabet.randomElement(using: &rng) ?? 0)
            }
            XCTAssertEqual(PDFTextExtractor.digits(token), Int(String(decoding: token, as: UTF8.self)), "\(token)")
        }
    }

    func testKeywordsAreTheirNames() {
        XCTAssertEqual(String(decoding: PDFKeywords.flateDecode, as: UTF8.self), "FlateDecode")
        XCTAssertEqual(String(decoding: PDFKeywords.beginCodespaceRange, as: UTF8.self), "begincodespacerange")
        XCTAssertEqual(PDFKeywords.quote + PDFKeywords.doubleQuote, Array("'\"".utf8))
        XCTAssertEqual(String(decoding: PDFKeywords.tStar, as: UTF8.self), "T*")
    }
}
