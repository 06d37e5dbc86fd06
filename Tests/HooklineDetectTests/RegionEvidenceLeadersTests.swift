import XCTest

@testable import HooklineDetect

/// `RegionEvidence.leaders` finds the leading languages in one pass; it must rank exactly
/// as the stable sort by votes it replaced (ties to the earlier language).
final class RegionEvidenceLeadersTests: XCTestCase {
    typealias Language = RegionEvidence.Language

    /// The former definition: sort all languages by votes, most first.
    private func sorted(_ votes: [Int]) -> [Language] {
        let ranked = Language.allCases.sorted { votes[$0.rawValue] > votes[$1.rawValue] }
        let top = votes[ranked[0].rawValue]
        guard top >= 4 else { return [] }
        let second = votes[ranked[1].rawValue]
        return second * 4 >= top * 3 ? [ranked[0], ranked[1]] : [ranked[0]]
    }

    func testLeadersRankAsTheStableSortDid() {
        var rng = SystemRandomNumberGenerator()
        let n = Language.allCases.count
        for round in 0..<20000 {
            let ceiling = [3, 6, 12, 40][round % 4]
            let votes = (0..<n).map { _ in Int.random(in: 0...ceiling, using: &rng) }
            let (a, b) = RegionEvidence.leaders(votes)
            XCTAssertEqual([a, b].compactMap { $0 }, sorted(votes), "votes \(votes)")
        }
        XCTAssertEqual(RegionEvidence.leaders([Int](repeating: 5, count: n)).0, .en)
        XCTAssertEqual(RegionEvidence.leaders([Int](repeating: 5, count: n)).1, .es)
    }

    func testPackedWordTablesAnswerAsTheDictionaries() {
        func check<V: Equatable>(_ d: [UInt64: V], _ t: PackedWordTable<V>) {
            for (k, v) in d { XCTAssertEqual(t[k], v) }
            var rng = SystemRandomNumberGenerator()
            for _ in 0..<20000 {
                let k = UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng)
                XCTAssertEqual(t[k], d[k], "key \(k)")
            }
            for w in ["the", "und", "zz", "krr", "sterlingx", ""] { XCTAssertEqual(t[RegionEvidence.pack(w)], d[RegionEvidence.pack(w)]) }
        }
        check(RegionEvidence.functionWords, RegionEvidence.functionWordTable)
        check(RegionEvidence.currencyWords, RegionEvidence.currencyWordTable)
        check(RegionEvidence.dollarPrefixes, RegionEvidence.dollarPrefixTable)
        check([0: "zero", 1: "one", 0x6162: "ab"], PackedWordTable([0: "zero", 1: "one", 0x6162: "ab"]))
    }
}
