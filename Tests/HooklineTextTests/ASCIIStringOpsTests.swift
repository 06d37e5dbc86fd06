import XCTest
import HooklineCore

/// The byte paths for address and domain strings answer exactly what `String`'s
/// Character operations answer, ASCII or not.
final class ASCIIStringOpsTests: XCTestCase {
    static let samples = [
        "", "@", "..", "a@b.example.co.uk", "@@x@", "user@", "@host", ".lead.trail.", "a..b", "no-separator",
        "x\r\n@y.z", "a@\u{301}b.c", "caf\u{E9}@ex\u{E4}mple.de", "\u{301}@.", "le\u{301}.com",
        "Name <a@b.c>", "<a><b>", "x<\u{301}y",
    ]

    func testSplitMatchesString() {
        for s in Self.samples {
            for c: Character in ["@", ".", "<"] {
                XCTAssertEqual(ASCII.split(s, on: c), s.split(separator: c), "\(s.debugDescription) on \(c)")
            }
        }
    }

    func testLastIndexMatchesString() {
        for s in Self.samples {
            for c: Character in ["@", ".", "<", ":"] {
                XCTAssertEqual(ASCII.lastIndex(of: c, in: s), s.lastIndex(of: c), "\(s.debugDescription) of \(c)")
                if let i = ASCII.lastIndex(of: c, in: s) { XCTAssertEqual(String(s[i...].prefix(1)), String(c)) }
            }
        }
    }
}
