import XCTest

@testable import HooklineCore

/// The in-place ASCII test answers as the folded-key test it stands in for, and declines
/// (nil) exactly when a name is outside ASCII.
final class OwnHeaderFieldsTests: XCTestCase {
    func testInPlaceAnswersAsFoldedKeys() {
        let names = [
            "", "x", "X-Hookline-Verdict", "x-hookline-", "X-HOOKLINE-SCORE", "x-hookline", "X-Hookline_Verdict", "X-Spam-Flag",
            "x-spam-flag", "X-Spam-Fla", "Subject", "x-hooklinex", "X-Hoo\u{212A}line-Verdict", "Ünïcödé", "x-hookline-\u{e9}",
            "y-hookline-a", "X-HOOKLINE-A\u{0}", "\u{7f}x-hookline-",
        ]
        let verdictHeaders = ["X-Spam-Flag", "x-spam-flag", "X-Hookline-Verdict", "", "Subject", "X-\u{212A}", "X-K"]
        for n in names {
            for v in verdictHeaders {
                let reference = OwnHeaderFields.isOurs(key: OwnHeaderFields.key(n), verdictHeader: v)
                XCTAssertEqual(OwnHeaderFields.isOurs(n, verdictHeader: v), reference, "\(n) / \(v)")
                let ascii = n.unicodeScalars.allSatisfy(\.isASCII) && v.unicodeScalars.allSatisfy(\.isASCII)
                XCTAssertEqual(OwnHeaderFields.asciiIsOurs(n, verdictHeader: v), ascii ? reference : nil, "\(n) / \(v)")
            }
        }
        XCTAssertEqual(OwnHeaderFields.prefix, "x-hookline-", "the in-place test spells the prefix out")
    }
}
