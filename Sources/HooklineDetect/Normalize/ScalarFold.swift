import Foundation
import HooklineCore

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
        /// A spacing mark (Mc) is visible, so it is kept even after an ASCII letter.
        static let spacing: UInt8 = 0x80
        // Bits 4-6 are a script bit set, for spotting words that mix Latin with Cyrillic or
        // Greek (the scripts whose letters pass for Latin ones).
        static let latin: UInt8 = 0x10
        static let cyrillic: UInt8 = 0x20
        static let greek: UInt8 = 0x40
        static let scripts: UInt8 = 0x70
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

/// Per-scalar folding, from Unicode properties.
///
/// The Unicode property lookups and NFKC are far too slow for every byte of mail, so the
/// planes attackers actually use (everything below U+3000, half/full-width forms, the
/// mathematical alphanumerics, tags and variation selectors) and the rest of the BMP (kana,
/// CJK, Hangul: every letter of such a text) are tables; anything rarer is computed on
/// demand and cached per message. Computing the tables took ~226 M
/// instructions (names, NFKC), paid by the first message of every process and every
/// reload, so they ship precomputed in `FoldTableData.swift` (scripts/gen-fold-table.sh
/// writes it from ``compute(_:)``; `FoldTableDataTests` fails when the two disagree, as
/// after a toolchain's Unicode update).
enum FoldTable {
    static let low: [UInt64] = expand(lowRuns, range: 0..<0x3000)
    /// Kana, CJK, Hangul and the rest of the BMP below the half/full-width forms: letters
    /// there were computed once per message and scalar, ~14 k instructions each (the
    /// scalar's Unicode name read for its script), ~12 k a message of the profile mix.
    /// Kept as runs (``FoldRuns``), not expanded: 412 KB a process otherwise.
    static let mid: FoldRuns =
        FoldRuns(midRuns, range: midRange) ?? FoldRuns(table: midRange.map { compute($0).bits })
    static let midRange: Range<UInt32> = 0x3000..<0xFE00
    static let high: [UInt64] = expand(highRuns, range: 0xFE00..<0x10000)
    static let math: [UInt64] = expand(mathRuns, range: 0x1D400..<0x1D800)

    /// The table for `range` from its (first, step, count) runs; a malformed table (never
    /// shipped, but the tables are data) falls back to computing every entry.
    static func expand(_ runs: [UInt64], range: Range<UInt32>) -> [UInt64] {
        var table: [UInt64] = []
        table.reserveCapacity(range.count)
        var r = 0
        while r + 2 < runs.count {
            let count = runs[r + 2]
            guard count <= UInt64(range.count - table.count) else { break }
            var value = runs[r]
            for _ in 0..<count {
                table.append(value)
                value &+= runs[r + 1]
            }
            r += 3
        }
        guard r == runs.count, table.count == range.count else { return range.map { compute($0).bits } }
        return table
    }

    /// The runs ``expand(_:range:)`` reads: consecutive scalars whose entries differ by
    /// one step (a block of letters that are their own spelling) are one run.
    static func runs(_ table: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        var i = 0
        while i < table.count {
            let step = i + 1 < table.count ? table[i + 1] &- table[i] : 0
            var j = i + 1
            while j < table.count && table[j] &- table[j - 1] == step { j += 1 }
            out += [table[i], step, UInt64(j - i)]
            i = j
        }
        return out
    }

    static let replacement = ScalarFold(flags: 0, payload: [0xEF, 0xBF, 0xBD])

    static func compute(_ v: UInt32) -> ScalarFold {
        guard let scalar = Unicode.Scalar(v) else { return replacement }
        let p = scalar.properties
        let category = p.generalCategory
        // Bidi controls change what the reader sees (RLO shows stored digits reversed), so
        // they are ignorable but tell the normaliser which way the following run reads.
        if p.isBidiControl { return ScalarFold(flags: ScalarFold.Flags.ignorable, payload: [bidiKind(v).rawValue]) }
        // Format characters (zero-width, soft hyphen, word joiner, tags) and default-ignorables
        // (Hangul fillers, variation selectors) render as nothing: drop them wherever they sit.
        if category == .format || p.isDefaultIgnorableCodePoint {
            return ScalarFold(flags: ScalarFold.Flags.ignorable, payload: [])
        }
        if p.isWhitespace { return ScalarFold(flags: ScalarFold.Flags.whitespace, payload: []) }
        if p.numericType == .decimal, let value = p.numericValue, value >= 0, value <= 9 {
            return ScalarFold(flags: ScalarFold.Flags.alnum, payload: [UInt8(ascii: "0") + UInt8(value)])
        }
        // Numeric_Type=Digit: circled, parenthesised, full-stop, super- and subscript and
        // dingbat digits. The reader sees the digit; the decoration goes.
        if p.numericType == .digit, let value = p.numericValue, value >= 0, value <= 9, value == value.rounded() {
            return ScalarFold(flags: ScalarFold.Flags.alnum, payload: [UInt8(ascii: "0") + UInt8(value)])
        }
        if let latin = confusables[v] {
            return ScalarFold(flags: ScalarFold.Flags.alnum | script(of: scalar), payload: [latin])
        }
        // The typographic apostrophe (and the modifier letter and full-width forms written
        // for it) is the apostrophe of "don’t" and "l’ufficio": the reader sees one mark,
        // so the rules match one.
        if v == 0x2019 || v == 0x2018 || v == 0x02BC || v == 0xFF07 {
            return ScalarFold(flags: 0, payload: [UInt8(ascii: "'")])
        }
        if let sep = separator(v, category) {
            return ScalarFold(flags: 0, payload: [sep])
        }
        if p.changesWhenNFKCCaseFolded, let folded = compatibilityFold(scalar, category) {
            return folded
        }
        if let base = LatinFold.base(of: scalar) {
            return ScalarFold(flags: ScalarFold.Flags.alnum | ScalarFold.Flags.latin, payload: [base])
        }
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            var out = scalar
            let lower = p.lowercaseMapping.unicodeScalars
            if lower.count == 1, let first = lower.first { out = first }
            return ScalarFold(flags: ScalarFold.Flags.alnum | script(of: scalar), payload: Array(String(out).utf8))
        case .nonspacingMark, .enclosingMark:
            // Dropped after an ASCII letter or digit (where they only disguise it), kept on
            // other scripts, whose vowel signs are marks.
            return ScalarFold(flags: ScalarFold.Flags.mark, payload: Array(String(scalar).utf8))
        case .spacingMark:
            return ScalarFold(flags: ScalarFold.Flags.mark | ScalarFold.Flags.spacing, payload: Array(String(scalar).utf8))
        default:
            return ScalarFold(flags: 0, payload: Array(String(scalar).utf8))
        }
    }

    /// NFKC-style folding for the compatibility forms attackers write digits and letters
    /// with: super/subscripts, circled, parenthesised and full-stop forms, full-width and
    /// mathematical alphanumerics, ligatures. Only ASCII results are taken, so a scalar
    /// that folds to another script keeps its own spelling. For enclosed and decorated
    /// numbers and symbols ("⑴", "⒈", "Ⓐ") the decoration is dropped, since the reader
    /// sees the digit or letter; symbols that spell a word ("™", "℡") are left alone
    /// instead of gluing letters onto the word before them.
    static func compatibilityFold(_ scalar: Unicode.Scalar, _ category: Unicode.GeneralCategory) -> ScalarFold? {
        let folded = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
        let bytes = Array(folded.utf8)
        guard !bytes.isEmpty, bytes.count <= 6, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let alnum = bytes.filter { ASCII.isAlpha($0) || ASCII.isDigit($0) }
        let letters = alnum.filter { ASCII.isAlpha($0) }.count
        switch category {
        case .otherNumber, .otherSymbol, .letterNumber:
            guard !alnum.isEmpty, letters == 0 || alnum.count == 1 else { return nil }
            return ScalarFold(flags: ScalarFold.Flags.alnum, payload: alnum)
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            guard alnum.count == bytes.count else { return nil }
            return ScalarFold(flags: ScalarFold.Flags.alnum | script(of: scalar), payload: bytes)
        default:
            return alnum.isEmpty ? ScalarFold(flags: 0, payload: bytes) : nil
        }
    }

    /// Which way a bidi control turns the text after it.
    enum BidiKind: UInt8 {
        /// LRM, RLM, ALM: invisible marks that change no run's order on their own.
        case mark = 0
        /// LRE, LRO, LRI, FSI: the run reads left to right.
        case pushLTR = 1
        /// RLE, RLI: digits and separators are shown right to left.
        case pushRTL = 2
        /// RLO: everything is shown right to left, letters too.
        case pushOverride = 3
        /// PDF, PDI: back to the enclosing direction.
        case pop = 4
    }

    static func bidiKind(_ v: UInt32) -> BidiKind {
        switch v {
        case 0x202A, 0x202D, 0x2066, 0x2068: return .pushLTR
        case 0x202B, 0x2067: return .pushRTL
        case 0x202E: return .pushOverride
        case 0x202C, 0x2069: return .pop
        default: return .mark
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

    /// The script a letter belongs to, for spotting one word that mixes Latin with the
    /// scripts whose letters pass for Latin. Read from the Unicode name ("LATIN SMALL
    /// LETTER A", "FULLWIDTH LATIN CAPITAL LETTER M", "CYRILLIC SMALL LETTER IE"), since
    /// Swift does not expose the Script property; mathematical letters and other scripts
    /// count for none.
    static func script(of scalar: Unicode.Scalar) -> UInt8 {
        guard let name = scalar.properties.name else { return 0 }
        let words = name.split(separator: " ")
        if words.contains("LATIN") { return ScalarFold.Flags.latin }
        if words.contains("CYRILLIC") { return ScalarFold.Flags.cyrillic }
        if words.contains("GREEK") { return ScalarFold.Flags.greek }
        return 0
    }

    /// Letters from other scripts that render like Latin ones (after UTS #39's confusables):
    /// a brand spelled with them must still match the brand's lexicon entry. The few that
    /// UTS #39 reads as a digit and as no Latin letter are that digit ("866-О47-ЗЗ19" writes
    /// 3 with the Cyrillic Ze); a word of Cyrillic text holding one gains a lone digit,
    /// which makes no number.
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
            // Read as digits: Cyrillic Ze and Abkhasian Dze, Latin ezh and yogh (3), Cyrillic be (6),
            // Latin tone five (5).
            (0x0417, "3"), (0x04E0, "3"), (0x01B7, "3"), (0x021C, "3"), (0x0431, "6"), (0x01BC, "5"),
        ]
        var table: [UInt32: UInt8] = [:]
        for (v, c) in pairs { table[v] = c.asciiValue ?? UInt8(ascii: "?") }
        return table
    }()
}
