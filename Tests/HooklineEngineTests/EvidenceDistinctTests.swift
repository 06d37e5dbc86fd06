import XCTest
@testable import HooklineEngine

/// A rule's evidence as ``EvidenceList`` keeps it (indices into one store, cut by a count,
/// kept answers replayed by index) reads as the list of strings it replaced, and a hit's
/// evidence is the first distinct strings in order, at most eight, as filtering the first
/// occurrences through a Set and taking a prefix gave.
final class EvidenceDistinctTests: XCTestCase {
    // Strings equal as Swift Strings though their bytes differ ("é" composed and not, the
    // Kelvin sign and "K") count as one; ASCII strings of one length and of others.
    static let alphabet = [
        "+14155550100", "call", "Call", "é", "e\u{301}", "", "refund", "+14155550101", "a", "b", "c", "d", "e", "K", "\u{212A}",
        "kall",
    ]

    /// The reference: the first `limit` distinct strings through a Set.
    static func setFilter(_ evidence: [String], _ limit: Int) -> [String] {
        var seen = Set<String>()
        return Array(evidence.filter { seen.insert($0).inserted }.prefix(limit))
    }

    func testFirstDistinctAnswersAsTheSetFilter() {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        let alphabet = Self.alphabet
        var list = EvidenceList()
        for _ in 0..<5_000 {
            list.startRule()
            var evidence: [String] = []
            for _ in 0..<next(20) {
                // Half the time the same string again by its index (as a replayed answer is).
                if !evidence.isEmpty, next(2) == 0 {
                    let i = next(evidence.count)
                    list.push(list.id(at: i))
                    evidence.append(evidence[i])
                } else {
                    let s = alphabet[next(alphabet.count)]
                    list.append(s)
                    evidence.append(s)
                }
            }
            XCTAssertEqual(list.strings, evidence)
            for limit in [0, 1, 3, 8] {
                XCTAssertEqual(list.firstDistinct(limit), Self.setFilter(evidence, limit), "\(evidence) \(limit)")
            }
        }
    }

    /// Appends, cuts back to a mark, keeps a range and replays it later (in this rule or the
    /// next), as the evaluator does, against the same done to an array of strings.
    func testCutsAndReplaysReadAsTheStringList() {
        var state: UInt64 = 0xE71D
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        let alphabet = Self.alphabet
        var list = EvidenceList()
        var kept: [(range: Range<Int>, strings: [String])] = []
        var checked = 0
        for _ in 0..<2_000 {
            list.startRule()
            var model: [String] = []
            var marks: [Int] = []
            for _ in 0..<next(30) {
                switch next(6) {
                case 0, 1:
                    let s = alphabet[next(alphabet.count)]
                    list.append(s)
                    model.append(s)
                case 2:
                    marks.append(model.count)
                case 3:
                    // A failed part: back to its mark.
                    guard let m = marks.popLast() else { continue }
                    list.cut(to: m)
                    model.removeSubrange(m...)
                    marks = marks.filter { $0 <= m }
                case 4:
                    // An answer kept: what was added since a mark.
                    guard let m = marks.last, m <= model.count else { continue }
                    kept.append((list.keep(from: m), Array(model[m...])))
                default:
                    guard !kept.isEmpty else { continue }
                    let k = kept[next(kept.count)]
                    list.replay(k.range)
                    model += k.strings
                }
                XCTAssertEqual(list.count, model.count)
            }
            XCTAssertEqual(list.strings, model)
            XCTAssertEqual(list.firstDistinct(8), Self.setFilter(model, 8), "\(model)")
            checked += model.count
        }
        XCTAssertGreaterThan(checked, 5_000)
    }
}
