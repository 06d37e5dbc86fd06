// SpelledNumberScanner as it was before it skipped the text no number word starts in
// (main 3a4a7e4): a class table read for every byte, every word looked up. Kept as the
// reference ``SpelledNumberScannerTests`` compares the new one with. Only the name changed,
// the candidate type is the new one's, and the state is readable (`private(set)`).

@testable import HooklineDetect

/// Phone numbers written out in words: "1-three-zero-five-eight-four-one-zero-seven-eight-five",
/// "eight hundred five five five ...". A digit-based scanner never sees them, and nobody
/// legitimate spells a number that way, so finding one is both a phone and an obfuscation.
///
/// It reads the normalised stream (lower case) as tokens: number words and digit runs joined
/// by a few separators. A sequence with at least three number words and 10 to 15 digits in
/// all becomes a candidate for libphonenumber. State is one short word and one digit buffer.
struct ReferenceSpelledNumberScanner: Equatable {
    typealias Candidate = SpelledNumberScanner.Candidate

    private static let maxDigits = 15
    private static let maxSeparatorRun = 3

    /// The word in progress, lower case, packed as ``RegionEvidence`` packs words (at most
    /// 8 letters kept; a longer one is no number word).
    private(set) var word: UInt64 = 0
    private(set) var wordCount = 0
    private(set) var wordTooLong = false
    private(set) var wordStart = 0
    private(set) var digits: [UInt8] = []
    private(set) var spelled = 0
    private(set) var start = -1
    private(set) var end = 0
    private(set) var separators = 0
    private(set) var inDigitRun = false
    private(set) var lastWasNumberWord = false

    private enum Class: UInt8 { case other = 0, letter, digit, separator }
    private static let classes: [Class] = (0..<256).map { b in
        switch UInt8(b) {
        case 0x61...0x7A, 0x41...0x5A: return .letter
        case 0x30...0x39: return .digit
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "/"),
            UInt8(ascii: "("), UInt8(ascii: ")"), 0x09:
            return .separator
        default: return .other
        }
    }

    init() {
        digits.reserveCapacity(Self.maxDigits + 4)
    }

    /// ``scanReference(_:streamBase:_:)``, with the letters of a word packed in a loop of their
    /// own: they are most of the text, and one at a time each paid for the stored state
    /// around it (~40 instructions a byte in all).
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, streamBase: Int, _ found: (Candidate) -> Void) {
        Self.classes.withUnsafeBufferPointer { table in
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                switch table[Int(b)] {
                case .letter:
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
                            packed = packed << 8 | UInt64(bytes[j] | 0x20)
                            count += 1
                        } else {
                            tooLong = true
                        }
                        j += 1
                    } while j < n && table[Int(bytes[j])] == .letter
                    word = packed
                    wordCount = count
                    wordTooLong = tooLong
                    i = j
                    continue
                case let kind:
                    notLetter(kind, b, at: streamBase + i, found)
                }
                i += 1
            }
        }
    }

    /// A digit, separator or other byte at stream offset `position`: what both scans do
    /// with everything that is not a letter.
    @inline(__always)
    private mutating func notLetter(_ kind: Class, _ b: UInt8, at position: Int, _ found: (Candidate) -> Void) {
        if wordCount > 0 { endWord(found) }
        switch kind {
        case .digit:
            if start < 0 { start = position }
            inDigitRun = true
            separators = 0
            lastWasNumberWord = false
            if digits.count <= Self.maxDigits { digits.append(b) }
            end = position + 1
        case .separator:
            inDigitRun = false
            separators += 1
            if separators > Self.maxSeparatorRun { finishSequence(found) }
        case .other, .letter:
            inDigitRun = false
            finishSequence(found)
        }
    }

    /// One byte at a time: the form ``scan(_:streamBase:_:)`` replaced, kept for the test that
    /// holds the two equal.
    mutating func scanReference(_ bytes: UnsafeBufferPointer<UInt8>, streamBase: Int, _ found: (Candidate) -> Void) {
        Self.classes.withUnsafeBufferPointer { table in
            for i in 0..<bytes.count {
                let b = bytes[i]
                switch table[Int(b)] {
                case .letter:
                    if inDigitRun { inDigitRun = false }
                    if wordCount == 0 { wordStart = streamBase + i }
                    if wordCount < 8 {
                        word = word << 8 | UInt64(b | 0x20)
                        wordCount += 1
                    } else {
                        wordTooLong = true
                    }
                case let kind:
                    notLetter(kind, b, at: streamBase + i, found)
                }
            }
        }
    }

    /// The view ended: whatever sequence is open ends too.
    mutating func endView(_ found: (Candidate) -> Void) {
        if wordCount > 0 { endWord(found) }
        inDigitRun = false
        finishSequence(found)
    }

    private mutating func endWord(_ found: (Candidate) -> Void) {
        defer { word = 0; wordCount = 0; wordTooLong = false }
        let value = wordTooLong ? nil : Self.numberWords[word]
        guard let value else {
            finishSequence(found)
            return
        }
        if value == 100 {
            // "eight hundred": the word before supplies the digit, "hundred" the zeros.
            guard lastWasNumberWord else { finishSequence(found); return }
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

    private mutating func appendDigit(_ d: UInt8) {
        if digits.count <= Self.maxDigits { digits.append(d) }
    }

    private mutating func finishSequence(_ found: (Candidate) -> Void) {
        if spelled >= 3 && digits.count >= 10 && digits.count <= Self.maxDigits {
            found(Candidate(digits: digits, start: start, end: end))
        }
        // Called for every byte that is no part of a number: clear only what holds something.
        if !digits.isEmpty { digits.removeAll(keepingCapacity: true) }
        spelled = 0
        start = -1
        separators = 0
        lastWasNumberWord = false
    }

    /// Number words by their packed spelling; "hundred" is 100.
    static let numberWords = PackedWordTable(
        Dictionary(
            uniqueKeysWithValues: [
                ("zero", 0), ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
                ("eight", 8), ("nine", 9), ("hundred", 100),
            ].map { (RegionEvidence.pack($0.0), $0.1) }))
}
