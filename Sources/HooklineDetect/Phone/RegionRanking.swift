/// Orders the countries a national number is read in, from everything the message points at.
///
/// Each source adds weight to countries: the configured regions (the site's own), the
/// recipient's and receiving MX's ccTLD (the mailbox's country, which the sender does not
/// choose), the sender's ccTLD (which it does), the text's language and the currency it
/// charges in. The heaviest few are tried, so the cost per candidate stays bounded however
/// many hints a message carries. The configured regions are always among them.
enum RegionRanking {
    /// Regions tried per national candidate.
    static let maxRegions = 6

    struct Hints {
        var configured: [String] = ["US"]
        var recipient: [String] = []
        var sender: [String] = []
        /// Countries the text names on its own (kana → JP), and those of the numbers it
        /// writes with a country code: as plain a statement of where it is as a currency.
        var text: [String] = []
    }

    /// The regions in order with the weight the message gave each (0 for one kept only as a
    /// language's main country or a configured region).
    static func ranked(_ hints: Hints, _ evidence: RegionEvidence) -> [(region: String, score: Double)] {
        let (regions, scores) = ranking(hints, evidence)
        return regions.indices.map { (regions[$0], scores[$0]) }
    }

    /// ``ranked(_:_:)`` as two arrays, the form the phone scanner keeps. Two-letter ASCII
    /// names (every ccTLD, currency and language country) are ranked by ``keyedRanking(_:_:)``;
    /// any other name in the hints takes the general path (``order(_:_:)``).
    static func ranking(_ hints: Hints, _ evidence: RegionEvidence) -> (regions: [String], scores: [Double]) {
        if let keyed = keyedRanking(hints, evidence) { return keyed }
        return stringRanking(hints, evidence)
    }

    /// The general path, on `String` names (the reference ``keyedRanking(_:_:)`` is tested against).
    static func stringRanking(_ hints: Hints, _ evidence: RegionEvidence) -> (regions: [String], scores: [Double]) {
        let (regions, score) = order(hints, evidence)
        return (regions, regions.map { score.value($0) ?? 0 })
    }

    /// The regions in order, and their weights.
    ///
    /// A few arrays a ranking, not a dozen (~1.9 rankings a message): the weights in one
    /// array of pairs, the languages' countries looked up where they are (not gathered into
    /// an array), the positive weights sorted in place and the first few copied into an array
    /// sized for them. The same sums in the same order, and the same total order (weight,
    /// then name; names are distinct), so the same answer.
    private static func order(_ hints: Hints, _ evidence: RegionEvidence) -> (regions: [String], score: Scores) {
        var score = Scores()
        let languages = evidence.languages
        // The site's own regions weigh less in a text written in none of their languages:
        // an Italian letter to a US site prints Italian numbers.
        for (i, region) in hints.configured.enumerated() {
            let foreign =
                !languages.isEmpty && !languages.contains { l in spoken[l.rawValue].contains { $0.0 == region } }
            score.add(region, (foreign ? 1.0 : 2.0) - 0.1 * Double(i))
        }
        for region in hints.recipient { score.add(region, 2.5) }
        for region in hints.sender { score.add(region, 1.0) }
        for (i, region) in hints.text.enumerated() { score.add(region, 3.0 - 0.2 * Double(min(i, 5))) }
        for region in evidence.currencyRegions { score.add(region, 3.0) }
        for (rank, language) in languages.enumerated() {
            let damp = rank == 0 ? 1.0 : 0.6
            for (region, weight) in spoken[language.rawValue] { score.add(region, weight * damp) }
            if evidence.sawEuro { for region in euro[language.rawValue] { score.add(region, 2.0 * damp) } }
            if evidence.sawDollar { for region in dollar[language.rawValue] { score.add(region, 1.0 * damp) } }
            if evidence.sawKrona, let region = krona[language] { score.add(region, 2.0 * damp) }
        }
        if evidence.sawKrona && !languages.contains(where: { krona[$0] != nil }) {
            for region in ["SE", "DK", "NO"] { score.add(region, 1.0) }
        }
        if evidence.sawEuro && languages.isEmpty {
            for region in ["FR", "DE", "ES", "IT", "NL"] { score.add(region, 1.0) }
        }
        let entries = score.entries
        var ordered: [Int] = []
        ordered.reserveCapacity(entries.count)
        for i in entries.indices where entries[i].weight > 0 { ordered.append(i) }
        ordered.sort {
            let (a, b) = (entries[$0].weight, entries[$1].weight)
            return a != b ? a > b : entries[$0].region < entries[$1].region
        }
        var out: [String] = []
        out.reserveCapacity(maxRegions)
        for k in 0..<min(maxRegions, ordered.count) { out.append(entries[ordered[k]].region) }
        // Each language the text is in keeps its two main countries among those tried: a
        // Portuguese note close behind a Spanish vote must still be read as Portugal's.
        for language in languages {
            for (region, _) in spoken[language.rawValue].prefix(2) where !out.contains(region) {
                if out.count == maxRegions { out.removeLast() }
                out.append(region)
            }
        }
        for region in hints.configured where !out.contains(region) {
            if out.count == maxRegions { out.removeLast() }
            out.append(region)
        }
        return (out, score)
    }

    /// The weights, in the order regions were first named: a message names a few dozen at
    /// most, so a linear search costs less than hashing every name into a `Dictionary`, and
    /// each weight is summed in the same order as before (same doubles, same ties).
    private struct Scores {
        var entries: [(region: String, weight: Double)] = []

        /// Room for the regions a message usually names, allocated once rather than grown
        /// four times over (~3 k instructions a ranking).
        init() {
            entries.reserveCapacity(16)
        }

        mutating func add(_ region: String, _ weight: Double) {
            if let i = entries.firstIndex(where: { $0.region == region }) {
                entries[i].weight += weight
            } else {
                entries.append((region, 0 + weight))
            }
        }

        func value(_ region: String) -> Double? { entries.first { $0.region == region }?.weight }
    }

    /// Where each language (by `RegionEvidence.Language.rawValue`) is the national language,
    /// weighted by how likely a lure in it is to print that country's numbers.
    static let spoken: [[(String, Double)]] = [
        [("US", 0.6), ("GB", 0.5), ("AU", 0.4), ("IE", 0.3), ("CA", 0.3), ("IN", 0.3)],
        [("ES", 1.5), ("MX", 1.3), ("AR", 1.0), ("CO", 1.0), ("CL", 0.9), ("PE", 0.9)],
        [("DE", 1.5), ("AT", 1.2), ("CH", 1.1)],
        [("FR", 1.5), ("BE", 1.2), ("CH", 1.0), ("CA", 0.8)],
        [("BR", 1.5), ("PT", 1.3)],
        [("IT", 1.5), ("CH", 0.6)],
        [("NL", 1.5), ("BE", 1.2)],
        [("PL", 1.5)],
        [("SE", 1.5), ("FI", 0.3)],
        [("DK", 1.5)],
        [("NO", 1.5)],
        [("FI", 1.5)],
        [("CZ", 1.5), ("SK", 0.9)],
    ]
    /// The euro countries of each language: "€" in Portuguese is Portugal, not Brazil.
    static let euro: [[String]] = [
        ["IE"], ["ES"], ["DE", "AT"], ["FR", "BE"], ["PT"], ["IT"], ["NL", "BE"], [], ["FI"], [], [], ["FI"], ["SK"],
    ]
    /// The dollar countries of each language: "$" in Spanish is most often the peso.
    static let dollar: [[String]] = [["US", "CA", "AU"], ["MX", "AR", "CO", "CL"], [], ["CA"], [], [], [], [], [], [], [], [], []]
    /// Whose "kr" it is, by the language around it.
    static let krona: [RegionEvidence.Language: String] = [.sv: "SE", .da: "DK", .nb: "NO"]
}
