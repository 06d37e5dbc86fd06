import XCTest

@testable import HooklineEngine

/// `MessageFeatures.lowered` answers as `lowercased()` for generated texts: every ASCII byte
/// (the edges of A-Z: "@", "[", "`", "{"), capitals anywhere, and pieces outside ASCII that
/// lower-case to ASCII or to more than one scalar (Kelvin sign, "İ"), or not at all ("ß").
final class LowercasedASCIITests: XCTestCase {
    func testAnswersAsLowercased() {
        var rng = SplitMix64(seed: 0x4C_4F57)
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        let pieces =
            ascii + ["User", "Example.COM", "mail.example.org", "\u{E9}", "\u{C9}", "\u{212A}", "\u{130}", "\u{DF}", "\u{301}", "Ω"]
        var texts = ["", "A", "Z", "a", "z", "@", "[", "`", "{", "ALL.UPPER.EXAMPLE.COM", "plain@example.com"]
        for _ in 0..<20_000 {
            var t = ""
            for _ in 0..<Int(rng.next() % 40) { t += pieces[Int(rng.next() % UInt64(pieces.count))] }
            texts.append(t)
        }
        var kept = 0
        for t in texts {
            let lowered = MessageFeatures.lowered(t)
            XCTAssertEqual(Array(lowered.utf8), Array(t.lowercased().utf8), t.debugDescription)
            if lowered == t { kept += 1 }
        }
        XCTAssertGreaterThan(kept, 100)
    }
}
