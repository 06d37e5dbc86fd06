import XCTest

@testable import HooklineEngine

/// `Verdict.ordered` sorts the hits in place; the verdict listed them as
/// `hits.sorted { $0.score > $1.score }` did. Generated lists with many equal scores (where
/// an order that is not the same sort shows first), empty and single lists.
final class VerdictOrderTests: XCTestCase {
    func testHitsAreOrderedAsSortedOrderedThem() {
        var g: UInt64 = 29
        func next(_ bound: Int) -> Int {
            g = g &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((g >> 33) % UInt64(bound))
        }
        let scores: [Double] = [0.5, 1, 1, 1.5, 2, 3, -1, 0, 2.5, .infinity]
        for round in 0..<3000 {
            let hits = (0..<next(round < 100 ? 3 : 40)).map { k in
                RuleHit(
                    id: "R\(k)", score: scores[next(round % 2 == 0 ? 3 : scores.count)], description: "d\(k)",
                    evidence: (0..<next(3)).map { "e\($0)" }, group: "g\(next(4))")
            }
            XCTAssertEqual(Verdict.ordered(hits), hits.sorted { $0.score > $1.score }, "\(hits.map(\.id))")
        }
    }
}
