import XCTest

@testable import HooklineText

/// The byte form of a charset label answers as the `Character` form it stands in for.
final class CharsetLabelTests: XCTestCase {
    func testBytesAnswerAsCharacters() {
        var labels = [
            "", "UTF-8", "utf-8", "\"UTF-8\"", " iso-8859-1 ", "us-ascii*en", "UTF-8*EN-us", "'Windows-1252'", "x\r\ny", "*",
            "\t*\"", "K\u{212A}OI8-R", "Ütf-8", "utf-8\u{301}", "\"\u{301}utf-8",
        ]
        for c in 0..<128 {
            let u = String(UnicodeScalar(UInt8(c)))
            labels += ["a" + u + "B", u, u + u]
        }
        for l in labels {
            XCTAssertEqual(CharsetDecoder.label(l), CharsetDecoder.labelOfCharacters(l), l.debugDescription)
        }
        XCTAssertEqual(CharsetDecoder.canonicalName("\"ISO-8859-1\""), "windows-1252")
        XCTAssertEqual(CharsetDecoder.canonicalName("UTF-8*en"), "utf-8")
    }
}
