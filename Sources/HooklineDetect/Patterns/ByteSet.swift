import HooklineCore

/// A set of bytes, 256 bits: what the regex readings (``ReportTiming``, ``StartShapes``)
/// say a class or a step can match. Hashable, so ``StartShapes`` keeps each distinct class once.
struct ByteSet: Hashable {
    var a: UInt64 = 0
    var b: UInt64 = 0
    var c: UInt64 = 0
    var d: UInt64 = 0

    static let all = ByteSet(a: ~0, b: ~0, c: ~0, d: ~0)
    /// Every byte of 0x80 and over: any byte of a non-ASCII character.
    static let high = ByteSet(a: 0, b: 0, c: ~0, d: ~0)

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return a & bit != 0
        case 1: return b & bit != 0
        case 2: return c & bit != 0
        default: return d & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: a |= bit
        case 1: b |= bit
        case 2: c |= bit
        default: d |= bit
        }
    }

    /// The set as 256 flags, one a byte.
    var bools: [Bool] { (0..<256).map { contains(UInt8($0)) } }

    mutating func formUnion(_ other: ByteSet) {
        a |= other.a
        b |= other.b
        c |= other.c
        d |= other.d
    }

    /// A literal byte as a caseless pattern may match it: both cases of a letter, every high
    /// byte for one of a non-ASCII character.
    static func literal(_ byte: UInt8) -> ByteSet {
        if byte >= 0x80 { return high }
        var set = ByteSet()
        set.insert(byte)
        if ASCII.isAlpha(byte) { set.insert(byte ^ 0x20) }
        return set
    }

    /// What an escaped letter or punctuation byte (`\d`, `\.`) matches; nil for one not read.
    static func escaped(_ letter: UInt8) -> ByteSet? {
        var set = ByteSet()
        switch letter {
        case UInt8(ascii: "d"):
            for b in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(b) }
        case UInt8(ascii: "w"):
            for b in UInt8(0)..<0x80 where ASCII.isAlpha(b) || ASCII.isDigit(b) || b == UInt8(ascii: "_") {
                set.insert(b)
            }
            set.formUnion(high)
        case UInt8(ascii: "s"):
            for b in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20] as [UInt8] { set.insert(b) }
        case UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "S"), UInt8(ascii: "h"), UInt8(ascii: "H"),
            UInt8(ascii: "v"), UInt8(ascii: "V"):
            return all
        default:
            // `\t`, `\n`, … and escaped punctuation: one byte, as the grammar reads them.
            guard let byte = RegexSyntax.escapedByte(letter) else { return nil }
            set.insert(byte)
        }
        return set
    }
}
