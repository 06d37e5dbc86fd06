import XCTest

@testable import HooklineEngine

/// `squash` on an ASCII string's bytes answers as the scalar form it stands in for.
final class SquashTests: XCTestCase {
    func testBytesAnswerAsScalars() {
        var strings = [
            "", "Pinecone-Robotics", "Microsoft 365", "ADOBE SIGN", "a_b.c@d", "Cedar & Finch", "\r\n\t 0-9", "~`!@#$%^&*()[]{}",
            "K\u{212A}", "Straße", "İstanbul", "Ünïcödé", "ＡＢＣ", "x\u{301}y",
        ]
        strings.append(String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self))
        for c in 0..<128 { strings.append("a" + String(UnicodeScalar(UInt8(c))) + "Z9") }
        for s in strings { XCTAssertEqual(MessageFeatures.squash(s), MessageFeatures.squashOfScalars(s), s.debugDescription) }
    }
}
