@testable import HooklineDetect

/// The forms ``RegionEvidence/scan(_:marking:)`` replaced, kept as the references the tests
/// hold it to: a byte at a time (``scanReference(_:)``, for `WordLoopTests`) and the word loop
/// before the byte-class maps (``scanBeforeMaps(_:marking:)``, for `SliceMapsTests`).
extension RegionEvidence {
    /// The form ``scan(_:marking:)`` replaced (a table look-up per byte that is no letter, the
    /// marks set byte by byte), kept for the test that holds the two equal, state and marks.
    ///
    /// ``scanReference(_:)``, with the letters of a word packed in a loop of their own: they
    /// are most of the text, and one at a time each paid for the stored state around it
    /// (~40 instructions a byte in all). The letters are read eight at a time where eight
    /// bytes remain (``letterMask(_:)``), and the word tables are fetched once per call, not
    /// through their lazy globals once per word. The word state and the two bytes behind are
    /// locals for the call, written back once at its end, and a run of ASCII bytes that are
    /// neither letters nor "$" with no word open only moves the two bytes behind.
    ///
    /// On the way it marks in `stops` where the phone and spelled-number scanners stop in
    /// this slice (``SliceStops``): a word's first letter and its end are here already, and
    /// every other byte goes through one table look-up that serves all three.
    mutating func scanBeforeMaps(_ bytes: UnsafeBufferPointer<UInt8>, marking stops: inout SliceStops) {
        stops.clear(bytes.count)
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        let tables = Tables.shared
        let phoneStops = stops.phone
        let spelledStops = stops.spelled
        var spelledExact = true
        defer { stops.spelledExact = spelledExact }
        var word = self.word
        var wordLength = self.wordLength
        var wordTainted = self.wordTainted
        var wordInProse = self.wordInProse
        var prev1 = self.prev1
        var prev2 = self.prev2
        var afterRupeeSign = self.afterRupeeSign
        defer {
            self.word = word
            self.wordLength = wordLength
            self.wordTainted = wordTainted
            self.wordInProse = wordInProse
            self.prev1 = prev1
            self.prev2 = prev2
            self.afterRupeeSign = afterRupeeSign
        }
        var i = 0
        while i < n {
            let b = base[i]
            if afterRupeeSign && b != 0x20 && b != UInt8(ascii: ".") {
                afterRupeeSign = false
                if b >= 0x30 && b <= 0x39 { currency("IN") }
            }
            if b >= 0x61 && b <= 0x7A {
                if wordLength == 0 { wordInProse = Self.opensWord(prev1) }
                // "o", "l", "i" may stand for a digit where no word byte is before them.
                if Self.digitLetters >> UInt32(b &- 0x61) & 1 != 0 && (i == 0 || !PhoneCandidates.isWordByte(base[i - 1])) {
                    SliceStops.mark(phoneStops, i)
                }
                let lengthBefore = wordLength
                // The rest of the word: until a non-letter only the packed word, its length
                // and the two bytes behind change (`afterRupeeSign` was cleared above).
                var j = i
                var ended = false
                if wordLength == 0 && i + 8 <= n {
                    // A word beginning here: the loop's first round with nothing to carry
                    // (`word` is 0), so it is the eight bytes' first letters, most words whole
                    // (~20 instructions, the loop's round ~45). `letters` is 1...8 ("b" is one).
                    let chunk = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let letters = (~Self.letterMask(chunk) & Self.highBits).trailingZeroBitCount >> 3
                    word = chunk.byteSwapped &>> UInt64(truncatingIfNeeded: 64 &- 8 &* letters)
                    wordLength = letters
                    j = i + letters
                    ended = letters < 8
                }
                while !ended && j + 8 <= n {
                    let chunk = UInt64(littleEndian: UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
                    // Letters before the first byte that is none (0...8), text order = low bytes first.
                    let letters = (~Self.letterMask(chunk) & Self.highBits).trailingZeroBitCount >> 3
                    if letters > 0 && wordLength < 8 {
                        // The first letters up to the eight a packed word holds, first letter highest.
                        // Shifts that wrap need no test for a shift by 64: `take` is 8 only
                        // for a word's first letters, and `word` is 0 then.
                        let take = min(letters, 8 - wordLength)
                        word = word &<< UInt64(8 * take) | chunk.byteSwapped &>> UInt64(64 - 8 * take)
                    }
                    wordLength += letters
                    j += letters
                    if letters < 8 {
                        ended = true
                        break
                    }
                }
                if !ended {
                    while j < n && base[j] >= 0x61 && base[j] <= 0x7A {
                        if wordLength < 8 { word = word << 8 | UInt64(base[j]) }
                        wordLength += 1
                        j += 1
                    }
                }
                // The letters i..<j are a word to the spelled-number scanner (one of its own
                // begins at i when it is idle there), which stops at a number word. (One the
                // slice ends inside is held as a word either way: `skipMarked`.) Packed as
                // `word` when they began it.
                let runLength = j - i
                if SpelledNumberScanner.numberWordInitials >> UInt32(b &- 0x61) & 1 != 0 && runLength >= 3
                    && runLength <= 7
                    && SpelledNumberScanner.numberWord(lengthBefore == 0 ? word : Self.packLetters(base, from: i, to: j))
                        != nil
                {
                    SliceStops.mark(spelledStops, i)
                }
                prev2 = j - i >= 2 ? base[j - 2] : prev1
                prev1 = base[j - 1]
                i = j
                continue
            }
            let marks = Self.byteMarkTable[Int(b)]
            if marks & Self.anyStop != 0 {
                Self.markStop(marks, i, base, phoneStops, spelledStops, &spelledExact)
            }
            if b >= 0x80 && wordLength > 0 && !Self.isSymbolEnd(b, prev1, prev2) {
                wordTainted = true
            } else {
                // The word in progress ends here (``endWord(closedBy:_:)``); `ended` is it,
                // packed, when it counted.
                var ended: UInt64 = 0
                if wordLength > 0 {
                    if !wordTainted && wordLength <= 8 {
                        // One look-up for what the word is in all four (``Tables/words``).
                        if let entry = tables.words[word] {
                            let mask = UInt16(truncatingIfNeeded: entry)
                            if mask != 0 && wordInProse && Self.closesWord(b) { vote(mask) }
                            let currencyIndex = Int(truncatingIfNeeded: entry >> 16 & 0xFF)
                            if currencyIndex != 0 { currency(tables.currencyCodes[currencyIndex - 1]) }
                            if entry & Self.kronaBit != 0 { sawKrona = true }
                            if entry & Self.rupeeBit != 0 && wordInProse { afterRupeeSign = true }
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
                    symbol(b, prev1, prev2)
                }
            }
            prev2 = prev1
            prev1 = b
            i += 1
            // With no word open and no rupee sign just read, an ASCII byte that is no letter
            // and no "$" changes nothing but the two bytes behind (a space after a space, a
            // digit, punctuation): those run through here, not the whole loop.
            if wordLength == 0 && !afterRupeeSign {
                var k = i
                while k < n {
                    let marks = Self.byteMarkTable[Int(base[k])]
                    if marks & Self.endsSkip != 0 { break }
                    if marks != 0 { Self.markStop(marks, k, base, phoneStops, spelledStops, &spelledExact) }
                    k += 1
                }
                if k > i {
                    prev2 = k - i >= 2 ? base[k - 2] : prev1
                    prev1 = base[k - 1]
                    i = k
                }
            }
        }
    }

    /// One byte at a time: the form ``scan(_:)`` replaced, kept for the test that holds the two equal.
    mutating func scanReference(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes {
            if afterRupeeSign && b != 0x20 && b != UInt8(ascii: ".") {
                afterRupeeSign = false
                if b >= 0x30 && b <= 0x39 { currency("IN") }
            }
            if b >= 0x61 && b <= 0x7A {
                if wordLength == 0 { wordInProse = Self.opensWord(prev1) }
                if wordLength < 8 { word = word << 8 | UInt64(b) }
                wordLength += 1
            } else if b >= 0x80 && wordLength > 0 && !isSymbolEnd(b) {
                wordTainted = true
            } else {
                let ended = endWord(closedBy: b, Tables.shared)
                if b == UInt8(ascii: "$") { dollar(after: ended, Tables.shared) } else if b >= 0x80 { symbol(b) }
            }
            prev2 = prev1
            prev1 = b
        }
    }

    static let anyStop: UInt8 = 15

    @inline(__always)
    static func markStop(
        _ marks: UInt8, _ k: Int, _ base: UnsafePointer<UInt8>, _ phoneStops: UnsafeMutablePointer<UInt64>,
        _ spelledStops: UnsafeMutablePointer<UInt64>, _ spelledExact: inout Bool
    ) {
        if marks & phoneStop != 0 || (marks & pipeStop != 0 && (k == 0 || !PhoneCandidates.isWordByte(base[k - 1]))) {
            SliceStops.mark(phoneStops, k)
        }
        if marks & digitStop != 0 { SliceStops.mark(spelledStops, k) }
        if marks & capital != 0 { spelledExact = false }
    }

    /// The last byte of "£", "€", "₹", "¥": these end a word rather than belong to it.
    func isSymbolEnd(_ b: UInt8) -> Bool { Self.isSymbolEnd(b, prev1, prev2) }

    /// Ends the word in progress; returns it (packed) when it touched the current byte.
    mutating func endWord(closedBy b: UInt8, _ tables: borrowing Tables) -> UInt64 {
        defer { word = 0; wordLength = 0; wordTainted = false }
        guard wordLength > 0 else { return 0 }
        guard !wordTainted, wordLength <= 8 else { return 0 }
        if wordInProse && Self.closesWord(b), let mask = tables.functionWords[word] {
            // Each language whose bit is set (bit = `Language.rawValue`), lowest first.
            var bits = mask
            while bits != 0 {
                votes[bits.trailingZeroBitCount] += 1
                bits &= bits - 1
            }
        }
        if let code = tables.currencyWords[word] { currency(code) }
        if word == Self.krona { sawKrona = true }
        if word == Self.rupeeSign && wordInProse { afterRupeeSign = true }
        return word
    }

    mutating func symbol(_ b: UInt8) { symbol(b, prev1, prev2) }

    /// "o", "l", "i" (bit = letter - "a"): letters the phone scanner reads as digits.
    static let digitLetters: UInt32 = 1 << 14 | 1 << 11 | 1 << 8

    // ``byteMarkTable``, per byte that is no lower-case letter: what it stops
    // (``SliceStops``), and whether it ends the skip over bytes that change nothing.
    static let phoneStop: UInt8 = 1
    /// "|": stops the phone scanner unless a word byte is before it.
    static let pipeStop: UInt8 = 2
    static let digitStop: UInt8 = 4
    static let capital: UInt8 = 8
    /// A byte of UTF-8, a letter, "$": the skip in `scan` stops before it.
    static let endsSkip: UInt8 = 16

    static let byteMarkTable: [UInt8] = (0..<256).map { value in
        let b = UInt8(value)
        var marks: UInt8 = 0
        if b >= 0x30 && b <= 0x39 { marks |= phoneStop | digitStop }
        if b == UInt8(ascii: "+") || b == UInt8(ascii: "(") || b == UInt8(ascii: "[") { marks |= phoneStop }
        if b == UInt8(ascii: "|") { marks |= pipeStop }
        if b >= 0x41 && b <= 0x5A { marks |= capital }
        if b >= 0x80 || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "$") { marks |= endsSkip }
        return marks
    }

    /// ``scan(_:marking:)`` before ``RegionWordWalk`` took its plain words in C: every word
    /// walked here, in Swift (the reference `SliceMapsTests` holds the walk to).
    mutating func scanBeforeWalk(_ bytes: UnsafeBufferPointer<UInt8>, marking stops: inout SliceStops) {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            stops.clear(bytes.count)
            return
        }
        let n = bytes.count
        stops.spelledExact = !SliceClasses.classify(base, n, into: stops)
        let tables = Tables.shared
        let letterMap = stops.letters
        let specialMap = stops.specials
        let spelledStops = stops.spelled
        let used = (n + 63) >> 6
        let carried1 = prev1
        let carried2 = prev2
        let carriedInProse = wordInProse
        /// The byte at `k` (-2 ..< n), the bytes before the slice as carried.
        @inline(__always)
        func at(_ k: Int) -> UInt8 { k >= 0 ? base[k] : (k == -1 ? carried1 : carried2) }
        /// The first letter or special byte from `i` (< n) on, or `n`.
        @inline(__always)
        func nextStop(_ i: Int) -> Int {
            var w = i >> 6
            var next = (letterMap[w] | specialMap[w]) & (~0 &<< UInt64(i & 63))
            while next == 0 && w &+ 1 < used {
                w &+= 1
                next = letterMap[w] | specialMap[w]
            }
            return next == 0 ? n : w << 6 | next.trailingZeroBitCount
        }
        var word = self.word
        var wordLength = self.wordLength
        var wordTainted = self.wordTainted
        var afterRupeeSign = self.afterRupeeSign
        /// Where the last word begun in this slice began (-1: none; the open word, if any,
        /// began in an earlier slice and `carriedInProse` is its).
        var wordBegin = -1
        defer {
            self.word = word
            self.wordLength = wordLength
            self.wordTainted = wordTainted
            if wordBegin >= 0 { self.wordInProse = Self.opensWord(at(wordBegin - 1)) }
            self.prev1 = at(n - 1)
            self.prev2 = at(n - 2)
            self.afterRupeeSign = afterRupeeSign
        }
        // With no word open and no rupee sign pending, the bytes before the first letter or
        // special byte change nothing (as after any byte below).
        var i = wordLength == 0 && !afterRupeeSign ? nextStop(0) : 0
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
            // UTF-8 and no "$" changes nothing: on to the next letter or special byte.
            if wordLength == 0 && !afterRupeeSign && i < n { i = nextStop(i) }
        }
    }
}
