/// Phone numbers written out in words: "1-three-zero-five-eight-four-one-zero-seven-eight-five",
/// "eight hundred five five five ...". A digit-based scanner never sees them, and nobody
/// legitimate spells a number that way, so finding one is both a phone and an obfuscation.
///
/// It reads the normalised stream (lower case) as tokens: number words and digit runs joined
/// by a few separators. A sequence with at least three number words and 10 to 15 digits in
/// all becomes a candidate for libphonenumber. State is one short word and one digit buffer.
struct SpelledNumberScanner {
    struct Candidate {
        var digits: [UInt8]
        /// Normalised-stream offsets of the sequence.
        var start: Int
        var end: Int
    }

    private static let maxDigits = 15
    private static let maxSeparatorRun = 3

    private var word: [UInt8] = []
    private var wordTooLong = false
    private var wordStart = 0
    private var digits: [UInt8] = []
    private var spelled = 0
    private var start = -1
    private var end = 0
    private var separators = 0
    private var inDigitRun = false
    private var lastWasNumberWord = false

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
        word.reserveCapacity(8)
        digits.reserveCapacity(Self.maxDigits + 4)
    }

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, streamBase: Int, _ found: (Candidate) -> Void) {
        Self.classes.withUnsafeBufferPointer { table in
            for i in 0..<bytes.count {
                let b = bytes[i]
                switch table[Int(b)] {
                case .letter:
                    if inDigitRun { inDigitRun = false }
                    if word.isEmpty { wordStart = streamBase + i }
                    if word.count < 8 { word.append(b | 0x20) } else { wordTooLong = true }
                case .digit:
                    if !word.isEmpty { endWord(found) }
                    if start < 0 { start = streamBase + i }
                    inDigitRun = true
                    separators = 0
                    lastWasNumberWord = false
                    if digits.count <= Self.maxDigits { digits.append(b) }
                    end = streamBase + i + 1
                case .separator:
                    if !word.isEmpty { endWord(found) }
                    inDigitRun = false
                    separators += 1
                    if separators > Self.maxSeparatorRun { finishSequence(found) }
                case .other:
                    if !word.isEmpty { endWord(found) }
                    inDigitRun = false
                    finishSequence(found)
                }
            }
        }
    }

    /// The view ended: whatever sequence is open ends too.
    mutating func endView(_ found: (Candidate) -> Void) {
        if !word.isEmpty { endWord(found) }
        inDigitRun = false
        finishSequence(found)
    }

    private mutating func endWord(_ found: (Candidate) -> Void) {
        defer { word.removeAll(keepingCapacity: true); wordTooLong = false }
        let value = wordTooLong ? nil : Self.value(of: word)
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
        end = wordStart + word.count
    }

    private mutating func appendDigit(_ d: UInt8) {
        if digits.count <= Self.maxDigits { digits.append(d) }
    }

    private mutating func finishSequence(_ found: (Candidate) -> Void) {
        if spelled >= 3 && digits.count >= 10 && digits.count <= Self.maxDigits {
            found(Candidate(digits: digits, start: start, end: end))
        }
        digits.removeAll(keepingCapacity: true)
        spelled = 0
        start = -1
        separators = 0
        lastWasNumberWord = false
    }

    private static func value(of w: [UInt8]) -> Int? {
        switch w.count {
        case 3:
            if w == [0x6F, 0x6E, 0x65] { return 1 }  // one
            if w == [0x74, 0x77, 0x6F] { return 2 }  // two
            if w == [0x73, 0x69, 0x78] { return 6 }  // six
        case 4:
            if w == [0x7A, 0x65, 0x72, 0x6F] { return 0 }  // zero
            if w == [0x66, 0x6F, 0x75, 0x72] { return 4 }  // four
            if w == [0x66, 0x69, 0x76, 0x65] { return 5 }  // five
            if w == [0x6E, 0x69, 0x6E, 0x65] { return 9 }  // nine
        case 5:
            if w == [0x74, 0x68, 0x72, 0x65, 0x65] { return 3 }  // three
            if w == [0x73, 0x65, 0x76, 0x65, 0x6E] { return 7 }  // seven
            if w == [0x65, 0x69, 0x67, 0x68, 0x74] { return 8 }  // eight
        case 7:
            if w == Array("hundred".utf8) { return 100 }
        default:
            break
        }
        return nil
    }
}
