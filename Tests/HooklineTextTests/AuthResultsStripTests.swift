import XCTest
import HooklineCore
@testable import HooklineText

/// `AuthenticationResultsParser.lowerStripped`, which copies bytes outside comments and
/// quotes and skips comment bytes without the strip's state machine, against
/// `lowerStrippedBytewise` (every byte through the strip, the path it replaced), on
/// generated hostile values: nested and unclosed comments, quotes inside and around
/// comments, escapes at every depth, CR, LF, NUL, 8-bit bytes and upper case.
final class AuthResultsStripTests: XCTestCase {
    func testFastStatesMatchTheBytewiseStrip() {
        var rng = SplitMix64(state: 3007)
        let pieces: [[UInt8]] =
            HeaderReferenceTests.pieces + [
                Array("(".utf8), Array(")".utf8), Array("((".utf8), Array("))".utf8), Array("\\".utf8),
                Array("\\(".utf8), Array("\\)".utf8), Array("\\\"".utf8), Array("\"(q)\"".utf8), Array("(\"c\")".utf8),
                Array("(a\\)b)".utf8), Array("Dkim=Pass (Sig OK) Header.D=X.Example".utf8), [0x00], [0x2A], [0x29, 0x2A],
                Array("*+,-./09:;<=>?@AZ[]^_`az{|}~".utf8), [0x7F], [0xFF],
            ]
        var stripped = 0
        for round in 0..<40_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...16, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
            var fast = [UInt8](repeating: 0, count: v.count)
            var slow = [UInt8](repeating: 0, count: v.count)
            let a = v.withUnsafeBufferPointer { r in
                fast.withUnsafeMutableBufferPointer { o in
                    o.baseAddress.map { AuthenticationResultsParser.lowerStripped(r, into: $0) } ?? 0
                }
            }
            let b = v.withUnsafeBufferPointer { r in
                slow.withUnsafeMutableBufferPointer { o in
                    o.baseAddress.map { AuthenticationResultsParser.lowerStrippedBytewise(r, into: $0) } ?? 0
                }
            }
            XCTAssertEqual(Array(fast[0..<a]), Array(slow[0..<b]), "round \(round): \(v)")
            if v.contains(UInt8(ascii: "(")) && a < v.count { stripped += 1 }
        }
        XCTAssertGreaterThan(stripped, 10_000)
    }
}
