import HooklineCore
import XCTest
@testable import HooklineDetect

/// ``ReportTiming`` reads from an expression whether Vectorscan reports its matches at their
/// last byte or at the byte after; ``PatternStream`` gives a match the view of that byte.
final class ReportTimingTests: XCTestCase {
    /// (expression, late), and expressions not read at all.
    func testReadings() {
        let cases: [(String, Bool?)] = [
            ("\\bcall us now\\b", true),
            ("\\bcall(?: \\S+){0,3} (?:us|now)\\b", true),
            ("\\b(?:team|desk|agents?) (?:at|on) \\+?\\(?\\d", false),
            ("(?:the )+desk", false),
            ("[$€£]\\d{1,3}(?:,\\d{3})*\\b", true),
            ("\\bcharges?:? ?(?:[$€£]|usd ?|eur ?|gbp ?)\\d", false),
            ("(?:foo\\b|bar\\B)", true),
            ("x\\b\\s?", nil),
            ("x(?:\\b)?", nil),
            ("(?:foo\\b|bar)", nil),
            ("foo\\b(?:bar){0}", true),
            ("(?i)foo\\b", true),
            ("(?i:foo)", false),
            ("[\\]\\b]", false),
            ("[]a]x\\x{41}\\x41", false),
            ("(?:^|[^a-z0-9])re ?: ", false),
        ]
        for (expression, expected) in cases {
            let reading = ReportTiming.reading(expression)
            XCTAssertNotNil(reading, expression)
            XCTAssertEqual(reading?.late, expected, expression)
        }
        for expression in ["refund desk$", "(?=a)b", "a\\Qb\\E", "(foo", "a{,2}", "[[:alpha:]]", "\\1"] {
            XCTAssertNil(ReportTiming.reading(expression), expression)
        }
    }

    /// The bytes a match can end with: what decides whether a view beginning after a byte joins
    /// the call before it.
    func testLastBytes() {
        func last(_ expression: String) -> [UInt8] {
            guard let set = ReportTiming.reading(expression)?.lastBytes else { return [] }
            return (0...255).map(UInt8.init).filter { set.contains($0) }
        }
        XCTAssertEqual(last("\\bfoo\\b|ba[rz]"), Array("ORZorz".utf8).sorted())
        XCTAssertEqual(last("a(?:x\\b|y)?"), Array("AXYaxy".utf8).sorted())
        XCTAssertEqual(last("a[0-2]{0}"), Array("Aa".utf8))
        XCTAssertEqual(last("a\\s"), [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20])
        XCTAssertEqual(last("a[^x]").count, 256)
        XCTAssertEqual(last("é").count, 128)
    }

    func testTableNeedsEveryPattern() {
        let known = [PatternSpec(id: 0, expression: "a\\b"), PatternSpec(id: 2, expression: "b")]
        XCTAssertEqual(ReportTiming.table(known)?.late, [true, false, false])
        XCTAssertEqual(ReportTiming.table(known)?.mixedEnds, ByteSet())
        let mixed = known + [PatternSpec(id: 1, expression: "c\\b|d")]
        XCTAssertEqual(ReportTiming.table(mixed)?.mixedEnds.contains(UInt8(ascii: "d")), true)
        XCTAssertNil(ReportTiming.table(known + [PatternSpec(id: 1, expression: "c$")]))
    }
}
