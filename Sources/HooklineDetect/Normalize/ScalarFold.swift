import Foundation

/// What one Unicode scalar becomes in the normalised text, packed into a word so the hot
/// loop does one table load per non-ASCII scalar.
///
/// Layout: byte 0 = payload length (0...6), byte 1 = ``Flags``, bytes 2...7 = payload
/// (the UTF-8 the scalar is replaced by).
struct ScalarFold: Equatable {
    var bits: UInt64

    struct Flags {
        static let ignorable: UInt8 = 0x01
        static let whitespace: UInt8 = 0x02
        static let alnum: UInt8 = 0x04
        /// Combining marks continue the word they sit in without being letters themselves.
        static let mark: UInt8 = 0x08
        // The high nibble is a script bit set, for spotting words that mix scripts.
        static let latin: UInt8 = 0x10
        static let cyrillic: UInt8 = 0x20
        static let greek: UInt8 = 0x40
        /// Look-alikes from elsewhere: full-width and mathematical letters, Armenian.
        static let lookalike: UInt8 = 0x80
    }

    var length: Int { Int(bits & 0xFF) }
    var flags: UInt8 { UInt8(truncatingIfNeeded: bits >> 8) }

    init(bits: UInt64) { self.bits = bits }

    init(flags: UInt8, payload: some Collection<UInt8>) {
        var b = UInt64(flags) << 8
        var n = 0
        for byte in payload.prefix(6) {
            b |= UInt64(byte) << (16 + 8 * n)
            n += 1
        }
        bits = b | UInt64(n)
    }
}

/// Per-scalar folding, computed once from Unicode properties into tables.
///
/// The Unicode property lookups and NFKC are far too slow for every byte of mail, so the
/// planes attackers actually use (everything below U+3000, half/full-width forms, the
/// mathematical alphanumerics, tags and variation selectors) are precomputed when the
/// first analyzer starts; anything rarer is computed on demand and cached per message.
enum FoldTable {
    static let low: [UInt64] = (0..<UInt32(0x3000)).map { compute($0).bits }
    static let high: [UInt64] = (UInt32(0xFE00)..<UInt32(0x10000)).map { compute($0).bits }
    static let math: [UInt64] = (UInt32(0x1D400)..<UInt32(0x1D800)).map { compute($0).bits }

    static let replacement = ScalarFold(flags: 0, payload: [0xEF, 0xBF, 0xBD])

    static func compute(_ v: UInt32) -> ScalarFold {
        guard let scalar = Unicode.Scalar(v) else { return replacement }
        let p = scalar.properties
        if isInvisible(v) || p.isDefaultIgnorableCodePoint {
            return ScalarFold(flags: ScalarFold.Flags.ignorable, payload: [])
        }
        if p.isWhitespace { return ScalarFold(flags: ScalarFold.Flags.whitespace, payload: []) }
        if p.numericType == .decimal, let value = p.numericValue, value >= 0, value <= 9 {
            return ScalarFold(flags: ScalarFold.Flags.alnum, payload: [UInt8(ascii: "0") + UInt8(value)])
        }
        if let latin = confusables[v] {
            return ScalarFold(flags: ScalarFold.Flags.alnum | script(of: v), payload: [latin])
        }
        if let sep = separator(v, p.generalCategory) {
            return ScalarFold(flags: 0, payload: [sep])
        }
        if isCompatibilityRange(v) {
            let folded = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
            let bytes = Array(folded.utf8)
            if folded != String(scalar), !bytes.isEmpty, bytes.count <= 6, bytes.allSatisfy({ $0 < 0x80 }) {
                let letters = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
                let isLetter = bytes.contains { $0 >= 0x61 && $0 <= 0x7A }
                let flags = letters ? (ScalarFold.Flags.alnum | (isLetter ? ScalarFold.Flags.lookalike : 0)) : 0
                return ScalarFold(flags: flags, payload: bytes)
            }
        }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            var out = scalar
            let lower = p.lowercaseMapping.unicodeScalars
            if lower.count == 1, let first = lower.first { out = first }
            return ScalarFold(flags: ScalarFold.Flags.alnum | script(of: v), payload: Array(String(out).utf8))
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return ScalarFold(flags: ScalarFold.Flags.mark, payload: Array(String(scalar).utf8))
        default:
            return ScalarFold(flags: 0, payload: Array(String(scalar).utf8))
        }
    }

    /// Format characters attackers slip between letters and digits; most are
    /// Default_Ignorable already, listed so the intent survives Unicode updates.
    static func isInvisible(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F,
             0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0x3164, 0xFE00...0xFE0F,
             0xFEFF, 0xFFA0, 0xFFF0...0xFFF8, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A,
             0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    /// Punctuation that phone numbers are written with, folded to the ASCII the scanner knows.
    static func separator(_ v: UInt32, _ category: Unicode.GeneralCategory) -> UInt8? {
        switch v {
        case 0x2212, 0x2012, 0x2013, 0x2014, 0x2015, 0x2010, 0x2011, 0xFE58, 0xFE63, 0xFF0D, 0x2043, 0x02D7:
            return UInt8(ascii: "-")
        case 0x2022, 0x22C5, 0x00B7, 0x2219, 0x2027, 0x30FB, 0xFF65, 0x2024, 0x2E31, 0x0387,
             0x16EB, 0x2981, 0x25CF, 0x2E33, 0xFE52, 0xFF0E, 0x3002, 0x25E6:
            return UInt8(ascii: ".")
        case 0x2044, 0x2215, 0xFF0F, 0x29F8:
            return UInt8(ascii: "/")
        case 0x223C, 0xFF5E, 0x02DC, 0x301C, 0x2053:
            return UInt8(ascii: "~")
        case 0xFF08, 0xFE59, 0x207D, 0x208D:
            return UInt8(ascii: "(")
        case 0xFF09, 0xFE5A, 0x207E, 0x208E:
            return UInt8(ascii: ")")
        case 0xFF0B, 0xFE62, 0x207A, 0x208A:
            return UInt8(ascii: "+")
        default:
            return category == .dashPunctuation ? UInt8(ascii: "-") : nil
        }
    }

    static func isCompatibilityRange(_ v: UInt32) -> Bool {
        switch v {
        case 0x2070...0x209F, 0x2100...0x218F, 0x2460...0x24FF, 0xFB00...0xFB06,
             0xFF00...0xFFEF, 0x1D400...0x1D7FF, 0x1F100...0x1F1E5, 0x1FBF0...0x1FBF9:
            return true
        default:
            return false
        }
    }

    static func script(of v: UInt32) -> UInt8 {
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x0250...0x02AF, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF:
            return ScalarFold.Flags.latin
        case 0x0370...0x03FF, 0x1F00...0x1FFF:
            return ScalarFold.Flags.greek
        case 0x0400...0x052F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
            return ScalarFold.Flags.cyrillic
        case 0x0530...0x058F, 0xFF21...0xFF5A, 0x1D400...0x1D7FF, 0x13A0...0x13FF:
            return ScalarFold.Flags.lookalike
        default:
            return 0
        }
    }

    /// Letters from other scripts that render like Latin ones (after UTS #39's confusables,
    /// letters only): a brand spelled with them must still match the brand's lexicon entry.
    static let confusables: [UInt32: UInt8] = {
        let pairs: [(UInt32, Character)] = [
            // Cyrillic, both cases (we fold before lowercasing, so upper-case shapes count).
            (0x0430, "a"), (0x0410, "a"), (0x0432, "b"), (0x0412, "b"), (0x0435, "e"), (0x0415, "e"),
            (0x0451, "e"), (0x0401, "e"), (0x043A, "k"), (0x041A, "k"), (0x043C, "m"), (0x041C, "m"),
            (0x043D, "h"), (0x041D, "h"), (0x043E, "o"), (0x041E, "o"), (0x0440, "p"), (0x0420, "p"),
            (0x0441, "c"), (0x0421, "c"), (0x0442, "t"), (0x0422, "t"), (0x0443, "y"), (0x0423, "y"),
            (0x0445, "x"), (0x0425, "x"), (0x0456, "i"), (0x0406, "i"), (0x0458, "j"), (0x0408, "j"),
            (0x0455, "s"), (0x0405, "s"), (0x0501, "d"), (0x0500, "d"), (0x04BB, "h"), (0x04BA, "h"),
            (0x04CF, "l"), (0x04C0, "l"), (0x051B, "q"), (0x051A, "q"), (0x051D, "w"), (0x051C, "w"),
            (0x0457, "i"), (0x0407, "i"), (0x0461, "w"), (0x04AF, "y"), (0x04AE, "y"),
            // Greek.
            (0x03B1, "a"), (0x0391, "a"), (0x0392, "b"), (0x03B2, "b"), (0x0395, "e"), (0x03B5, "e"),
            (0x0396, "z"), (0x0397, "h"), (0x03B7, "n"), (0x0399, "i"), (0x03B9, "i"), (0x039A, "k"),
            (0x03BA, "k"), (0x039C, "m"), (0x039D, "n"), (0x03BD, "v"), (0x039F, "o"), (0x03BF, "o"),
            (0x03A1, "p"), (0x03C1, "p"), (0x03A4, "t"), (0x03C4, "t"), (0x03A5, "y"), (0x03C5, "u"),
            (0x03A7, "x"), (0x03C7, "x"), (0x03B3, "y"), (0x03C9, "w"), (0x03F2, "c"), (0x03F3, "j"),
            // Latin letters outside ASCII that pass for ASCII ones.
            (0x0131, "i"), (0x0261, "g"), (0x0251, "a"), (0x01C0, "l"), (0x0269, "i"),
            // Armenian.
            (0x0585, "o"), (0x057D, "u"), (0x0578, "n"), (0x0570, "h"), (0x0566, "q"),
        ]
        var table: [UInt32: UInt8] = [:]
        for (v, c) in pairs { table[v] = c.asciiValue ?? UInt8(ascii: "?") }
        return table
    }()
}
