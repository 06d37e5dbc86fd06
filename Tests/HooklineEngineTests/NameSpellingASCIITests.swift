import XCTest
@testable import HooklineEngine

/// `name(_:spells:)` with its ASCII byte path answers as the `String` way it replaced
/// (`MessageFeatures/nameByScalars(_:spells:)`) on generated names and labels: labels built from the name's
/// own words (initials, prefixes, abbreviations, hyphens, so that true answers are
/// common), random ones, mixed case, CR LF, IDN labels, letters outside ASCII, empty and
/// very long strings.
final class NameSpellingASCIITests: XCTestCase {
    static let nameWords = [
        "First", "HARBOR", "bank", "The", "de", "Cascade", "Federal", "Credit", "Union", "PKO", "a1", "Telekom", "New",
        "York", "Times", "Medical", "Revenue", "Partners", "Itaú", "KölnBonn", "さくら", "Ω", "e\u{301}cole", "x", "",
        "&", "-", "Co.", "LLC", "O'Brien", "r\r\nq", "Straße",
    ]
    static let separators = [" ", "  ", "-", ", ", "\t", "\r\n", "/", ""]

    func testNameAnswersAsTheStringWay() {
        var rng = SplitMix64(seed: 0x5E_1D_E7_17)
        var checked = 0, trues = 0, ascii = 0
        func check(_ name: String, _ label: String) {
            let want = MessageFeatures.nameByScalars(name, spells: label)
            XCTAssertEqual(MessageFeatures.name(name, spells: label), want, "\(name.debugDescription) ~ \(label.debugDescription)")
            checked += 1
            if want { trues += 1 }
            if NameSpelling.ascii(name, spells: label) != nil { ascii += 1 }
        }
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        for _ in 0..<30_000 {
            let n = Int(rng.next() % 5)
            var parts: [String] = []
            for _ in 0..<n { parts.append(pick(Self.nameWords)) }
            var name = ""
            for p in parts { name += (name.isEmpty ? "" : pick(Self.separators)) + p }
            // A label from the name's words: whole, initials, first word and initials,
            // prefixes run together, hyphen-joined, or anything.
            let lw = parts.map { $0.lowercased().filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }
            var label: String
            switch rng.next() % 8 {
            case 0: label = lw.joined()
            case 1: label = String(lw.compactMap { $0.first })
            case 2: label = (lw.first ?? "") + String(lw.dropFirst().compactMap { $0.first })
            case 3: label = lw.map { String($0.prefix(Int(rng.next() % 5) + 1)) }.joined()
            case 4: label = lw.map { String($0.prefix(Int(rng.next() % 7) + 2)) }.joined(separator: "-")
            case 5: label = pick(["paypal", "xn--itau-kpa", "bb", "dnb", "a1", "", "-", "--x", "ab-cd", "bank\r\nx", "cascadefcu"])
            case 6: label = String(lw.joined().dropFirst(Int(rng.next() % 3)))
            default:
                label = String((0..<Int(rng.next() % 12)).map { _ in pick(Array("abcdefghijklmnoprstu-01")) })
            }
            if rng.next() % 4 == 0 { label = label.uppercased() }
            check(name, label)
            check(name.uppercased(), label)
        }
        let long = String(repeating: "Harbor Bank ", count: 2_000)
        check(long, "harborbank")
        check(long, String(repeating: "hb", count: 3_000))
        check("", "")
        check("", "bank")
        check("Bank", "")
        XCTAssertGreaterThan(checked, 60_000)
        XCTAssertGreaterThan(trues, 5_000)
        XCTAssertGreaterThan(ascii, 20_000)
    }
}
