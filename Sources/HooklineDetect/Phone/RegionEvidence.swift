/// What the text itself says about the country its national phone numbers belong to.
///
/// A lure that prints "0800 123 4567" or "4003-1234" without a "+CC" is readable only with
/// the country it is written for. The text says so twice: in its language (a running vote
/// of function words, the short words every sentence of a language needs and no list of
/// lure phrases) and in the currency it charges in ("£", "R$", "€", "CHF", "zł"…). Both are
/// gathered here from the normalised stream, one table test per byte and one dictionary
/// look-up per short word; state is a packed word and a few counters, never the text.
struct RegionEvidence: Equatable {
    /// The languages whose function words are counted: the seven the lexicons read, and
    /// the Nordic, Polish, Finnish and Czech lures whose numbers are printed nationally.
    enum Language: Int, CaseIterable { case en, es, de, fr, pt, it, nl, pl, sv, da, nb, fi, cs }

    var votes = [Int](repeating: 0, count: Language.allCases.count)
    /// Countries a currency names outright (£ → GB, R$ → BR).
    var currencyRegions: [String] = []
    var sawEuro = false
    var sawDollar = false
    /// "kr": the krone or krona of Denmark, Norway or Sweden, told apart by the language.
    var sawKrona = false

    var word: UInt64 = 0
    var wordLength = 0
    /// The current word holds a non-ASCII byte ("você"): not looked up, never a fragment.
    var wordTainted = false
    /// The word began after a space or opening punctuation: prose, not a piece of a host
    /// name or URL ("teams.microsoft.com" must not vote Portuguese "com").
    var wordInProse = false
    /// The word that just ended right before the current byte (for "R$", "A$", "MX$").
    var gluedWord: UInt64 = 0
    var prev1: UInt8 = 0
    var prev2: UInt8 = 0
    /// "Rs" just ended: the rupee when an amount follows ("Rs. 18,499", "Rs.2,340"); alone
    /// it is too short to say so (a Brazilian state, "RS" in an address).
    var afterRupeeSign = false

    /// ``scanReference(_:)`` a letter run and a special byte at a time, from bit maps of the
    /// slice's byte classes (``SliceClasses``, 64 bytes a step with AVX2): the form before
    /// (``scanBeforeMaps(_:marking:)``) paid ~275 instructions a word for a table look-up per
    /// byte that is no letter, the marks set byte by byte, the two bytes behind kept current,
    /// and the letters found by loads it tested itself.
    ///
    /// A letter run is found whole in the letter map; a byte that is no letter is read only
    /// when it ends a word, follows "Rs", or is UTF-8 or "$" (the special map): with no word
    /// open and no rupee sign just read, the bytes up to the next letter or special byte
    /// change nothing, so the walk jumps there. The two bytes behind are read from the slice
    /// where they are needed (``at``), and stored once at the end. The phone marks and the
    /// digits of the spelled marks come from the maps as they are; the walk adds a spelled
    /// mark where a run is a number word.
    ///
    /// The byte that closes a word is taken in the same turn as its letters (no rupee sign is
    /// pending right after a letter), and whether the word stands in prose is read from the
    /// byte before it only when the word is in the table, and once at the end for the state
    /// (``wordInProse`` is the last begun word's); the walk before went round the loop again
    /// for the closing byte, testing the letter map and the rupee sign once more, and tested
    /// the byte before every word.
    ///
    /// The plain words between (a run of letters after the slice's first byte, closed inside
    /// the slice by a byte that is no UTF-8 and no "$", and no currency, "kr" or "rs": nearly
    /// all words) are taken by ``RegionWordWalk`` in C, which leaves the rest here:
    /// ``scanBeforeWalk(_:marking:)``, the walk before, took each in Swift at ~140
    /// instructions a word.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, marking stops: inout SliceStops) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            stops.clear(bytes.count)
            return
        }
        let n = bytes.count
        stops.spelledExact = !SliceClasses.classify(base, n, into: stops)
        let tables = Tables.shared
        let letterMap = stops.letters
        let spelledStops = stops.spelled
        let used = (n + 63) >> 6
        let carried1 = prev1
        let carried2 = prev2
        let carriedInProse = wordInProse
        /// The byte at `k` (-2 ..< n), the bytes before the slice as carried.
        @inline(__always)
        func at(_ k: Int) -> UInt8 { k >= 0 ? base[k] : (k == -1 ? carried1 : carried2) }
        var word = self.word
        var wordLength = self.wordLength
        var wordTainted = self.wordTainted
        var afterRupeeSign = self.afterRupeeSign
        /// Where the last word begun in this slice began (-1: none; the open word, if any,
        /// began in an earlier slice and `carriedInProse` is its).
        var wordBegin = -1
        /// The plain words ``RegionWordWalk`` took between the words and bytes read here.
        var tally = RegionWordWalk.Tally()
        let walker = tables.walk
        defer {
            wordBegin = max(wordBegin, tally.lastBegin)
            tally.add(to: &votes)
            self.word = word
            self.wordLength = wordLength
            self.wordTainted = wordTainted
            if wordBegin >= 0 { self.wordInProse = Self.opensWord(at(wordBegin - 1)) }
            self.prev1 = at(n - 1)
            self.prev2 = at(n - 2)
            self.afterRupeeSign = afterRupeeSign
        }
        // With no word open and no rupee sign pending, the bytes before the first letter or
        // special byte change nothing (as after any byte below), and the plain words from
        // there are the walk's.
        var i = wordLength == 0 && !afterRupeeSign ? walker.walk(base, n, from: 0, stops, &tally) : 0
        while i < n {
            let b: UInt8
            if letterMap[i >> 6] >> UInt64(i & 63) & 1 != 0 {
                // A run of letters i..<j (j: the first byte after it that is no letter, or n).
                var w = i >> 6
                var rest = ~letterMap[w] & (~0 &<< UInt64(i & 63))
                while rest == 0 && w &+ 1 < used {
                    w &+= 1
                    rest = ~letterMap[w]
                }
                let j = rest == 0 ? n : min(n, w << 6 | rest.trailingZeroBitCount)
                let first = base[i]
                // A letter is no " " and no ".": it clears the rupee sign, no amount after it.
                afterRupeeSign = false
                let lengthBefore = wordLength
                let runLength = j &- i
                if wordLength == 0 {
                    wordBegin = i
                    if i &+ 8 <= n {
                        // The first letters from one load, first letter highest (`take` is 1...8).
                        let take = min(runLength, 8)
                        let chunk = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                        word = chunk.byteSwapped &>> UInt64(truncatingIfNeeded: 64 &- 8 &* take)
                    } else {
                        for k in i..<min(j, i &+ 8) { word = word << 8 | UInt64(base[k]) }
                    }
                } else if wordLength < 8 {
                    for k in i..<min(j, i &+ 8 &- wordLength) { word = word << 8 | UInt64(base[k]) }
                }
                wordLength &+= runLength
                // The spelled-number scanner stops at a run that is a number word (packed as
                // `word` when it began it).
                if SpelledNumberScanner.numberWordInitials >> UInt32(first &- 0x61) & 1 != 0 && runLength >= 3
                    && runLength <= 7
                    && SpelledNumberScanner.numberWord(lengthBefore == 0 ? word : Self.packLetters(base, from: i, to: j))
                        != nil
                {
                    SliceStops.mark(spelledStops, i)
                }
                i = j
                if i == n { break }
                b = base[i]
                // UTF-8 after letters goes on with the word unless it ends a currency sign.
                if b >= 0x80 && !Self.isSymbolEnd(b, at(i &- 1), at(i &- 2)) {
                    wordTainted = true
                    i &+= 1
                    continue
                }
            } else {
                b = base[i]
                if afterRupeeSign && b != 0x20 && b != UInt8(ascii: ".") {
                    afterRupeeSign = false
                    if b >= 0x30 && b <= 0x39 { currency("IN") }
                }
                if b >= 0x80 && wordLength > 0 && !Self.isSymbolEnd(b, at(i &- 1), at(i &- 2)) {
                    wordTainted = true
                    i &+= 1
                    continue
                }
            }
            // The word in progress ends here (``endWord(closedBy:_:)``); `ended` is it,
            // packed, when it counted.
            var ended: UInt64 = 0
            if wordLength > 0 {
                if !wordTainted && wordLength <= 8 {
                    // One look-up for what the word is in all four (``Tables/words``).
                    if let entry = tables.words[word] {
                        let inProse = wordBegin >= 0 ? Self.opensWord(at(wordBegin &- 1)) : carriedInProse
                        let mask = UInt16(truncatingIfNeeded: entry)
                        if mask != 0 && inProse && Self.closesWord(b) { vote(mask) }
                        let currencyIndex = Int(truncatingIfNeeded: entry >> 16 & 0xFF)
                        if currencyIndex != 0 { currency(tables.currencyCodes[currencyIndex - 1]) }
                        if entry & Self.kronaBit != 0 { sawKrona = true }
                        if entry & Self.rupeeBit != 0 && inProse { afterRupeeSign = true }
                    }
                    ended = word
                }
                word = 0
                wordLength = 0
                wordTainted = false
            }
            if b == UInt8(ascii: "$") {
                dollar(after: ended, tables)
            } else if b >= 0x80 {
                symbol(b, at(i &- 1), at(i &- 2))
            }
            i &+= 1
            // With no word open and no rupee sign just read, a byte that is no letter, no
            // UTF-8 and no "$" changes nothing: on to the next letter or special byte, past
            // the plain words the walk takes.
            if wordLength == 0 && !afterRupeeSign && i < n { i = walker.walk(base, n, from: i, stops, &tally) }
        }
    }

    /// 0x80 in each byte of `chunk` that is "a"..."z", 0 elsewhere: the byte's low seven bits
    /// plus 0x1F reach 0x80 from "a" on, plus 0x05 from "{" on (no carry crosses a byte), and
    /// a byte with its high bit set is no letter.
    @inline(__always)
    static func letterMask(_ chunk: UInt64) -> UInt64 {
        let low = chunk & 0x7F7F_7F7F_7F7F_7F7F
        let fromA = (low &+ 0x1F1F_1F1F_1F1F_1F1F) & highBits
        let pastZ = (low &+ 0x0505_0505_0505_0505) & highBits
        return fromA & ~pastZ & ~chunk & highBits
    }

    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Letters `from..<to` (at most 8) packed as the spelled-number scanner packs a word.
    static func packLetters(_ base: UnsafePointer<UInt8>, from: Int, to: Int) -> UInt64 {
        var packed: UInt64 = 0
        for j in from..<to { packed = packed << 8 | UInt64(base[j]) }
        return packed
    }

    /// One vote for each language whose bit is set in `mask` (bit = `Language.rawValue`),
    /// lowest first. Kept out of `scan`: inlined there, each vote went through the array's
    /// outlined uniqueness check (0.26 M instructions over the 60-message sample, 0.11 M so).
    @inline(never)
    mutating func vote(_ mask: UInt16) {
        var bits = mask
        while bits != 0 {
            votes[bits.trailingZeroBitCount] += 1
            bits &= bits - 1
        }
    }

    /// The word tables, fetched together (one lazy-global check per call of `scan`).
    /// `functionWords` and `currencyWords` serve ``scanReference(_:)``; `scan` asks `words`.
    struct Tables {
        let functionWords: PackedWordTable<UInt16>
        let currencyWords: PackedWordTable<String>
        let dollarPrefixes: PackedWordTable<String>
        /// Each word of the function-word and currency tables and "kr" and "rs" with all it
        /// is (``wordEntries``): a word ending was two look-ups and two compares, now one.
        let words: PackedWordTable<UInt32>
        let currencyCodes: [String]
        /// ``words`` for the C walk.
        let walk: RegionWordWalk
        static let shared = Tables(
            functionWords: RegionEvidence.functionWordTable, currencyWords: RegionEvidence.currencyWordTable,
            dollarPrefixes: RegionEvidence.dollarPrefixTable, words: PackedWordTable(RegionEvidence.wordEntries.entries),
            currencyCodes: RegionEvidence.wordEntries.codes, walk: RegionWordWalk(RegionEvidence.wordEntries.entries))
    }

    /// In a ``Tables/words`` entry: "kr" and "rs" (the function-word bits are the low 16, the
    /// currency's index in `codes` plus one the next 8).
    static let kronaBit: UInt32 = 1 << 24
    static let rupeeBit: UInt32 = 1 << 25

    /// ``functionWords``, ``currencyWords``, ``krona`` and ``rupeeSign`` in one table.
    static let wordEntries: (entries: [UInt64: UInt32], codes: [String]) = {
        var entries: [UInt64: UInt32] = [:]
        for (word, mask) in functionWords { entries[word, default: 0] |= UInt32(mask) }
        let codes = Array(Set(currencyWords.values)).sorted()
        for (word, code) in currencyWords {
            guard let index = codes.firstIndex(of: code) else { continue }
            entries[word, default: 0] |= UInt32(index + 1) << 16
        }
        entries[krona, default: 0] |= kronaBit
        entries[rupeeSign, default: 0] |= rupeeBit
        return (entries, codes)
    }()

    static func opensWord(_ b: UInt8) -> Bool {
        b == 0 || b == 0x20 || b == 0x0A || b == UInt8(ascii: "(") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }

    static func closesWord(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x0A, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"),
            UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: "."), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    static func isSymbolEnd(_ b: UInt8, _ prev1: UInt8, _ prev2: UInt8) -> Bool {
        (prev1 == 0xC2 && (b == 0xA3 || b == 0xA5)) || (prev2 == 0xE2 && prev1 == 0x82)
            || (prev2 == UInt8(ascii: "z") && prev1 == 0xC5 && b == 0x82)
    }

    mutating func dollar(after glued: UInt64, _ tables: borrowing Tables) {
        if glued != 0, let region = tables.dollarPrefixes[glued] {
            currency(region)
        } else {
            sawDollar = true
        }
    }

    mutating func symbol(_ b: UInt8, _ prev1: UInt8, _ prev2: UInt8) {
        if prev1 == 0xC2 && b == 0xA3 {
            currency("GB")
        } else if prev1 == 0xC2 && b == 0xA5 {
            currency("JP")
        } else if prev2 == 0xE2 && prev1 == 0x82 && b == 0xAC {
            sawEuro = true
        } else if prev2 == 0xE2 && prev1 == 0x82 && b == 0xB9 {
            currency("IN")
        } else if prev1 == 0xC5 && b == 0x82 && prev2 == UInt8(ascii: "z") {
            // "zł": the "z" ended the word just before "ł" began.
            currency("PL")
        }
    }

    mutating func currency(_ code: String) {
        if code == "EU" { sawEuro = true; return }
        if !currencyRegions.contains(code) && currencyRegions.count < 8 { currencyRegions.append(code) }
    }

    /// The languages the text is in, most votes first: the leader once it has a few votes,
    /// and a runner-up close behind it (a bilingual notice).
    var languages: [Language] {
        let (first, second) = Self.leaders(votes)
        guard let first else { return [] }
        guard let second else { return [first] }
        return [first, second]
    }

    /// The leader and the runner-up of ``languages`` without sorting or allocating: the
    /// language with the most votes (the first in `Language` order on a tie), then the most
    /// voted of the rest (again the first on a tie), as a stable sort by votes would rank them.
    /// This runs for every slice of text (through ``signature``).
    static func leaders(_ votes: [Int]) -> (Language?, Language?) {
        var best = -1, bestVotes = Int.min, runner = -1, runnerVotes = Int.min
        for i in votes.indices {
            let v = votes[i]
            if v > bestVotes {
                runner = best
                runnerVotes = bestVotes
                best = i
                bestVotes = v
            } else if v > runnerVotes {
                runner = i
                runnerVotes = v
            }
        }
        guard best >= 0, bestVotes >= 4, let top = Language(rawValue: best) else { return (nil, nil) }
        guard runner >= 0, runnerVotes * 4 >= bestVotes * 3 else { return (top, nil) }
        return (top, Language(rawValue: runner))
    }

    /// Changes only when what the ranking depends on changes, so callers can cache it.
    var signature: Int {
        var s = 0
        let (first, second) = Self.leaders(votes)
        if let first { s |= first.rawValue + 1 }
        if let second { s |= (second.rawValue + 1) << 4 }
        s |= currencyRegions.count << 8
        if sawEuro { s |= 1 << 12 }
        if sawDollar { s |= 1 << 13 }
        if sawKrona { s |= 1 << 14 }
        return s
    }

    // MARK: - Tables

    /// A word packed the way `scan` packs it.
    static func pack(_ s: String) -> UInt64 { s.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

    /// Function words by language (bit = `Language.rawValue`): articles, pronouns,
    /// prepositions and conjunctions. Words two languages share vote for both; words that
    /// are also English ("no", "as", "die", "per") or single letters (URL and initials
    /// debris) are left out, so English mail never votes for another language.
    static let krona: UInt64 = 0x6B72  // pack("kr"), a constant: no lazy global per word
    /// "Rs", the rupee as Indian prices write it, counted only before an amount.
    static let rupeeSign: UInt64 = 0x7273  // pack("rs")

    /// The text is folded (``LatinFold``) before it gets here: "på" is "pa", "się" is "sie",
    /// "że" is "ze"; words keeping a letter with no ASCII base ("ø", "æ", "ł") are skipped.
    /// Danish and Norwegian share most of theirs, so a Dano-Norwegian text ranks both.
    static let functionWords: [UInt64: UInt16] = packWords(functionWordLists)

    /// ``functionWords`` as written: each language's words, separated by spaces.
    static let functionWordLists: [(Language, String)] = {
        let lists: [(Language, String)] = [
            (.en, "the and you your to of is for this with please we are have not our will be that it on if or by from has been can any"),
            (
                .es,
                "de en y el la los las que para una con usted del es se al como sus este esta ha su por pero muy mi ya tiene hay esto eso ustedes nuestro nuestra gracias"
            ),
            (
                .pt,
                "de os que em por seu sua para uma com da dos das na ao foi um pelo pela este esta minha meu ele ela eles voce nao sao tem mais muito isso essa esse ou seus suas nossa nosso ja agora hoje diz obrigado obrigada"
            ),
            (.de, "der das und ist sie ihr ihre nicht mit zu den dem ein eine bitte wir sich auf von es auch wird werden ihren ihrem sind"),
            (.fr, "de en le la les des et est vous votre vos pour une avec pas du sur au aux nous ce cette qui ne il"),
            (
                .it,
                "il di che un una con sono gli della del suo sua vostro ha alla al nel dei questo si tuo lo la le ho hai non mi ti ci me li anche ma siamo sei alle delle nella degli sul noi voi mio mia questa perche dove chi puo tua"
            ),
            (.nl, "de het een en van uw niet met voor op te dat wij zijn wordt dit naar om bij ons je ook"),
            (
                .pl,
                "nie jest na sie dla lub oraz przez aby jak ta twoje twoj twoja pana pani prosimy nasz nasze czy ze jesli zostal zostala"
            ),
            (.sv, "och till av det den vi din ditt har med inte eller som kan ert oss ett att hej fran dig blir ska pa ar vara"),
            (.da, "og til af er den det vi din dit har med fra ikke eller som kan jeres deres venligst vores hvis dig bliver skal pa"),
            (.nb, "og til av er den det vi din ditt har med fra ikke eller som kan deres vennligst hvis deg oss blir skal pa vart"),
            (.fi, "ja ei tai sinun olet jos kun mutta kanssa ovat oli tilisi meille sinua ole tama etta teidan"),
            (.cs, "je na se pro jako nebo ale jste jsme bylo vase nas za ze ve uz ktery ktera vam"),
        ]
        return lists
    }()

    /// Each word of `lists` packed as ``pack(_:)`` packs it, with its languages' bits: read
    /// byte by byte from the lists' UTF-8, where splitting them into a `String` a word cost
    /// ~1.4 M instructions at the first message of every process.
    static func packWords(_ lists: [(Language, String)]) -> [UInt64: UInt16] {
        var table: [UInt64: UInt16] = [:]
        table.reserveCapacity(512)
        for (language, words) in lists {
            let bit: UInt16 = 1 << UInt16(language.rawValue)
            var word: UInt64 = 0
            var length = 0
            for b in words.utf8 {
                if b != 0x20 {
                    word = word << 8 | UInt64(b)
                    length += 1
                } else if length > 0 {
                    table[word, default: 0] |= bit
                    word = 0
                    length = 0
                }
            }
            if length > 0 { table[word, default: 0] |= bit }
        }
        return table
    }

    /// The tables above as ``PackedWordTable``s, which `scan` looks words up in.
    static let functionWordTable = PackedWordTable(functionWords)
    static let currencyWordTable = PackedWordTable(currencyWords)
    static let dollarPrefixTable = PackedWordTable(dollarPrefixes)

    /// ISO 4217 codes and currency names, to the one country they name ("EU" = the euro).
    static let currencyWords: [UInt64: String] = {
        let pairs: [(String, String)] = [
            ("eur", "EU"), ("euro", "EU"), ("euros", "EU"), ("gbp", "GB"), ("sterling", "GB"), ("brl", "BR"),
            ("reais", "BR"), ("inr", "IN"), ("rupees", "IN"), ("aud", "AU"), ("mxn", "MX"), ("chf", "CH"),
            ("pln", "PL"), ("zloty", "PL"), ("zl", "PL"), ("sek", "SE"), ("nok", "NO"), ("dkk", "DK"), ("cad", "CA"),
            ("nzd", "NZ"), ("jpy", "JP"), ("zar", "ZA"), ("czk", "CZ"), ("huf", "HU"), ("ars", "AR"),
            ("cop", "CO"), ("clp", "CL"), ("sgd", "SG"), ("hkd", "HK"),
        ]
        return Dictionary(pairs.map { (pack($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
    }()

    /// Letters glued before "$" that say whose dollar (or real) it is.
    static let dollarPrefixes: [UInt64: String] = {
        let pairs: [(String, String)] = [
            ("r", "BR"), ("a", "AU"), ("au", "AU"), ("mx", "MX"), ("c", "CA"),
            ("ca", "CA"), ("nz", "NZ"), ("us", "US"), ("hk", "HK"), ("s", "SG"),
        ]
        return Dictionary(pairs.map { (pack($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
    }()
}
