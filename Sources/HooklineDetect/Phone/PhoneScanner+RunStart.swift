/// What may begin a number: the bytes before a run decide whether a bracket or a letter
/// starts one.
extension PhoneScanner {
    /// "[202].379.1845": square brackets around a three-digit area code read as the
    /// parentheses a number writes there, so the run and libphonenumber see "(202).379.1845".
    /// (Within one chunk: a bracket split from its digits by a chunk edge is not read.)
    static func bracketsAreaCode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 4 < bytes.count, bytes[i + 4] == UInt8(ascii: "]") else { return false }
        return (1...3).allSatisfy { bytes[i + $0] >= 0x30 && bytes[i + $0] <= 0x39 }
    }

    /// Where a run starting at the digit `bytes[i]` ends, when it and every run started
    /// before that point must end holding fewer than seven keys (``endRun`` then returns at
    /// once: ``PhoneCandidates/mayHoldNumber(_:)``), or nil. ~45 % of a message's runs are such
    /// a date, time, price or count, each ~400 instructions of `accept`, `endRun` and state.
    ///
    /// `p` is the first byte from `i` that is neither a digit, nor "o", "l", "i", "|", nor
    /// anything else `accept` takes but letters (separators, ":", and "]", which the scan may
    /// take as ")"): no run reaches past a byte `accept` refuses, and the runs before `p` hold
    /// at most the digits and those four letters from `i` to `p` as keys. At `p` a run ends
    /// unless it may take the byte: any other letter is taken only by a vanity word, begun by
    /// such a letter taken before (none before `p`), or joined by "-", "." or a digit right
    /// before the "o", "l", "i", "|" it follows ("2 items", "1 of 3": a space). Without `p` in
    /// this slice the run may go on in the next one, and nothing is skipped.
    @inline(__always)
    static func shortDigitRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        let n = bytes.count
        var p = i
        var keys = 0
        while p < n {
            let b = bytes[p]
            if b &- 0x30 < 10 || mayBeDigit(b) {
                keys &+= 1
                if keys >= 7 { return nil }
            } else if !takenBesidesLetters(b) {
                break
            }
            p &+= 1
        }
        guard p < n else { return nil }
        if bytes[p] &- 0x61 < 26 {
            // The byte before the letters that may be digits ahead of `p` (`bytes[i]` is a digit).
            var k = p &- 1
            while mayBeDigit(bytes[k]) { k &-= 1 }
            let joiner = bytes[k]
            if joiner == UInt8(ascii: "-") || joiner == UInt8(ascii: ".") || joiner &- 0x30 < 10 { return nil }
        }
        return p
    }

    /// "o", "l", "i", "|": a run takes up to three of them anywhere, as digits in disguise.
    @inline(__always)
    static func mayBeDigit(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "o") || b == UInt8(ascii: "l") || b == UInt8(ascii: "i") || b == UInt8(ascii: "|")
    }

    /// The bytes other than digits, letters and "|" that a run may hold: `accept`'s separators
    /// and ":", and "]" (read as ")" after "(" and three bytes).
    @inline(__always)
    static func takenBesidesLetters(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "~"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: ";"), UInt8(ascii: "*"), UInt8(ascii: ":"), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    /// "o" (es, it, pt: or) and "i" (pl, ca, cs: and): one-letter words that are never a digit.
    @inline(__always)
    static func isConjunction(_ b: UInt8) -> Bool { b == UInt8(ascii: "o") || b == UInt8(ascii: "i") }

    /// A letter that a run of one "o", "l", "i" or "|" does not take (`accept` takes a letter
    /// only after a digit, or one more that may stand for a digit), so the run ends before it.
    @inline(__always)
    static func endsAtOnce(_ next: UInt8) -> Bool {
        next >= 0x61 && next <= 0x7A && next != UInt8(ascii: "o") && next != UInt8(ascii: "l") && next != UInt8(ascii: "i")
    }
}
