import XCTest

@testable import HooklineText

/// A mailbox's domain found on the address's bytes is the one the split gave.
final class MailboxDomainTests: XCTestCase {
    func testBytesAnswerAsTheSplit() {
        var addresses = [
            "", "@", "@@", "a@b", "a@", "@b", "a@b@c", "a@b@", "a@@b", "noat", "x@example.co.uk", "caf\u{e9}@b.de", "a@\u{301}b",
        ]
        let alphabet = ["a", "@", "."]
        var frontier = [""]
        for _ in 0..<5 {
            frontier = frontier.flatMap { s in alphabet.map { s + $0 } }
            addresses += frontier
        }
        for a in addresses {
            XCTAssertEqual(Mailbox.domain(of: a), Mailbox.domainOfParts(a), a.debugDescription)
            XCTAssertEqual(Mailbox(displayName: "", address: a).domain, Mailbox.domainOfParts(a), a.debugDescription)
        }
    }
}
