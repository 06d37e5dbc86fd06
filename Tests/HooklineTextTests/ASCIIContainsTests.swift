import Foundation
import HooklineCore
import XCTest

/// `ASCII.contains` answers as Foundation's `contains` does, on bytes or not.
final class ASCIIContainsTests: XCTestCase {
    func testSameAnswerAsFoundation() {
        let haystacks = ["", "a", "=?utf-8?q?x?=", "text/plain", "<srs0=abc", "noslash", "caf\u{E9}=?", "=?\u{301}", "x.y"]
        let needles = ["", "=?", "/", "<srs0=", ".", "\u{E9}", "a", "x.y.z"]
        for h in haystacks {
            for n in needles {
                XCTAssertEqual(ASCII.contains(h, n), h.contains(n), "\(h.debugDescription) contains \(n.debugDescription)")
            }
        }
    }
}
