/// Phone numbers written out in words: "1-three-zero-five-eight-four-one-zero-seven-eight-five",
/// "eight hundred five five five ...". A digit-based scanner never sees them, and nobody
/// legitimate spells a number that way, so finding one is both a phone and an obfuscation.
///
/// It reads the normalised stream (lower case) as tokens: number words and digit runs joined
/// by a few separators. A sequence with at least three number words and 10 to 15 digits in
/// all becomes a candidate for libphonenumber. State is one short word and one digit buffer.
struct SpelledNumberScanner: Equatable {
    struct Candidate: Equatable {
        var digits: [UInt8]
        /// Normalised-stream offsets of the sequence.
        var start: Int
        var end: Int
    }

    private static let maxDigits = 15
    private static let maxSeparatorRun = 3

    // The state is readable (`private(set)`) for the test that holds it equal to the old
    // scanner's after every chunk.

    /// The word in progress, lower case, packed as ``RegionEvidence`` packs words (at most
    /// 8 letters kept; a longer one is no number word).
    private(set) var word: UInt64 = 0
    private(set) var wordCount = 0
    private(set) var wordTooLong = false
    private(set) var wordStart = 0
    /// The sequence's digits, a nibble each from the lowest (at most `maxDigits` + 1 are
    /// kept, 64 bits): no array to append to per digit and to empty per sequence, which cost
    /// ~80 instructions every time a word ended a run of digits.
    private(set) var digitNibbles: UInt64 = 0
    private(set) var digitCount = 0
    private(set) var spelled = 0
    /// -1 when no sequence is open; then `digits` is empty, `spelled` 0 and
    /// `lastWasNumberWord` false (everything that opens a sequence sets `start`).
    private(set) var start = -1
    private(set) var end = 0
    private(set) var separators = 0
    private(set) var inDigitRun = false
    private(set) var lastWasNumberWord = false
    /// Candidates found and not yet taken (``takeFound()``): the caller reads them after the
    /// scan, so no closure holding its state (a copy of the ring, retained per call) is built
    /// for every slice. Almost always empty.
    private(set) var pending: [Candidate] = []

    /// The digits as bytes ("0"..."9"), for a candidate and the test.
    var digits: [UInt8] {
        (0..<digitCount).map { 0x30 | UInt8(truncatingIfNeeded: digitNibbles >> UInt64(4 * $0) & 0xF) }
    }

    private enum Class: UInt8 { case other = 0, letter, digit, separator }

    init() {}

    /// The candidates found since the last call, in order.
    mutating func takeFound() -> [Candidate] {
        defer { pending = [] }
        return pending
    }

    /// ``scan(_:streamBase:stops:)`` handing each candidate to `found` (for the tests).
    mutating func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, streamBase: Int, stops: UnsafeMutablePointer<UInt64>? = nil,
        _ found: (Candidate) -> Void
    ) {
        scan(bytes, streamBase: streamBase, stops: stops)
        for candidate in takeFound() { found(candidate) }
    }

    /// ``endView()`` handing each candidate to `found` (for the tests).
    mutating func endView(_ found: (Candidate) -> Void) {
        endView()
        for candidate in takeFound() { found(candidate) }
    }

    /// Nearly all text opens no sequence: with none open (and no word in progress) only a
    /// digit or a word that may be a number word does anything but reset the state, so
    /// ``skipIdle(_:from:to:streamBase:)`` passes over the rest in a loop that keeps nothing
    /// in `self`, and the byte-by-byte machine below sees only what may take part in a
    /// number. (Every byte through the machine cost ~16 instructions, most of a message's
    /// bytes being letters of words no number word starts like, and spaces.)
    ///
    /// `stops`, when given, are the marks of ``SliceStops/spelled`` for `bytes`: the idle
    /// scanner passes from one to the next (``skipMarked(_:from:to:streamBase:_:)``).
    ///
    /// A run of digits is taken whole: each digit would set the same state, the last its end.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, streamBase: Int, stops: UnsafeMutablePointer<UInt64>? = nil) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        var i = 0
        while i < n {
            if start < 0 && wordCount == 0 {
                if let stops {
                    i = skipMarked(base, from: i, to: n, streamBase: streamBase, stops)
                } else {
                    i = skipIdle(base, from: i, to: n, streamBase: streamBase)
                }
                if i == n { return }
            }
            let b = base[i]
            if Self.isLetter(b) {
                if inDigitRun { inDigitRun = false }
                if wordCount == 0 { wordStart = streamBase + i }
                // The rest of the word: until a non-letter only the packed word, its length
                // and whether it grew too long change.
                var packed = word
                var count = wordCount
                var tooLong = wordTooLong
                var j = i
                repeat {
                    if count < 8 {
                        packed = packed << 8 | UInt64(base[j] | 0x20)
                        count += 1
                    } else {
                        tooLong = true
                    }
                    j += 1
                } while j < n && Self.isLetter(base[j])
                word = packed
                wordCount = count
                wordTooLong = tooLong
                i = j
                continue
            }
            if b &- 0x30 < 10 {
                if wordCount > 0 { endWord() }
                var j = i + 1
                while j < n && base[j] &- 0x30 < 10 { j += 1 }
                if start < 0 { start = streamBase + i }
                inDigitRun = true
                separators = 0
                lastWasNumberWord = false
                appendDigits(base, from: i, to: j)
                end = streamBase + j
                i = j
                continue
            }
            notLetter(Self.kind(b), at: streamBase + i)
            i += 1
        }
    }

    /// Letters that begin a number word (bit = letter - "a"): z, o, t, f, s, e, n, h. Number
    /// words have 3 to 7 letters.
    static let numberWordInitials: UInt32 = 0x20C_60B0

    /// From `first`, with no sequence open and no word in progress: the offset of the first
    /// byte the machine must see (a digit, the first letter of a number word or of a word
    /// the chunk may end inside that may still become one), or `n`. What the machine would have done with the bytes passed over is done
    /// here: a word no number word starts like ends in `finishSequence`, which has nothing
    /// to clear, so only the separator count, `inDigitRun`, `wordStart` and a word cut by
    /// the end of the chunk are left to set.
    private mutating func skipIdle(_ base: UnsafePointer<UInt8>, from first: Int, to n: Int, streamBase: Int) -> Int {
        var i = first
        var lastWord = -1
        while i < n {
            let b = base[i]
            let letter = (b | 0x20) &- 0x61
            if letter < 26 {
                let wordBegin = i
                i = Self.letterRunEnd(base, from: i + 1, to: n)
                let length = i - wordBegin
                if Self.numberWordInitials >> UInt32(letter) & 1 != 0 && length >= 3 && length <= 7 {
                    // Shaped like a number word: it is one, or the chunk may end inside it and
                    // the next add letters, for the machine; otherwise it ends as any other.
                    if i == n { i = wordBegin; break }
                    var packed: UInt64 = 0
                    for j in wordBegin..<i { packed = packed << 8 | UInt64(base[j] | 0x20) }
                    if Self.numberWord(packed) != nil { i = wordBegin; break }
                }
                lastWord = wordBegin
                if i == n {
                    // The chunk ends inside the word: hold it as the machine would have.
                    settle(base, from: first, to: wordBegin)
                    holdWord(base, from: wordBegin, to: n, streamBase: streamBase)
                    return n
                }
                continue
            }
            if b &- 0x30 < 10 { break }
            i += 1
        }
        settle(base, from: first, to: i)
        // The machine leaves the start of the last word it saw, number word or not.
        if lastWord >= 0 { wordStart = streamBase + lastWord }
        return i
    }

    /// ``skipIdle(_:from:to:streamBase:)`` where ``RegionEvidence`` marked the slice's stops: the
    /// next mark from `first` is where that loop would stop, and what it leaves behind is read
    /// from the bytes just before it (the separators, the last word's start) or at the slice's
    /// end (a word cut there), not from every word on the way. `first` is where a word may begin
    /// (the scanner is idle: no word in progress), as in `skipIdle`.
    private mutating func skipMarked(
        _ base: UnsafePointer<UInt8>, from first: Int, to n: Int, streamBase: Int, _ stops: UnsafeMutablePointer<UInt64>
    ) -> Int {
        var stop = SliceStops.next(stops, from: first, count: n)
        // A stop at a digit opens a sequence with no number word in it; it can still become a
        // candidate only if a number word joins it before it ends. It ends, with nothing to
        // report, at the first byte after its digits and separators that is neither: one that
        // is no letter, or the first letter of a word that is no number word (unmarked) and ends
        // in the slice (one running to the slice's end may grow into one in the next). Then the
        // machine would leave the state idle, as the skip does: pass on to the next stop. (Most
        // of the slice's digit runs end so, each of them a trip through the machine before.)
        while stop < n && base[stop] &- 0x30 < 10 {
            var e = stop &+ 1
            while e < n && Self.isDigitOrSeparator(base[e]) { e &+= 1 }
            if e == n { break }
            if Self.isLetter(base[e])
                && (stops[e >> 6] >> UInt64(e & 63) & 1 != 0 || Self.letterRunEnd(base, from: e &+ 1, to: n) == n)
            {
                break
            }
            stop = SliceStops.next(stops, from: e, count: n)
        }
        if stop == n && n > first && Self.isLetter(base[n - 1]) {
            // The slice ends inside a word: held as `skipIdle` holds it. (A word shaped like a
            // number word, which `skipIdle` hands to the machine, leaves the same state there.)
            var w = n - 1
            while w > first && Self.isLetter(base[w - 1]) { w -= 1 }
            settle(base, from: first, to: w)
            holdWord(base, from: w, to: n, streamBase: streamBase)
            return n
        }
        settle(base, from: first, to: stop)
        // `skipIdle` leaves the start of the last word it passed over.
        var k = stop
        while k > first && !Self.isLetter(base[k - 1]) { k -= 1 }
        if k > first {
            var w = k - 1
            while w > first && Self.isLetter(base[w - 1]) { w -= 1 }
            wordStart = streamBase + w
        }
        return stop
    }

    /// The separator count and `inDigitRun` after the machine had seen `first..<stop`
    /// (none a digit): the separators at the end of that range count on from the stored
    /// ones if the range is all separators, from 0 otherwise (any other byte or a word ended
    /// the sequence, which clears the count); a run of more than `maxSeparatorRun` clears it.
    @inline(__always)
    private mutating func settle(_ base: UnsafePointer<UInt8>, from first: Int, to stop: Int) {
        guard stop > first else { return }
        inDigitRun = false
        var k = stop
        while k > first && Self.kind(base[k - 1]) == .separator { k -= 1 }
        let run = stop - k
        separators = ((k == first ? separators : 0) + run) % (Self.maxSeparatorRun + 1)
    }

    /// A word the chunk ends inside, as the machine packs it: its first 8 letters.
    private mutating func holdWord(_ base: UnsafePointer<UInt8>, from wordBegin: Int, to n: Int, streamBase: Int) {
        var packed: UInt64 = 0
        for j in wordBegin..<min(n, wordBegin + 8) { packed = packed << 8 | UInt64(base[j] | 0x20) }
        word = packed
        wordCount = min(n - wordBegin, 8)
        wordTooLong = n - wordBegin > 8
        wordStart = streamBase + wordBegin
    }

    /// The end of the run of letters from `first`: eight bytes at a time where eight remain
    /// (``RegionEvidence/letterMask(_:)`` of the bytes with 0x20 set, which folds "A"..."Z"
    /// onto "a"..."z" and makes no other byte a letter), as most words end within one load.
    @inline(__always)
    private static func letterRunEnd(_ base: UnsafePointer<UInt8>, from first: Int, to n: Int) -> Int {
        var i = first
        while i + 8 <= n {
            let chunk = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let mask = RegionEvidence.letterMask(chunk | 0x2020_2020_2020_2020)
            let letters = (~mask & 0x8080_8080_8080_8080).trailingZeroBitCount >> 3
            i += letters
            if letters < 8 { return i }
        }
        while i < n && isLetter(base[i]) { i += 1 }
        return i
    }

    @inline(__always)
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// A digit or a byte ``kind(_:)`` calls a separator.
    @inline(__always)
    private static func isDigitOrSeparator(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "/"),
            UInt8(ascii: "("), UInt8(ascii: ")"), 0x09:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    private static func kind(_ b: UInt8) -> Class {
        if isLetter(b) { return .letter }
        if b &- 0x30 < 10 { return .digit }
        switch b {
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: "("),
            UInt8(ascii: ")"), 0x09:
            return .separator
        default:
            return .other
        }
    }

    /// A separator or other byte at stream offset `position` (digits and letters are taken
    /// by the run in ``scan(_:streamBase:stops:)``).
    @inline(__always)
    private mutating func notLetter(_ kind: Class, at position: Int) {
        if wordCount > 0 { endWord() }
        switch kind {
        case .separator:
            inDigitRun = false
            separators += 1
            if separators > Self.maxSeparatorRun { finishSequence() }
        case .other, .letter, .digit:
            inDigitRun = false
            finishSequence()
        }
    }

    /// The view ended: whatever sequence is open ends too.
    mutating func endView() {
        if wordCount > 0 { endWord() }
        inDigitRun = false
        finishSequence()
    }

    private mutating func endWord() {
        defer { word = 0; wordCount = 0; wordTooLong = false }
        let value = wordTooLong ? nil : Self.numberWord(word)
        guard let value else {
            finishSequence()
            return
        }
        if value == 100 {
            // "eight hundred": the word before supplies the digit, "hundred" the zeros.
            guard lastWasNumberWord else { finishSequence(); return }
            appendDigit(0x30); appendDigit(0x30)
        } else {
            if start < 0 { start = wordStart }
            appendDigit(0x30 + UInt8(value))
        }
        spelled += 1
        separators = 0
        lastWasNumberWord = true
        end = wordStart + wordCount
    }

    /// `d` is "0"..."9"; past `maxDigits` + 1 digits no more are kept (the sequence is too
    /// long to be a candidate whatever follows).
    @inline(__always)
    private mutating func appendDigit(_ d: UInt8) {
        if digitCount <= Self.maxDigits {
            digitNibbles |= UInt64(d & 0xF) << UInt64(4 * digitCount)
            digitCount += 1
        }
    }

    /// ``appendDigit(_:)`` for each of the digits `first..<stop`.
    @inline(__always)
    private mutating func appendDigits(_ base: UnsafePointer<UInt8>, from first: Int, to stop: Int) {
        var nibbles = digitNibbles
        var count = digitCount
        var k = first
        while k < stop && count <= Self.maxDigits {
            nibbles |= UInt64(base[k] & 0xF) << UInt64(4 * count)
            count += 1
            k += 1
        }
        digitNibbles = nibbles
        digitCount = count
    }

    private mutating func finishSequence() {
        if spelled >= 3 && digitCount >= 10 && digitCount <= Self.maxDigits {
            pending.append(Candidate(digits: digits, start: start, end: end))
        }
        digitNibbles = 0
        digitCount = 0
        spelled = 0
        start = -1
        separators = 0
        lastWasNumberWord = false
    }

    /// The number words (for ``numberWordInitials``, spelled out by the test).
    static let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "hundred"]

    /// A number word's value by its packed spelling (``RegionEvidence/pack(_:)``; the test
    /// checks the constants against ``words``); "hundred" is 100. Constants in a switch: no
    /// table behind a lazy global to reach for every word.
    static func numberWord(_ packed: UInt64) -> Int? {
        switch packed {
        case 0x7A65_726F: return 0  // zero
        case 0x6F_6E65: return 1  // one
        case 0x74_776F: return 2  // two
        case 0x74_6872_6565: return 3  // three
        case 0x666F_7572: return 4  // four
        case 0x6669_7665: return 5  // five
        case 0x73_6978: return 6  // six
        case 0x73_6576_656E: return 7  // seven
        case 0x65_6967_6874: return 8  // eight
        case 0x6E69_6E65: return 9  // nine
        case 0x68_756E_6472_6564: return 100  // hundred
        default: return nil
        }
    }
}
