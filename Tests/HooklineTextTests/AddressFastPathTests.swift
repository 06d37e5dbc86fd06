import XCTest
import HooklineCore
@testable import HooklineText

/// `AddressParser`'s passes over bytes no state reads, its bare-address way (no comment, no
/// route: no arrays) and its one-pass ASCII display name (`plainPhrase`) against
/// `ReferenceAddressParser`, on generated hostile fields: quotes and escapes around "=?",
/// VT and FF (which `collapseWhitespace` keeps in text that needs no collapsing), comments,
/// routes, groups, 8-bit bytes and blanks of every kind.
final class AddressFastPathTests: XCTestCase {
    static let pieces: [[UInt8]] =
        HeaderReferenceTests.pieces + [
            [0x0B], [0x0C], Array("=\\?".utf8), Array("=\"\"?".utf8), Array("= ?".utf8), Array("a (c) b".utf8),
            Array("x@y.example".utf8), Array(" Bob  Q.  Public ".utf8), Array("\"Last, First\"".utf8), [0x5C],
            Array("\\\"".utf8), Array("@".utf8), Array("  ".utf8), Array("<x@Y.example>".utf8), Array("(".utf8),
        ]

    func testFieldsMatchTheReference() {
        var rng = SplitMix64(state: 2611)
        var named = 0
        for round in 0..<30_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) { v += Self.pieces.randomElement(using: &rng) ?? [] }
            let a = HeaderReferenceTests.assertAddressParsersAgree(v, round: round)
            if a.contains(where: { !$0.displayName.isEmpty }) { named += 1 }
        }
        XCTAssertGreaterThan(named, 5_000)
    }

    /// The one-pass name, where it answers, is the unquoted bytes collapsed as
    /// `collapseWhitespace` collapses them.
    func testPlainPhraseIsTheCollapsedUnquotedText() {
        var rng = SplitMix64(state: 2612)
        let pieces: [[UInt8]] = [
            Array(" ".utf8), Array("\t".utf8), Array("\r\n".utf8), [0x0B], [0x0C], [0x00], Array("\"".utf8), Array("\\".utf8),
            Array("=".utf8), Array("?".utf8), Array("Ann".utf8), Array("O'Neil".utf8), [0xC3, 0xA9],
        ]
        var answered = 0
        for round in 0..<30_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...10, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
            var unquoted: [UInt8] = []
            var escape = false
            for c in v {
                if escape {
                    unquoted.append(c)
                    escape = false
                } else if c == ASCII.backslash {
                    escape = true
                } else if c != ASCII.quote {
                    unquoted.append(c)
                }
            }
            guard let plain = v.withUnsafeBufferPointer({ AddressParser.plainPhrase($0) }) else { continue }
            answered += 1
            let expected = HeaderDecoding.collapseWhitespace(String(decoding: unquoted, as: UTF8.self))
            XCTAssertEqual(Array(plain.utf8), Array(expected.utf8), "round \(round): \(v)")
        }
        XCTAssertGreaterThan(answered, 5_000)
    }
}
