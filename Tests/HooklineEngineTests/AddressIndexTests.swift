import XCTest

@testable import HooklineEngine

/// `AddressIndex` looks an address's suffixes up instead of testing every entry; its answers
/// must be the entry-by-entry test's (`DomainSuffix.address(_:matches:)`) for every address.
final class AddressIndexTests: XCTestCase {
    /// Owners whose list has an entry `a` matches, by the entry-by-entry test.
    private func reference(_ a: String, _ lists: [[String]]) -> Set<Int> {
        Set(lists.indices.filter { i in lists[i].contains { DomainSuffix.address(a, matches: $0) } })
    }

    private func owners(_ a: String, _ index: AddressIndex) -> Set<Int> {
        var out = Set<Int>()
        index.forEachOwner(matching: a) { out.insert($0) }
        return out
    }

    func testNamedCasesAnswerAsEveryEntry() {
        let addresses = [
            "a@gmail.com", "a@mail.gmail.com", "a@xgmail.com", "gmail.com", "@gmail.com", "", "a@bücher.de", "a@shop.bücher.de",
            "a@\u{212A}.de", "a@k.de", "a@x.k.de", "billing@paypal.com", "a.gmail.com@evil.net", "a@gmail.com.", "a@", ".",
            "@", "a@@gmail.com", "x@na3.docusign.net", "k@k", "\u{212A}@k", "a@gmail.co", "a@b.c.d.e.gmail.com",
        ]
        let lists = [
            ["@gmail.com", "@", "@.com", "gmail.com", "a@gmail.com"],
            ["@bücher.de", "@k.de", "@\u{212A}.de", "billing@paypal.com", ""],
            ["@com", ".com", "@docusign.net", "k@k", "@gmail.com"],
            [],
            ["@\u{212A}", "\u{212A}@k"],
        ]
        for a in addresses {
            let index = AddressIndex(lists)
            XCTAssertEqual(owners(a, index), reference(a, lists), a)
            for list in lists {
                XCTAssertEqual(
                    AddressIndex(list).matches(a), list.contains { DomainSuffix.address(a, matches: $0) }, "\(a) in \(list)")
            }
        }
    }

    /// An entry written in several lists (two platforms sending from one domain) answers for
    /// every one of them, and as often as it is written.
    func testAnEntryInSeveralListsAnswersForEach() {
        let lists = [["@x.example"], ["@x.example", "b@y.example"], ["a@x.example"], ["a@x.example", "@x.example"], ["@y.example"]]
        let index = AddressIndex(lists)
        var seen: [Int] = []
        index.forEachOwner(matching: "a@x.example") { seen.append($0) }
        XCTAssertEqual(seen.sorted(), [0, 1, 2, 3, 3])
        seen = []
        index.forEachOwner(matching: "b@y.example") { seen.append($0) }
        XCTAssertEqual(seen.sorted(), [1, 4])
        for a in ["a@x.example", "b@y.example", "c@mail.x.example", "x.example"] {
            XCTAssertEqual(owners(a, index), reference(a, lists), a)
        }
    }

    /// Every string up to five characters over a small alphabet against lists drawn from the
    /// same strings: separators anywhere, empty parts, "@" entries and whole ones.
    func testExhaustiveShortStrings() {
        let alphabet: [Character] = ["a", "k", ".", "@", "\u{212A}"]
        var strings = [""]
        var frontier = [""]
        for _ in 0..<4 {
            frontier = frontier.flatMap { s in alphabet.map { s + String($0) } }
            strings += frontier
        }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let lists = (0..<3).map { _ in
                (0..<(round % 7)).map { _ -> String in
                    let s = strings.randomElement(using: &generator) ?? ""
                    return Bool.random(using: &generator) ? "@" + s : s
                }
            }
            let index = AddressIndex(lists)
            for a in strings { XCTAssertEqual(owners(a, index), reference(a, lists), "\(a) in \(lists)") }
        }
    }
}
