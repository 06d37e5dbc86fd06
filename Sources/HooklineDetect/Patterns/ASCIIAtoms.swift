import HooklineCore

/// Whether every atom of an expression matches ASCII bytes only, so that a stream database
/// may compile it without `HS_FLAG_UTF8` and report exactly what it reported with it.
///
/// Without UTF-8 mode Vectorscan runs the shipped patterns cheaper (the prefix and word
/// boundary engines are byte automata, not UTF-8 ones): ~10 k instructions a message of the
/// mix's stream scan. The reports stay the same for the expressions this accepts:
/// * Accepted atoms are ASCII literals, classes that are not negated and hold only ASCII
///   bytes, and `\d`, `\s`, `\w` (ASCII-only without `HS_FLAG_UCP`, in both modes), and
///   escaped punctuation; assertions `\b`, `^`, `$`. Refused: any byte ≥ 0x80, `.`, `[^…]`,
///   POSIX classes, every other escape (`\S`, `\W`, `\D`, `\x..`, `\Q`, back-references…)
///   and every `(?` group but `(?:`: each can match a non-ASCII character (several bytes in
///   UTF-8 mode, one in byte mode) or changes how the rest is read.
/// * So in either mode a match is a run of ASCII characters: it starts and ends on a
///   character boundary, and every assertion reads bytes next to an ASCII byte, where "a
///   byte ≥ 0x80" (byte mode) and "a non-ASCII character" (UTF-8 mode) are alike: neither
///   word, digit nor white space.
/// * Caseless: in UTF-8 mode Vectorscan also matches U+017F (ſ) for `s` and U+212A (K,
///   Kelvin) for `k`, the only non-ASCII case partners of ASCII letters; the normaliser folds
///   both to ASCII (NFKC case folding), so the pattern stream never holds them.
/// `ASCIIAtomsTests` holds both facts to Vectorscan and the normaliser, and compares the
/// shipped patterns' reports in both modes.
enum ASCIIAtoms {
    static func only(_ expression: String) -> Bool {
        let e = Array(expression.utf8)
        var i = 0
        var inClass = false
        var classFirst = false
        while i < e.count {
            let c = e[i]
            if c >= 0x80 { return false }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < e.count else { return false }
                let d = e[i + 1]
                if d >= 0x80 { return false }
                let classShorthand = d == UInt8(ascii: "d") || d == UInt8(ascii: "s") || d == UInt8(ascii: "w")
                let boundary = d == UInt8(ascii: "b") && !inClass
                guard !(ASCII.isAlpha(d) || ASCII.isDigit(d)) || classShorthand || boundary else { return false }
                i += 2
                classFirst = false
                continue
            }
            if inClass {
                if c == UInt8(ascii: "]") && !classFirst { inClass = false }
                if c == UInt8(ascii: "[") && i + 1 < e.count && e[i + 1] == UInt8(ascii: ":") { return false }
                classFirst = false
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "["):
                if i + 1 < e.count && e[i + 1] == UInt8(ascii: "^") { return false }
                inClass = true
                classFirst = true
            case UInt8(ascii: "."):
                return false
            case UInt8(ascii: "("):
                if i + 1 < e.count && e[i + 1] == UInt8(ascii: "?") {
                    guard i + 2 < e.count, e[i + 2] == UInt8(ascii: ":") else { return false }
                    i += 3
                    continue
                }
            default:
                break
            }
            i += 1
        }
        return !inClass
    }
}
