import HooklineCore

/// A pattern expression read into a small syntax tree, for the analyses that read a regex
/// at compile time (``ReportTiming``, ``SeparatorBound``, ``StartShapes``): one grammar, so
/// the three cannot disagree on what an expression says; each analysis walks the tree and
/// answers nil for a node it does not read.
///
/// The grammar is the part of Vectorscan's (PCRE's) syntax the rule files use: alternation,
/// groups `(…)`, `(?:…)` and `(?ims-ims:…)`, bare flags `(?i)`, classes of bytes, ranges and
/// escapes, `.`, `^`, `$`, escapes, and the quantifiers `? * + {m} {m,} {m,n}`, each lazy
/// (`?`) or possessive (`+`). Anything else (look-arounds, comments, `\Q…\E`, POSIX classes,
/// back references written as groups, stacked quantifiers, a range that ends in an escape or a
/// non-ASCII character) makes the whole expression unread: nil from ``parse(_:)``. Escapes
/// are kept as their letter, because what `\e` or `\h` means to an analysis is that
/// analysis's call (one may count it, another refuse it).
indirect enum RegexNode: Equatable {
    /// An ASCII byte matched as itself.
    case byte(UInt8)
    /// A non-ASCII character: its UTF-8 bytes.
    case character([UInt8])
    /// `.`
    case any
    /// `^`
    case start
    /// `$`
    case end
    /// `\b` (true) or `\B` (false).
    case boundary(Bool)
    /// `\` and a letter (not `b`, `B`, `x`) or a punctuation byte.
    case escape(UInt8)
    /// `\xHH` or `\x{…}`: the code point.
    case hex(Int)
    /// `(?i)`, `(?-m)`: flags for the rest of the group; it matches nothing.
    case flags
    /// `[…]`.
    case set(negated: Bool, items: [ClassItem])
    /// A group: an alternation of sequences. `flagged`: `(?i:…)`, flags of its own.
    case group([[RegexNode]], flagged: Bool)
    /// `node` repeated `least` to `most` times (nil: no upper bound); `lazy` and `possessive`
    /// as written after the quantifier.
    case repeated(RegexNode, least: Int, most: Int?, lazy: Bool, possessive: Bool)
}

/// A member of a class `[…]`.
enum ClassItem: Equatable {
    /// An ASCII byte.
    case byte(UInt8)
    /// `a-z`: an inclusive range of ASCII bytes (the first may be written as an escape that is
    /// one byte: `\.`, `\t`, `\x41`).
    case range(UInt8, UInt8)
    /// `\` and a letter or punctuation byte, not the start of a range (`\d`, `\s`, `\b`, `\.`).
    case escape(UInt8)
    /// `\xHH` or `\x{…}`, not the start of a range: the code point.
    case hex(Int)
    /// A non-ASCII character: its UTF-8 bytes.
    case character([UInt8])
}

enum RegexSyntax {
    /// The expression as the alternation of sequences it is at its top; nil when it is not read.
    static func parse(_ expression: String) -> [[RegexNode]]? {
        var parser = Parser(bytes: Array(expression.utf8))
        guard let top = parser.alternation(), parser.at == parser.bytes.count else { return nil }
        return top
    }

    /// Groups nested deeper than this are not read (the analyses recurse once per group).
    static let maxDepth = 64
    /// Repeat bounds with more digits than this are not read.
    static let maxBoundDigits = 7

    /// The byte an escape letter stands for when it is one byte (`\t`, `\.`); nil for a class
    /// (`\d`), an assertion or a letter not read.
    static func escapedByte(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "e"): return 0x1B
        case UInt8(ascii: "a"): return 0x07
        default: return isPunctuation(letter) ? letter : nil
        }
    }

    /// An ASCII byte other than a letter or digit: escaped, it matches itself.
    static func isPunctuation(_ byte: UInt8) -> Bool {
        byte < 0x80 && !ASCII.isAlpha(byte) && !ASCII.isDigit(byte)
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0
        var depth = 0

        private func peek(_ ahead: Int = 0) -> UInt8? { at + ahead < bytes.count ? bytes[at + ahead] : nil }

        /// `a|b|…` up to a `)` or the end.
        mutating func alternation() -> [[RegexNode]]? {
            var branches: [[RegexNode]] = []
            while true {
                guard let branch = sequence() else { return nil }
                branches.append(branch)
                guard peek() == UInt8(ascii: "|") else { return branches }
                at += 1
            }
        }

        /// Atoms with their quantifiers, up to `|`, `)` or the end.
        mutating func sequence() -> [RegexNode]? {
            var nodes: [RegexNode] = []
            while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let one = atom(), let node = quantified(one) else { return nil }
                nodes.append(node)
            }
            return nodes
        }

        mutating func atom() -> RegexNode? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "("):
                return group()
            case UInt8(ascii: "["):
                return characterClass()
            case UInt8(ascii: "\\"):
                return escape()
            case UInt8(ascii: "."):
                at += 1
                return .any
            case UInt8(ascii: "^"):
                at += 1
                return .start
            case UInt8(ascii: "$"):
                at += 1
                return .end
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                return nil
            default:
                if byte >= 0x80 { return .character(character()) }
                at += 1
                return .byte(byte)
            }
        }

        /// `(…)`, `(?:…)`, `(?flags:…)` or bare `(?flags)`; nil for any other `(?`.
        mutating func group() -> RegexNode? {
            guard depth < RegexSyntax.maxDepth else { return nil }
            at += 1
            var flagged = false
            if peek() == UInt8(ascii: "?") {
                at += 1
                while let flag = peek(),
                    flag == UInt8(ascii: "i") || flag == UInt8(ascii: "m") || flag == UInt8(ascii: "s")
                        || flag == UInt8(ascii: "-")
                {
                    flagged = true
                    at += 1
                }
                if peek() == UInt8(ascii: ")") {
                    at += 1
                    return .flags
                }
                guard peek() == UInt8(ascii: ":") else { return nil }
                at += 1
            }
            depth += 1
            defer { depth -= 1 }
            guard let inner = alternation(), peek() == UInt8(ascii: ")") else { return nil }
            at += 1
            return .group(inner, flagged: flagged)
        }

        /// The bytes of the (whole, multi-byte) character at `at`, which it passes.
        mutating func character() -> [UInt8] {
            var out = [bytes[at]]
            at += 1
            while let b = peek(), b & 0xC0 == 0x80 {
                out.append(b)
                at += 1
            }
            return out
        }

        /// An escape outside a class.
        mutating func escape() -> RegexNode? {
            guard let letter = peek(1) else { return nil }
            at += 2
            switch letter {
            case UInt8(ascii: "b"): return .boundary(true)
            case UInt8(ascii: "B"): return .boundary(false)
            case UInt8(ascii: "x"): return hex().map { .hex($0) }
            default: return letter < 0x80 ? .escape(letter) : nil
            }
        }

        /// After `\x`: `{…}` or up to two hex digits (none: 0).
        mutating func hex() -> Int? {
            var value = 0
            if peek() == UInt8(ascii: "{") {
                at += 1
                while let b = peek(), b != UInt8(ascii: "}") {
                    guard let digit = Self.hexDigit(b) else { return nil }
                    value = min(value * 16 + digit, 0x110000)
                    at += 1
                }
                guard peek() == UInt8(ascii: "}") else { return nil }
                at += 1
            } else {
                var n = 0
                while n < 2, let b = peek(), let digit = Self.hexDigit(b) {
                    value = value * 16 + digit
                    at += 1
                    n += 1
                }
            }
            return value
        }

        static func hexDigit(_ b: UInt8) -> Int? {
            if ASCII.isDigit(b) { return Int(b - UInt8(ascii: "0")) }
            let lower = b | 0x20
            return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") ? Int(lower - UInt8(ascii: "a")) + 10 : nil
        }

        /// `[…]`: a `]` first is a member; `[` inside (POSIX classes, nesting) is not read.
        mutating func characterClass() -> RegexNode? {
            at += 1
            var negated = false
            if peek() == UInt8(ascii: "^") {
                negated = true
                at += 1
            }
            var items: [ClassItem] = []
            var first = true
            while true {
                guard let byte = peek() else { return nil }
                if byte == UInt8(ascii: "]") && !first { break }
                first = false
                if byte == UInt8(ascii: "[") { return nil }
                let item: ClassItem
                if byte >= 0x80 {
                    item = .character(character())
                } else if byte == UInt8(ascii: "\\") {
                    guard let letter = peek(1) else { return nil }
                    at += 2
                    if letter == UInt8(ascii: "x") {
                        guard let value = hex() else { return nil }
                        item = .hex(value)
                    } else {
                        guard letter < 0x80 else { return nil }
                        item = .escape(letter)
                    }
                } else {
                    at += 1
                    item = .byte(byte)
                }
                guard peek() == UInt8(ascii: "-"), let after = peek(1), after != UInt8(ascii: "]") else {
                    items.append(item)
                    continue
                }
                // A range: from one byte (as written, or an escape of one byte) to a plain ASCII byte.
                let low: UInt8?
                switch item {
                case .byte(let b): low = b
                case .escape(let letter): low = RegexSyntax.escapedByte(letter)
                case .hex(let value): low = value < 0x80 ? UInt8(value) : nil
                case .range, .character: low = nil
                }
                guard let low, after < 0x80, after != UInt8(ascii: "\\"), after != UInt8(ascii: "["), low <= after
                else { return nil }
                at += 2
                items.append(.range(low, after))
            }
            at += 1
            return .set(negated: negated, items: items)
        }

        /// The quantifier after `one`, if any, and a lazy or possessive mark after it; a second
        /// quantifier after that is not read.
        mutating func quantified(_ one: RegexNode) -> RegexNode? {
            guard let byte = peek() else { return one }
            var least = 1
            var most: Int? = 1
            switch byte {
            case UInt8(ascii: "?"):
                least = 0
            case UInt8(ascii: "*"):
                least = 0
                most = nil
            case UInt8(ascii: "+"):
                most = nil
            case UInt8(ascii: "{"):
                guard let bounds = braces() else { return nil }
                (least, most) = bounds
            default:
                return one
            }
            if byte != UInt8(ascii: "{") { at += 1 }
            var lazy = false
            var possessive = false
            if peek() == UInt8(ascii: "?") {
                lazy = true
                at += 1
            } else if peek() == UInt8(ascii: "+") {
                possessive = true
                at += 1
            }
            if let next = peek(),
                next == UInt8(ascii: "*") || next == UInt8(ascii: "+") || next == UInt8(ascii: "?") || next == UInt8(ascii: "{")
            {
                return nil
            }
            return .repeated(one, least: least, most: most, lazy: lazy, possessive: possessive)
        }

        /// `{m}`, `{m,}` or `{m,n}` with `m <= n`, which it passes.
        mutating func braces() -> (Int, Int?)? {
            var k = at + 1
            func number() -> Int? {
                var value = 0
                var digits = 0
                while k < bytes.count, ASCII.isDigit(bytes[k]) {
                    digits += 1
                    guard digits <= RegexSyntax.maxBoundDigits else { return nil }
                    value = value * 10 + Int(bytes[k] - UInt8(ascii: "0"))
                    k += 1
                }
                return digits > 0 ? value : nil
            }
            guard let low = number(), k < bytes.count else { return nil }
            var high: Int? = low
            if bytes[k] == UInt8(ascii: ",") {
                k += 1
                if k < bytes.count, bytes[k] == UInt8(ascii: "}") {
                    high = nil
                } else {
                    guard let upper = number(), upper >= low else { return nil }
                    high = upper
                }
            }
            guard k < bytes.count, bytes[k] == UInt8(ascii: "}") else { return nil }
            at = k + 1
            return (low, high)
        }
    }
}
