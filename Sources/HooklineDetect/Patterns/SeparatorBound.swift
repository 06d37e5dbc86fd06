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
        RegexSyntax.parse(expression).flatMap(alternation)
    }

    /// Counts beyond this are treated as unbounded (no overflow, and a window that long
    /// would save nothing).
    static let limit = 1 << 20

    /// The largest branch.
    static func alternation(_ branches: [[RegexNode]]) -> Int? {
        var best = 0
        for branch in branches {
            var total = 0
            for node in branch {
                guard let one = count(node) else { return nil }
                total += one
                if total > limit { return nil }
            }
            best = max(best, total)
        }
        return best
    }

    static func count(_ node: RegexNode) -> Int? {
        switch node {
        case .byte(let b): return isSeparator(b) ? 1 : 0
        case .character, .boundary: return 0
        case .any: return 1
        case .escape(let letter): return escaped(letter)
        // Anchors, flags, `\x` and the rest are not read.
        case .start, .end, .hex, .flags, .group(_, flagged: true): return nil
        case .group(let branches, flagged: false): return alternation(branches)
        case .set(let negated, let items):
            var space = false
            for item in items {
                switch item {
                case .byte(let b): space = space || isSeparator(b)
                // A range from below a white-space byte to above it (`[ -~]`).
                case .range(let low, let high): space = space || isSeparator(low) || (low <= 0x20 && high >= 0x09)
                case .escape(let letter):
                    guard let k = escaped(letter) else { return nil }
                    space = space || k == 1
                case .hex: return nil
                case .character: break
                }
            }
            return space != negated ? 1 : 0
        case .repeated(let inner, _, let most, _, let possessive):
            // Times its upper bound; unbounded only when it counts nothing.
            guard !possessive, let one = count(inner) else { return nil }
            guard let most else { return one == 0 ? 0 : nil }
            let product = one.multipliedReportingOverflow(by: most)
            return product.overflow || product.partialValue > limit ? nil : product.partialValue
        }
    }

    /// An escaped letter or punctuation byte in or out of a class: 1 for one that can match
    /// white space, 0 for one that cannot; nil for one not read (the zero-width ones are
    /// ``RegexNode/boundary(_:)`` out of a class, and a backspace in one).
    static func escaped(_ letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "S"):
            return 0
        case UInt8(ascii: "s"), UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "t"), UInt8(ascii: "n"),
            UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "h"), UInt8(ascii: "v"):
            return 1
        default:
            // An escaped ASCII punctuation byte matches itself.
            return RegexSyntax.isPunctuation(letter) && !isSeparator(letter) ? 0 : nil
        }
    }
}
