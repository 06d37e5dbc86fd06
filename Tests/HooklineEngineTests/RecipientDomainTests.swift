import XCTest

@testable import HooklineEngine

/// `MessageFeatures.recipientDomain` reads an ASCII address on its bytes; it answers as the
/// split-and-lower-case it replaced for generated addresses: "@" doubled, leading and
/// trailing, upper case, empty pieces, and pieces outside ASCII (a combining accent after
/// "@", which makes it no separator for `Character`s; a Kelvin sign, which lower-cases to
/// "k").
final class RecipientDomainTests: XCTestCase {
    func testBytesAnswerAsSplitString() {
        var rng = SplitMix64(seed: 0x5243_0024)
        let pieces = [
            "", "@", "@@", "a", "User", "Example.COM", "mail.example.org", ".", "\u{301}", "\u{E9}", "\u{212A}", "\r\n", "\u{0}",
            "[", "`", "\u{FF20}",
        ]
        var addresses: [String] = []
        for _ in 0..<5_000 {
            var a = ""
            for _ in 0..<Int(rng.next() % 6) { a += pieces[Int(rng.next() % UInt64(pieces.count))] }
            addresses.append(a)
        }
        var none = 0
        for a in addresses {
            let reference = MessageFeatures.recipientDomainOfString(a)
            XCTAssertEqual(MessageFeatures.recipientDomain(a), reference, a.debugDescription)
            if reference == nil { none += 1 }
        }
        XCTAssertGreaterThan(none, 50)
        XCTAssertEqual(MessageFeatures.recipientDomain("Ops@Mail.Example.COM@"), "mail.example.com")
    }
}
