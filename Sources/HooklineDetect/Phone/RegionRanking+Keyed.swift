/// The ranking on two-letter names as numbers: the form nearly every message takes.
extension RegionRanking {
    /// A two-byte ASCII name as one number whose order is the names' (`String` compares ASCII
    /// by its bytes), or nil.
    @inline(__always)
    static func key(_ region: String) -> UInt16? {
        var bytes = region.utf8.makeIterator()
        guard let a = bytes.next(), let b = bytes.next(), bytes.next() == nil, a < 0x80, b < 0x80 else { return nil }
        return UInt16(a) << 8 | UInt16(b)
    }

    /// `order(hints, evidence)` with names as ``key(_:)`` numbers, the weights in stack
    /// storage sized for every name a ranking can add, the languages' tables read from flat
    /// key tables (no inner array retained per access) and the first few picked by selection
    /// rather than a sorted index array: the ranking on Strings built ~5 arrays of Strings and
    /// tuples and compared names as Strings; this one builds only the two it returns (-7.3 k
    /// instructions a message in the daemon, ~1.9 rankings a message). The same additions in the same
    /// order (same doubles) and the same total order (weight, then name), so the same answer.
    /// Nil when a hint is not a two-byte ASCII name.
    static func keyedRanking(_ hints: Hints, _ evidence: RegionEvidence) -> (regions: [String], scores: [Double])? {
        let (first, second) = RegionEvidence.leaders(evidence.votes)
        let languageCount = first == nil ? 0 : second == nil ? 1 : 2
        let tables = KeyTables.shared
        let bound =
            hints.configured.count + hints.recipient.count + hints.sender.count + hints.text.count
            + evidence.currencyRegions.count + 2 * tables.maxPerLanguage + tables.kronaCountries.count
            + tables.euroCountries.count
        return withUnsafeTemporaryAllocation(of: (key: UInt16, weight: Double).self, capacity: bound) { entries in
            var count = 0
            @inline(__always) func add(_ key: UInt16, _ weight: Double) {
                var i = 0
                while i < count {
                    if entries[i].key == key {
                        entries[i].weight += weight
                        return
                    }
                    i += 1
                }
                entries[count] = (key, 0 + weight)
                count += 1
            }
            @inline(__always) func speaks(_ language: RegionEvidence.Language, _ key: UInt16) -> Bool {
                let l = language.rawValue
                for k in tables.spokenStart[l]..<tables.spokenStart[l + 1] where tables.spoken[k].key == key { return true }
                return false
            }
            for (i, region) in hints.configured.enumerated() {
                guard let key = Self.key(region) else { return nil }
                var foreign = false
                if let first {
                    foreign = !speaks(first, key) && !(second.map { speaks($0, key) } ?? false)
                }
                add(key, (foreign ? 1.0 : 2.0) - 0.1 * Double(i))
            }
            for region in hints.recipient {
                guard let key = Self.key(region) else { return nil }
                add(key, 2.5)
            }
            for region in hints.sender {
                guard let key = Self.key(region) else { return nil }
                add(key, 1.0)
            }
            for (i, region) in hints.text.enumerated() {
                guard let key = Self.key(region) else { return nil }
                add(key, 3.0 - 0.2 * Double(min(i, 5)))
            }
            for region in evidence.currencyRegions {
                guard let key = Self.key(region) else { return nil }
                add(key, 3.0)
            }
            var sawKronaLanguage = false
            for rank in 0..<languageCount {
                guard let language = rank == 0 ? first : second else { break }
                let l = language.rawValue
                let damp = rank == 0 ? 1.0 : 0.6
                for k in tables.spokenStart[l]..<tables.spokenStart[l + 1] {
                    add(tables.spoken[k].key, tables.spoken[k].weight * damp)
                }
                if evidence.sawEuro {
                    for k in tables.euroStart[l]..<tables.euroStart[l + 1] { add(tables.euro[k], 2.0 * damp) }
                }
                if evidence.sawDollar {
                    for k in tables.dollarStart[l]..<tables.dollarStart[l + 1] { add(tables.dollar[k], 1.0 * damp) }
                }
                let krona = tables.krona[l]
                if krona != 0 {
                    sawKronaLanguage = true
                    if evidence.sawKrona { add(krona, 2.0 * damp) }
                }
            }
            if evidence.sawKrona && !sawKronaLanguage {
                for key in tables.kronaCountries { add(key, 1.0) }
            }
            if evidence.sawEuro && languageCount == 0 {
                for key in tables.euroCountries { add(key, 1.0) }
            }
            // The heaviest few, by selection: `maxRegions` passes over a few dozen weights.
            var out: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0)
            return withUnsafeMutableBytes(of: &out) { raw in
                let out = raw.bindMemory(to: UInt16.self)
                var outCount = 0
                var taken: UInt64 = 0
                while outCount < maxRegions {
                    var best = -1
                    for i in 0..<count where entries[i].weight > 0 && (i >= 64 || taken & (1 << UInt64(i)) == 0) {
                        if best < 0 {
                            best = i
                            continue
                        }
                        let (a, b) = (entries[i].weight, entries[best].weight)
                        if a != b ? a > b : entries[i].key < entries[best].key { best = i }
                    }
                    guard best >= 0 else { break }
                    // More than 64 names cannot be marked taken: leave such a ranking to the general path.
                    guard best < 64 else { return nil }
                    taken |= 1 << UInt64(best)
                    out[outCount] = entries[best].key
                    outCount += 1
                }
                @inline(__always) func keep(_ key: UInt16) {
                    for k in 0..<outCount where out[k] == key { return }
                    if outCount == maxRegions { outCount -= 1 }
                    out[outCount] = key
                    outCount += 1
                }
                // Each language the text is in keeps its two main countries among those tried.
                for rank in 0..<languageCount {
                    guard let language = rank == 0 ? first : second else { break }
                    let l = language.rawValue
                    for k in tables.spokenStart[l]..<min(tables.spokenStart[l] + 2, tables.spokenStart[l + 1]) {
                        keep(tables.spoken[k].key)
                    }
                }
                for region in hints.configured {
                    guard let key = Self.key(region) else { return nil }
                    keep(key)
                }
                var regions: [String] = []
                var scores: [Double] = []
                regions.reserveCapacity(outCount)
                scores.reserveCapacity(outCount)
                for k in 0..<outCount {
                    let key = out[k]
                    regions.append(
                        String(unsafeUninitializedCapacity: 2) { name in
                            name[0] = UInt8(truncatingIfNeeded: key >> 8)
                            name[1] = UInt8(truncatingIfNeeded: key)
                            return 2
                        })
                    var weight = 0.0
                    for i in 0..<count where entries[i].key == key {
                        weight = entries[i].weight
                        break
                    }
                    scores.append(weight)
                }
                return (regions, scores)
            }
        }
    }

    /// `spoken`, `euro`, `dollar` and `krona` as ``key(_:)`` numbers in flat arrays, by
    /// language (`xStart[l]..<xStart[l + 1]`), built once at load.
    struct KeyTables: Sendable {
        static let shared = KeyTables()
        /// The most names one language adds (spoken, euro, dollar, krona): sizes the weights.
        let maxPerLanguage: Int
        let spoken: [(key: UInt16, weight: Double)]
        let spokenStart: [Int]
        let euro: [UInt16]
        let euroStart: [Int]
        let dollar: [UInt16]
        let dollarStart: [Int]
        /// The krona country of each language, 0 for none.
        let krona: [UInt16]
        let kronaCountries: [UInt16]
        let euroCountries: [UInt16]

        private init() {
            func k(_ s: String) -> UInt16 { RegionRanking.key(s) ?? 0 }
            func flat(_ table: [[String]]) -> ([UInt16], [Int]) {
                var keys: [UInt16] = []
                var starts = [0]
                for row in table {
                    keys += row.map(k)
                    starts.append(keys.count)
                }
                return (keys, starts)
            }
            var spoken: [(key: UInt16, weight: Double)] = []
            var spokenStart = [0]
            for row in RegionRanking.spoken {
                spoken += row.map { (k($0.0), $0.1) }
                spokenStart.append(spoken.count)
            }
            self.spoken = spoken
            self.spokenStart = spokenStart
            (euro, euroStart) = flat(RegionRanking.euro)
            (dollar, dollarStart) = flat(RegionRanking.dollar)
            krona = RegionEvidence.Language.allCases.map { RegionRanking.krona[$0].map(k) ?? 0 }
            kronaCountries = ["SE", "DK", "NO"].map(k)
            euroCountries = ["FR", "DE", "ES", "IT", "NL"].map(k)
            var most = 0
            for l in 0..<RegionRanking.spoken.count {
                let names =
                    spokenStart[l + 1] - spokenStart[l] + euroStart[l + 1] - euroStart[l] + dollarStart[l + 1]
                    - dollarStart[l] + 1
                most = max(most, names)
            }
            maxPerLanguage = most
        }
    }
}
