import XCTest

@testable import HooklineEngine

/// Domain and address suffix tests compare on bytes when both names are ASCII; the answers
/// must be the ones the `String` expressions they replace gave.
final class AuthDomainMatchTests: XCTestCase {
    func testSameAnswersAsStringSuffix() {
        let names = [
            "microsoft.com", "em.microsoft.com", "xmicrosoft.com", "com", ".com", "", ".", "a.b", "b",
            "paypal.com", "paypal.com.evil.net", "evil.net", "MICROSOFT.COM", "mail.MICROSOFT.com",
            "bücher.de", "shop.bücher.de", "bu\u{308}cher.de", "shop.bu\u{308}cher.de", "\u{212A}.de", "k.de", "x.k.de",
            "\u{301}com", "e.\u{301}com", "docusign.net", "na3.docusign.net", "docusign.net.",
        ]
        for d in names {
            for p in names {
                XCTAssertEqual(
                    DomainSuffix.isDomainOrSubdomain(d, of: p), d == p || d.hasSuffix("." + p), "\(d) of \(p)")
            }
        }
    }

    func testAddressEntriesAnswerAsBefore() {
        let addresses = [
            "a@gmail.com", "a@mail.gmail.com", "a@xgmail.com", "gmail.com", "@gmail.com", "", "a@bücher.de", "a@shop.bücher.de",
            "a@\u{212A}.de", "a@k.de", "a@x.k.de", "billing@paypal.com", "Billing@PayPal.com",
        ]
        let entries = [
            "@gmail.com", "@", "@.com", "gmail.com", "a@gmail.com", "@bücher.de", "@k.de", "@\u{212A}.de", "billing@paypal.com",
            "", "@com", ".com",
        ]
        for a in addresses {
            for e in entries {
                let old = e.hasPrefix("@") ? (a.hasSuffix(e) || a.hasSuffix("." + e.dropFirst())) : a == e
                XCTAssertEqual(DomainSuffix.address(a, matches: e), old, "\(a) against \(e)")
            }
        }
    }

    /// `PlatformDef.claimed(byLowercased:)` now asks `DomainSuffix.address` per sender; it
    /// must answer as the suffixes it built once did (`"@d"` or `".d"` for a domain, `==`
    /// for an address).
    func testPlatformClaimsAnswerAsBefore() {
        let senders = ["@gmail.com", "billing@paypal.com", "@bücher.de", "@\u{212A}.de", "@", "@.com"]
        let p = PlatformDef(
            name: "p", description: "", senders: senders, authDomains: [], ownPhones: [],
            location: SourceLocation(file: "t", line: 1, column: 1))
        let addresses = [
            "a@gmail.com", "a@mail.gmail.com", "a@xgmail.com", "billing@paypal.com", "x@shop.bücher.de", "a@k.de",
            "a@x.\u{212A}.de", "", "@", "a@b.com", "a@bu\u{0308}cher.de",
        ]
        for a in addresses {
            let old = senders.contains { s in
                s.hasPrefix("@") ? (a.hasSuffix(s) || a.hasSuffix("." + s.dropFirst())) : a == s
            }
            XCTAssertEqual(p.claimed(byLowercased: a), old, a)
        }
    }
}
