import XCTest

@testable import HooklineText

/// The memo pool hands finished parts' memos to later parts: at most `pooled` of them are
/// kept, each comes back with what it held, and an empty memo is never pooled.
final class HTMLStyleMemoPoolTests: XCTestCase {
    func testPoolKeepsAtMostPooledMemosWithWhatTheyHeld() {
        for _ in 0..<50 { _ = HTMLStyleMemo.checkOut() }  // earlier tests' parts pooled theirs
        let values = (0..<20).map { Array("color:#0000\(String(0x10 + $0, radix: 16))".utf8) }
        for (k, v) in values.enumerated() {
            var memo = HTMLStyleMemo()
            v.withUnsafeBytes { memo.keep($0, HTMLStyle(hidden: k % 2 == 0)) }
            HTMLStyleMemo.checkIn(memo)
        }
        HTMLStyleMemo.checkIn(HTMLStyleMemo())  // empty: not kept
        var answered = 0
        for _ in 0..<20 {
            let memo = HTMLStyleMemo.checkOut()
            for (k, v) in values.enumerated() {
                guard let style = v.withUnsafeBytes({ memo.style(for: $0) }) else { continue }
                XCTAssertEqual(style.hidden, k % 2 == 0)
                answered += 1
            }
        }
        XCTAssertEqual(answered, HTMLStyleMemo.pooled)
    }
}
