import HooklineCore

/// The most ASCII white-space bytes (tab, newline, vertical tab, form feed, return, space)
/// one match of a regex can hold, read from its text; nil when that is unbounded or the
/// expression uses something this reading does not know.
///
/// ``StartFinder`` scans a pattern whose matches are unbounded (`\S+`, `\w+`: no
/// `max_width`) from the horizon, usually the stream's first byte, to each end: over the
/// profile sample's 338 finder scans, the 92 such windows were 100 of their 110 KB, and in the
/// daemon's mix the finders were ~40 % of Vectorscan's time. Most of those patterns are
/// unbounded only in runs that hold no white space: a match then holds at most `k` white-space
/// bytes, so it starts after the `k + 1`-th one before its end, and the window can start at that
/// byte (which a leading `\b` reads) instead of the horizon. Exact: no match ending there
/// starts at or before it, and every match that starts after it is whole in both windows.
///
/// The reading is conservative: a class, `.` or escape that could match white space counts
/// one byte (every white-space byte is one character, in UTF-8 too), a repeat multiplies by its
/// upper bound, an unbounded repeat of anything that could hold white space, and any construct
/// other than groups `(?:…)` and `(…)`, alternation, classes, escapes and quantifiers, gives nil.
enum SeparatorBound {
    /// Whether `byte` is one of the white-space bytes counted (`\s` without UCP).
    static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    static func maxSeparators(_ expression: String) -> Int? {
        var parser = Parser(bytes: Array(expression.utf8))
        guard let count = parser.alternation(), parser.at == parser.bytes.count else { return nil }
        return count
    }

    /// Counts beyond this are treated as unbounded (no overflow, and a window that long
    /// would save nothing).
    static let limit = 1 << 20

    private struct Parser {
        let bytes: [UInt8]
        var at = 0

        private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

        /// `a|b|…` up to a `)` or the end: the largest branch.
        mutating func alternation() -> Int? {
            var best = 0
            while true {
                guard let branch = sequence() else { return nil }
                best = max(best, branch)
                if peek() == UInt8(ascii: "|") {
                    at += 1
                    continue
                }
                return best
            }
        }

        /// Atoms with their quantifiers, up to `|`, `)` or the end: their sum.
        mutating func sequence() -> Int? {
            var total = 0
            while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let one = atom(), let repeated = quantified(one) else { return nil }
                total += repeated
                if total > SeparatorBound.limit { return nil }
            }
            return total
        }

        /// One atom's count; the quantifier after it is read by ``quantified(_:)``.
        mutating func atom() -> Int? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "("):
                at += 1
                if peek() == UInt8(ascii: "?") {
                    // Only a non-capturing group: flags, look-arounds, comments and the rest
                    // are not read.
                    guard at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: ":") else { return nil }
                    at += 2
                }
                guard let inner = alternation(), peek() == UInt8(ascii: ")") else { return nil }
                at += 1
                return inner
            case UInt8(ascii: "["):
                return characterClass()
            case UInt8(ascii: "\\"):
                return escape()
            case UInt8(ascii: "."):
                at += 1
                return 1
            case UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"),
                UInt8(ascii: "{"):
                return nil
            default:
                at += 1
                return SeparatorBound.isSeparator(byte) ? 1 : 0
            }
        }

        /// An escape outside a class: zero-width assertions count nothing, classes that cannot
        /// match white space nothing, an escaped punctuation byte itself; anything else nil.
        mutating func escape() -> Int? {
            guard at + 1 < bytes.count else { return nil }
            let letter = bytes[at + 1]
            at += 2
            switch letter {
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "S"):
                return 0
            case UInt8(ascii: "s"), UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "t"), UInt8(ascii: "n"),
                UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "h"), UInt8(ascii: "v"):
                return 1
            default:
                // An escaped ASCII punctuation byte matches itself (and none of them is white space).
                return letter < 0x80 && !ASCII.isAlpha(letter) && !ASCII.isDigit(letter) && !SeparatorBound.isSeparator(letter) ? 0 : nil
            }
        }

        /// `[…]`: 1 when it can match a white-space byte, else 0; nil for what is not read.
        mutating func characterClass() -> Int? {
            at += 1
            var negated = false
            if peek() == UInt8(ascii: "^") {
                negated = true
                at += 1
            }
            var space = false
            var first = true
            while true {
                guard let byte = peek() else { return nil }
                if byte == UInt8(ascii: "]") && !first { break }
                first = false
                if byte == UInt8(ascii: "[") { return nil }  // POSIX classes: not read
                if byte == UInt8(ascii: "\\") {
                    guard at + 1 < bytes.count else { return nil }
                    let letter = bytes[at + 1]
                    at += 2
                    switch letter {
                    case UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "S"): break
                    case UInt8(ascii: "s"), UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "t"), UInt8(ascii: "n"),
                        UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "h"), UInt8(ascii: "v"):
                        space = true
                    default:
                        guard letter < 0x80, !ASCII.isAlpha(letter) && !ASCII.isDigit(letter), !SeparatorBound.isSeparator(letter) else {
                            return nil
                        }
                    }
                    continue
                }
                at += 1
                if SeparatorBound.isSeparator(byte) { space = true }
                // A range from below a white-space byte to above it (`[ -~]`, `[\x00-z]`).
                if peek() == UInt8(ascii: "-"), at + 1 < bytes.count, bytes[at + 1] != UInt8(ascii: "]") {
                    let upper = bytes[at + 1]
                    if upper == UInt8(ascii: "\\") || upper == UInt8(ascii: "[") { return nil }
                    at += 2
                    if byte <= 0x20 && upper >= 0x09 { space = true }
                }
            }
            at += 1
            return space != negated ? 1 : 0
        }

        /// `count` under the quantifier that follows, if any: times its upper bound; nil when
        /// that is unbounded and `count` is not 0. A lazy `?` after it changes nothing.
        mutating func quantified(_ count: Int) -> Int? {
            guard let byte = peek() else { return count }
            var upper: Int?
            switch byte {
            case UInt8(ascii: "?"):
                at += 1
                upper = 1
            case UInt8(ascii: "*"), UInt8(ascii: "+"):
                at += 1
                upper = nil
            case UInt8(ascii: "{"):
                guard let bound = braces() else { return nil }
                upper = bound.upper
            default:
                return count
            }
            if peek() == UInt8(ascii: "?") {
                at += 1
            } else if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "*") || peek() == UInt8(ascii: "{") {
                return nil  // possessive or stacked: not read
            }
            guard let upper else { return count == 0 ? 0 : nil }
            let product = count.multipliedReportingOverflow(by: upper)
            return product.overflow || product.partialValue > SeparatorBound.limit ? nil : product.partialValue
        }

        /// `{m}`, `{m,}` or `{m,n}`: the upper bound (nil: none); nil for anything else.
        mutating func braces() -> (low: Int, upper: Int?)? {
            var k = at + 1
            func number() -> Int? {
                var value = 0
                var digits = 0
                while k < bytes.count, ASCII.isDigit(bytes[k]), digits < 7 {
                    value = value * 10 + Int(bytes[k] - UInt8(ascii: "0"))
                    k += 1
                    digits += 1
                }
                return digits > 0 && !(k < bytes.count && ASCII.isDigit(bytes[k])) ? value : nil
            }
            guard let low = number(), k < bytes.count else { return nil }
            var upper: Int? = low
            if bytes[k] == UInt8(ascii: ",") {
                k += 1
                if k < bytes.count, bytes[k] == UInt8(ascii: "}") {
                    upper = nil
                } else {
                    guard let high = number(), high >= low else { return nil }
                    upper = high
                }
            }
            guard k < bytes.count, bytes[k] == UInt8(ascii: "}") else { return nil }
            at = k + 1
            return (low, upper)
        }
    }
}
