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
}
