import XCTest

@testable import HooklineEngine

/// `Envelope.bareAddress` trims ASCII addresses on their bytes; it must cut exactly where
/// the Character walk it replaced cuts, for any text (non-ASCII takes that walk itself).
final class BareAddressBytesTests: XCTestCase {
    /// Pieces an envelope address is made of, and the ones grapheme breaking treats
    /// specially: CR LF, a combining mark after "<" or a blank, a prepended mark before ">".
    private static let pieces = [
        " ", "\t", "<", ">", "\r", "\n", "\r\n", "a", "Z", "@", ".", "-", "+", "\"", "\u{0}",
        "\u{301}", "\u{600}", "é", "\u{200D}", "👍🏽", "\u{A0}", "\u{3000}",
    ]

    func testBytesCutWhereCharactersCut() {
        var fixed = ["", " ", "<>", "<", ">", " <a@b> ", "\t<user@example.com>\t", "<<a>>", "> a <", "<\r\n>", " \r\n "]
        fixed += ["<\u{301}a@b>", "<a@b\u{600}>", "\u{600}<a@b>", " \u{301}<a@b> "]
        var rng = SplitMix64(seed: 0xB4AE)
        var generated: [String] = []
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 12)
            var s = ""
            for _ in 0..<n { s += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
            generated.append(s)
        }
        var ascii = 0
        for s in fixed + generated {
            XCTAssertEqual(Envelope.bareAddress(s), Envelope.bareAddressOfCharacters(s), s.debugDescription)
            var t = s
            if t.withUTF8({ Envelope.bareASCII($0) }) != nil { ascii += 1 }
        }
        XCTAssertGreaterThan(ascii, 2_000, "the byte path must be exercised")
    }
}
