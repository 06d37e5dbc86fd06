import XCTest

@testable import HooklineText

/// `collapseWhitespace` takes a byte path for ASCII that is not plain; it must give what the
/// Character walk gave (every `isWhitespace` run one space, none at either end).
final class CollapseWhitespaceTests: XCTestCase {
    /// The function as it was: plain ASCII (no HT, CR, LF, no blank run or blank at either
    /// end) returned as it is, anything else walked by Character.
    private func characterWalk(_ s: String) -> String {
        var plain = true
        var prevBlank = true
        for b in s.utf8 {
            if b >= 0x80 || b == 0x09 || b == 0x0D || b == 0x0A || (b == 0x20 && prevBlank) { plain = false; break }
            prevBlank = b == 0x20
        }
        if plain && !prevBlank { return s }
        var out = ""
        var pendingSpace = false
        for ch in s {
            if ch.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(ch)
        }
        return out
    }

    func testASCIIPathAnswersAsTheCharacterWalk() {
        let pieces = ["a", "Zb", " ", "  ", "\t", "\r\n", "\r", "\n", "\u{0B}", "\u{0C}", "x y", "=?", "\u{1F}", "~"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20000 {
            let s = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            XCTAssertEqual(HeaderDecoding.collapseWhitespace(s), characterWalk(s), "\(Array(s.utf8))")
        }
        for s in ["", " ", "a  b", " a\tb \r\n c ", "Ünïcode  \u{85} x", "a\u{A0} b"] {
            XCTAssertEqual(HeaderDecoding.collapseWhitespace(s), characterWalk(s))
        }
    }

    /// Outside ASCII, each `Character` told blank by its first scalar and copied as its
    /// bytes: blanks next to combining marks, prepended marks, joiners, emoji modifiers and
    /// flags (which join a blank into a `Character` or not), and every White_Space scalar
    /// beyond ASCII, with lookalikes that are not.
    func testCharacterPathAnswersAsTheCharacterWalk() {
        let pieces = [
            "a", " ", "  ", "\t", "\r\n", "\r", "\n", "\u{0B}", "é", "e\u{301}", "\u{301}", "\u{300}\u{301}",
            "\u{600}", "\u{600} ", "\u{110BD}", "\u{200D}", "\u{200C}", "\u{200B}", "\u{2060}", "\u{FEFF}",
            "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}",
            "\u{205F}", "\u{3000}", "\u{180E}", "重要", "お知らせ", "【", "】", "\u{1F44D}", "\u{1F3FB}",
            "\u{1F1EF}\u{1F1F5}", "\u{1F1EF}", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{AC00}", "\u{0915}\u{094D}",
            "\u{0E33}", "\u{FF9E}", "\u{E0020}", "\u{1}", "=?",
        ]
        var rng = SplitMix64(state: 3109)
        var beyondASCII = 0
        for _ in 0..<30000 {
            let s = (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            if s.utf8.contains(where: { $0 >= 0x80 }) { beyondASCII += 1 }
            XCTAssertEqual(HeaderDecoding.collapseWhitespace(s), characterWalk(s), "\(s.unicodeScalars.map(\.value))")
        }
        XCTAssertGreaterThan(beyondASCII, 20000)
    }
}
