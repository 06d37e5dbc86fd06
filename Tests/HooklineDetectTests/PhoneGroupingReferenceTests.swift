import XCTest

@testable import HooklineDetect

/// `ValidatedPhone.isGroupedLike` reads each reference grouping where it lies (a slice, a
/// trunk "1" as a lead) instead of building arrays of them: its answer must be the one the
/// code that built them gives (``reference(_:_:)``), for every written grouping against
/// every number's, Britain's local-rate numbers and empty groupings included.
final class PhoneGroupingReferenceTests: XCTestCase {
    /// `isGroupedLike` as it was, arrays and all.
    private static func reference(_ phone: ValidatedPhone, _ groups: [Int]) -> Bool {
        if groups.count <= 1 { return true }
        let withoutCountry = Array(phone.internationalGroups.dropFirst())
        let trunk = [1] + phone.nationalGroups
        let customary = referenceCustomary(phone)
        if ([phone.internationalGroups, phone.nationalGroups, withoutCountry, trunk] + customary).contains(where: {
            referenceCoarsens(groups, $0)
        }) {
            return true
        }
        guard groups.allSatisfy({ $0 >= 2 }) else { return false }
        return ([phone.nationalGroups, withoutCountry] + customary).contains {
            !$0.isEmpty && groups.count > $0.count && referenceCoarsens($0, groups)
        }
    }

    private static func referenceCustomary(_ phone: ValidatedPhone) -> [[Int]] {
        guard phone.region == "GB", phone.e164.hasPrefix("+44"), phone.e164.utf8.count == 13 else { return [] }
        let nsn = phone.e164.utf8.dropFirst(3)
        let localRate = nsn.starts(with: "3".utf8) || nsn.starts(with: "84".utf8) || nsn.starts(with: "87".utf8)
        return localRate ? [[5, 6]] : []
    }

    private static func referenceCoarsens(_ written: [Int], _ reference: [Int]) -> Bool {
        guard !reference.isEmpty else { return false }
        var r = 0
        for group in written {
            var sum = 0
            while sum < group && r < reference.count { sum += reference[r]; r += 1 }
            if sum != group { return false }
        }
        return r == reference.count
    }

    /// Groups of 1 to 6 digits, mostly summing to a number's length, so coarsenings and
    /// further splits are common and near misses too.
    private static func grouping(_ g: inout Generator, total: Int) -> [Int] {
        var out: [Int] = []
        var left = total
        while left > 0 && out.count < 8 {
            let take = min(left, 1 + g.next(g.next(3) == 0 ? 6 : 4))
            out.append(take)
            left -= take
        }
        if g.next(6) == 0 { out.append(1 + g.next(4)) }
        if g.next(8) == 0, !out.isEmpty { out.removeLast() }
        return out
    }

    private static func phone(_ g: inout Generator) -> ValidatedPhone {
        let regions = ["GB", "US", "FR", "IN", "ZZ"]
        let region = regions[g.next(regions.count)]
        let nsnPrefixes = ["3", "84", "87", "80", "20", "7", "845", "870"]
        var e164 = g.next(4) == 0 ? "+1" : "+44"
        e164 += nsnPrefixes[g.next(nsnPrefixes.count)]
        while e164.utf8.count < 11 + g.next(4) { e164 += String(g.next(10)) }
        let nationalTotal = 9 + g.next(4)
        let national = g.next(10) == 0 ? [] : grouping(&g, total: nationalTotal)
        let country = 1 + g.next(3)
        let internationalTotal = nationalTotal - g.next(2)
        var international = g.next(10) == 0 ? [] : [country] + grouping(&g, total: internationalTotal)
        if g.next(5) == 0 { international = [international.first ?? 1] + national }
        return ValidatedPhone(
            e164: e164, type: .fixed, region: region, internationalGroups: international, nationalGroups: national)
    }

    func testGroupedLikeAnswersAsTheArraysDid() {
        var g = Generator(seed: 3131)
        var yes = 0
        var splits = 0
        var localRate = 0
        for _ in 0..<60_000 {
            let number = Self.phone(&g)
            let groups: [Int]
            switch g.next(4) {
            case 0: groups = Self.grouping(&g, total: number.nationalGroups.reduce(0, +))
            case 1: groups = Self.grouping(&g, total: number.nationalGroups.reduce(0, +) + 1)
            case 2: groups = Self.grouping(&g, total: number.internationalGroups.dropFirst().reduce(0, +))
            default:
                let total = 7 + g.next(6)
                groups = Self.grouping(&g, total: total)
            }
            let expected = Self.reference(number, groups)
            XCTAssertEqual(
                number.isGroupedLike(groups), expected,
                "\(number.e164) \(number.region) \(number.internationalGroups) \(number.nationalGroups) \(groups)")
            if expected { yes += 1 }
            if expected && groups.count > number.nationalGroups.count { splits += 1 }
            if !Self.referenceCustomary(number).isEmpty { localRate += 1 }
        }
        // Both answers, further splits and Britain's local-rate numbers are reached.
        XCTAssertGreaterThan(yes, 5_000)
        XCTAssertGreaterThan(splits, 1_000)
        XCTAssertGreaterThan(localRate, 1_000)
    }

    func testCoarsensWithLeadIsTheArrayWithItsFirstGroup() {
        var g = Generator(seed: 77)
        for _ in 0..<20_000 {
            let total = g.next(12)
            let reference = Self.grouping(&g, total: total)
            let written = Self.grouping(&g, total: 1 + reference.reduce(0, +))
            XCTAssertEqual(
                ValidatedPhone.coarsens(written[...], reference[...], lead: 1), Self.referenceCoarsens(written, [1] + reference),
                "\(written) \(reference)")
            XCTAssertEqual(
                ValidatedPhone.coarsens(written[...], reference.dropFirst()),
                Self.referenceCoarsens(written, Array(reference.dropFirst())), "\(written) \(reference)")
        }
    }
}
