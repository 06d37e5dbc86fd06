import XCTest

@testable import HooklineEngine

/// The byte forms of `organisationDomain` and `organisationLabel` answer as the `String`
/// forms they stand in for, on every short domain over an alphabet that forms two-level
/// suffixes ("co.uk", "com.br"), repeated and empty labels, and the bytes that must take the
/// `String` form (a carriage return, a letter outside ASCII).
final class OrganisationBytesTests: XCTestCase {
    func testSameAnswersAsTheStringForms() {
        var domains = [
            "mx1.mail.example.co.uk", "mail.firstharborbank.com", "alerts.hsbc.co.uk", "msproducoeseeventos.com.br", "localhost",
            "", ".", "..", "a..b", "co.co.uk", "x.co.co.uk", "bank.co.uk.", ".bank.co.uk", "a.b\r\n.uk", "b\u{fc}cher.co.uk",
            "example.or.jp", "example.ne.jp", "a.gov.uk", "x.example.com.",
        ]
        let alphabet = ["c", "o", "m", ".", "u", "k", "\r", "\u{e9}"]
        var frontier = [""]
        for _ in 0..<5 {
            frontier = frontier.flatMap { s in alphabet.map { s + $0 } }
            domains += frontier
        }
        for tail in ["co.uk", "com.br", "org", "c.o", "uk."] {
            for head in ["", "a.", "a.b.", "co.", "uk.co."] { domains.append(head + tail) }
        }
        for d in domains {
            XCTAssertEqual(MessageFeatures.organisationLabel(d), MessageFeatures.organisationLabelOfString(d), d.debugDescription)
            XCTAssertEqual(MessageFeatures.organisationDomain(d), MessageFeatures.organisationDomainOfString(d), d.debugDescription)
        }
    }
}
