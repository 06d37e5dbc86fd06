import XCTest

@testable import HooklineEngine
import HooklineCore

/// `GroupScore.total` sums each group by comparing names among the few groups a message's
/// rules fall in; it must give what the dictionary form it replaces gave (kept here as the
/// reference), bit for bit: totals, capped groups and their order, over generated hits with
/// declared and undeclared groups, caps that bite and ones that do not, and signed zeros.
final class GroupScoreTests: XCTestCase {
    private static func reference(_ hits: [RuleHit], groups: [String: GroupDef]) -> (Double, [GroupScore]) {
        var total = hits.reduce(0) { $0 + $1.score }
        guard !groups.isEmpty else { return (total, []) }
        var order: [String] = []
        var sums: [String: Double] = [:]
        for h in hits where groups[h.group] != nil {
            if sums[h.group] == nil { order.append(h.group) }
            sums[h.group, default: 0] += h.score
        }
        var capped: [GroupScore] = []
        for name in order {
            guard let def = groups[name], let sum = sums[name] else { continue }
            let counted = def.counted(sum)
            guard counted != sum else { continue }
            total += counted - sum
            capped.append(GroupScore(group: name, sum: sum, counted: counted, maxScore: def.maxScore, minScore: def.minScore))
        }
        return (total, capped)
    }

    func testSameTotalsAndCapsAsTheDictionaryForm() {
        let at = SourceLocation(file: "t", line: 1, column: 1)
        let names = ["ask", "pretext", "dissonance", "counter", "undeclared", "", "default"]
        let scores: [Double] = [0.5, 1.5, 2.0, 3.5, -2.0, -3.0, 0.1, 0.2, -0.0, 0.0, 7.25]
        var state: UInt64 = 0x6_2005
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % n
        }
        var bit = 0
        for round in 0..<3000 {
            var groups: [String: GroupDef] = [:]
            if round % 10 != 0 {
                for name in names.prefix(4) where next(4) != 0 {
                    let max: Double? = next(3) == 0 ? nil : Double(next(9)) / 2
                    let min: Double? = next(3) == 0 ? Double(-next(20)) : nil
                    groups[name] = GroupDef(name: name, maxScore: max, minScore: min, location: at)
                }
                if next(5) == 0 { groups[""] = GroupDef(name: "", maxScore: 0.3, location: at) }
            }
            let hits = (0..<next(12)).map { i in
                RuleHit(id: "r\(i)", score: scores[next(scores.count)], description: "", evidence: [], group: names[next(names.count)])
            }
            let (total, capped) = GroupScore.total(hits, groups: groups)
            let (want, wantCapped) = Self.reference(hits, groups: groups)
            XCTAssertEqual(total.bitPattern, want.bitPattern, "\(hits) \(groups)")
            XCTAssertEqual(capped, wantCapped, "\(hits) \(groups)")
            if !capped.isEmpty { bit += 1 }
        }
        XCTAssertGreaterThan(bit, 300)  // caps must bite often enough to compare
    }
}
