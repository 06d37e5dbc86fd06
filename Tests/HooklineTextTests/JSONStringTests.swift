import XCTest

@testable import HooklineCore

/// The plain-string shortcut of `JSONString.quote` and `append(_:to:)` write what the
/// escaping loop writes, on every byte value and on strings outside ASCII.
final class JSONStringTests: XCTestCase {
    func testShortcutsWriteWhatTheLoopWrites() {
        var strings = ["", "plain", "/tmp/a b/c.eml", "quote \" here", "back\\slash", "tab\tnew\nline\r", "caf\u{e9}", "\u{2028}\u{2029}"]
        for c in 0..<256 { strings.append("a" + String(UnicodeScalar(UInt8(c))) + "z") }
        strings.append(String(decoding: [0x61, 0xff, 0x62], as: UTF8.self))
        for s in strings {
            XCTAssertEqual(JSONString.quote(s), JSONString.escaped(s), s.debugDescription)
            var out = "x"
            JSONString.append(s, to: &out)
            XCTAssertEqual(out, "x" + JSONString.escaped(s), s.debugDescription)
        }
    }
}
