import XCTest

@testable import HooklineDetect

/// `RegionRanking.ranked` keeps its weights in a small array instead of a `Dictionary`; the
/// order and the weights must be exactly those of the dictionary form, kept here as the
/// reference, over many mixes of hints, languages and currencies.
final class RegionRankingTests: XCTestCase {
    func testSameRankingAsTheDictionaryForm() {
        let words = [
            "the and you your to of is for", "de en y el la los que para", "der das und ist sie ihr",
            "vous votre pour une avec pas", "os que em por seu sua voce", "il di che un una con sono",
            "het een en van uw niet met", "nie jest na sie dla lub", "och till av det den vi din",
            "og til af er den det vores", "og til av er den det vennligst", "ja ei tai sinun olet",
            "je na se pro jako nebo",
        ]
        let marks = ["€", "$", "£", "R$", "A$", "MX$", "kr", "zł", "₹", "¥", "CHF", "eur", "gbp", "Rs. 100", ""]
        let regions = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "BR", "PT", "MX", "CA", "AU", "IN", "SE", "NO", "DK", "PL", "JP"]
        var seed: UInt64 = 42
        let stops = TestStops()
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        // Names ``RegionRanking/key(_:)`` does not take (the general path), now and then.
        let odd = ["", "U", "USA", "É", "us", "Ü1"]
        func pick(_ count: Int) -> [String] {
            (0..<count).map { _ in next(40) == 0 ? odd[next(odd.count)] : regions[next(regions.count)] }
        }
        var keyedRankings = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<next(4) {
                let sentence = words[next(words.count)]
                for _ in 0...next(3) { text += " " + sentence + "." }
            }
            for _ in 0..<next(3) { text += " " + marks[next(marks.count)] + "12 " }
            var evidence = RegionEvidence()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { evidence.scan($0, marking: &stops.stops) }
            let hints = RegionRanking.Hints(
                configured: next(4) == 0 ? ["US", "GB"] : pick(1 + next(2)), recipient: pick(next(3)), sender: pick(next(3)),
                text: pick(next(4)))
            let fast = RegionRanking.ranked(hints, evidence)
            let reference = Self.reference(hints, evidence)
            XCTAssertEqual(fast.map(\.region), reference.map(\.region), text)
            XCTAssertEqual(fast.map(\.score), reference.map(\.score), text)
            // The keyed path against the general one it stands in for, where it answers.
            if let keyed = RegionRanking.keyedRanking(hints, evidence) {
                keyedRankings += 1
                let general = RegionRanking.stringRanking(hints, evidence)
                XCTAssertEqual(keyed.regions, general.regions, text)
                XCTAssertEqual(keyed.scores, general.scores, text)
            }
        }
        XCTAssertGreaterThan(keyedRankings, 2000)
        XCTAssertLessThan(keyedRankings, 3000)
    }

    /// The dictionary form, as it was at 09a82ba.
    static func reference(_ hints: RegionRanking.Hints, _ evidence: RegionEvidence) -> [(region: String, score: Double)] {
        typealias R = RegionRanking
        var score: [String: Double] = [:]
        let languages = evidence.languages
        let spokenThere = Set(languages.flatMap { R.spoken[$0.rawValue].map(\.0) })
        for (i, region) in hints.configured.enumerated() {
            let foreign = !languages.isEmpty && !spokenThere.contains(region)
            score[region, default: 0] += (foreign ? 1.0 : 2.0) - 0.1 * Double(i)
        }
        for region in hints.recipient { score[region, default: 0] += 2.5 }
        for region in hints.sender { score[region, default: 0] += 1.0 }
        for (i, region) in hints.text.enumerated() { score[region, default: 0] += 3.0 - 0.2 * Double(min(i, 5)) }
        for region in evidence.currencyRegions { score[region, default: 0] += 3.0 }
        for (rank, language) in languages.enumerated() {
            let damp = rank == 0 ? 1.0 : 0.6
            for (region, weight) in R.spoken[language.rawValue] { score[region, default: 0] += weight * damp }
            if evidence.sawEuro { for region in R.euro[language.rawValue] { score[region, default: 0] += 2.0 * damp } }
            if evidence.sawDollar { for region in R.dollar[language.rawValue] { score[region, default: 0] += 1.0 * damp } }
            if evidence.sawKrona, let region = R.krona[language] { score[region, default: 0] += 2.0 * damp }
        }
        if evidence.sawKrona && !languages.contains(where: { R.krona[$0] != nil }) {
            for region in ["SE", "DK", "NO"] { score[region, default: 0] += 1.0 }
        }
        if evidence.sawEuro && languages.isEmpty {
            for region in ["FR", "DE", "ES", "IT", "NL"] { score[region, default: 0] += 1.0 }
        }
        let ordered = score.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var out = Array(ordered.prefix(R.maxRegions).map(\.key))
        for language in languages {
            for (region, _) in R.spoken[language.rawValue].prefix(2) where !out.contains(region) {
                if out.count == R.maxRegions { out.removeLast() }
                out.append(region)
            }
        }
        for region in hints.configured where !out.contains(region) {
            if out.count == R.maxRegions { out.removeLast() }
            out.append(region)
        }
        return out.map { ($0, score[$0] ?? 0) }
    }
}
