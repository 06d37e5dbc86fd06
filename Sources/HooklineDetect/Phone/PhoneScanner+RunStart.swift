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
