import XCTest

@testable import HooklineEngine

/// `DomainIndex` (an `auth_domain` list indexed at load) looks a domain's suffixes up instead
/// of testing every entry; its answer must be the entry-by-entry `String` test it replaces,
/// `list.contains { d == $0 || d.hasSuffix("." + $0) }`, for every domain and list.
final class DomainIndexTests: XCTestCase {
    private func reference(_ d: String, _ list: [String]) -> Bool {
        list.contains { d == $0 || d.hasSuffix("." + $0) }
    }

    func testNamedCasesAnswerAsEveryEntry() {
        let domains = [
            "microsoft.com", "em.microsoft.com", "xmicrosoft.com", "com", ".com", "", ".", "a.b", "b", "paypal.com.evil.net",
            "bücher.de", "shop.bücher.de", "bu\u{308}cher.de", "shop.bu\u{308}cher.de", "\u{212A}.de", "k.de", "x.k.de",
            "K.de", "\u{301}com", "e.\u{301}com", "docusign.net.", "a..com", "x@microsoft.com", "a.x@microsoft.com",
        ]
        let lists = [
            ["microsoft.com", "docusign.net"], ["com"], [""], ["."], ["bücher.de"], ["\u{212A}.de"], ["k.de"], ["\u{301}com"],
            ["microsoft.com", "", "bu\u{308}cher.de"], [], [".com", "x@microsoft.com"], ["net."], ["K.de", "de"],
        ]
        for list in lists {
            let index = DomainIndex(list)
            for d in domains { XCTAssertEqual(index.covers(d), reference(d, list), "\(d) in \(list)") }
        }
    }

    /// Every string up to four characters over a small alphabet (dots anywhere, empty labels,
    /// a character that equals an ASCII one canonically) against lists drawn from the same.
    func testExhaustiveShortStrings() {
        let alphabet: [String] = ["a", "k", ".", "\u{212A}", "@"]
        var strings = [""]
        var frontier = [""]
        for _ in 0..<4 {
            frontier = frontier.flatMap { s in alphabet.map { s + $0 } }
            strings += frontier
        }
        var state: UInt64 = 0xD0_4A1B
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        var agreed = 0
        for round in 0..<60 {
            // Half the entries one or two characters long, which many strings end with.
            let list = (0..<(round % 9)).map { _ in strings[next(next(2) == 0 ? 31 : strings.count)] }
            let index = DomainIndex(list)
            for d in strings {
                let want = reference(d, list)
                XCTAssertEqual(index.covers(d), want, "\(d) in \(list)")
                if want { agreed += 1 }
            }
        }
        XCTAssertGreaterThan(agreed, 1000)  // the lists must cover something
    }
}
