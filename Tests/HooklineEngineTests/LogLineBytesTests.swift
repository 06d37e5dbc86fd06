import Foundation
import XCTest

@testable import HooklineCore

/// The daemon writes text log lines as bytes (`Log.textLine`): exactly what the journal
/// prefix, `render` and the newline made as Strings, for any message text.
final class LogLineBytesTests: XCTestCase {
    func testBytesAreTheRenderedLine() {
        let pieces = [
            "queue=", "ABC123", " action=tag", " score=9.5", "\n", "\r", "\r\n", " ", "é", "\u{301}", "👍🏽", "%s",
            "\u{0}", "\t", "\u{2028}", "x",
        ]
        var rng = SplitMix64(seed: 0x106)
        var messages = ["", "\n", "plain line", "two\nlines\r\nand\rmore"]
        // Short lines, and lines as long as the daemon's (a few hundred bytes, breaks anywhere).
        for n in [20, 120] {
            for _ in 0..<1_500 {
                var s = ""
                for _ in 0..<Int(rng.next() % UInt64(n)) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
                messages.append(s)
            }
        }
        for m in messages {
            for level in Log.Level.allCases {
                for journal in [false, true] {
                    let old = Log.journalPrefix(level, journal: journal) + Log.render(level, m, format: .text) + "\n"
                    XCTAssertEqual(Log.textLine(level, m, journal: journal), Array(old.utf8), m.debugDescription)
                }
            }
        }
    }
}
