import HooklineCore

/// Which byte makes Vectorscan report a pattern's match, read from the expression: the match's
/// last byte (`late == false`), or the byte after it (`true`: every way the pattern can end is
/// a trailing `\b` or `\B`, which only that byte decides); nil when a match may end either way
/// (`\bfoo\b|bar`). Then ``lastBytes`` holds every byte such a match can end with (a superset).
///
/// ``PatternStream`` hands several views' bytes to one `hs_scan_stream` call and gives each
/// match the view of the byte that made Vectorscan report it, which is the view of the call
/// that reported it when each view had calls of its own: without a trailing assertion a match
/// is reported while its last byte is scanned, with one while the byte after it is (or at the
/// end of the stream). Both are the same byte's view unless the match ends where a view does,
/// and a view change after a byte that a pattern of either timing can end with starts a call
/// of its own.
///
/// The reading: each piece of the expression has the set of ways its matches can end
/// (consuming a byte, an assertion after the last byte it consumed, or neither: it matched
/// nothing), whether it can consume no byte, and the bytes it can consume last. A sequence
/// ends as its last piece does, or as the part before it where that piece can consume
/// nothing; a repeat as one turn of it (or nothing, with a minimum of 0); an alternation as
/// any branch. Bytes are over-counted where exactness would need more reading: every byte of
/// 0x80 and over for any non-ASCII character (caseless UTF-8 folds change them), both cases
/// of an ASCII letter, every byte for `.`, a negated class and the negated escapes.
struct ReportTiming {
    var late: Bool?
    var lastBytes: ByteSet

    /// nil for an expression this reading does not know (`$`, look-arounds, `\Q`, POSIX
    /// classes, back references, an `x` flag).
    static func reading(_ expression: String) -> ReportTiming? {
        var parser = Parser(bytes: Array(expression.utf8))
        guard let piece = parser.alternation(), parser.at == parser.bytes.count else { return nil }
        let late: Bool? =
            switch piece.ends {
            case Ends.assertion: true
            case Ends.consumed: false
            default: nil
            }
        return ReportTiming(late: late, lastBytes: piece.last)
    }

    /// `late` for each id of `specs` indexed by id, and the bytes a match of a pattern of
    /// neither timing can end with; nil when the ids are too sparse for an array (as
    /// ``PatternDatabase/startRule``) or an expression is not read.
    static func table(_ specs: [PatternSpec]) -> (late: [Bool], mixedEnds: ByteSet)? {
        guard let top = specs.map(\.id).max(), top < 1 << 20, Int(top) < 4 * specs.count + 1024 else { return nil }
        var late = [Bool](repeating: false, count: Int(top) + 1)
        var mixed = ByteSet()
        for spec in specs {
            guard let one = reading(spec.expression) else { return nil }
            if let known = one.late { late[Int(spec.id)] = known } else { mixed.formUnion(one.lastBytes) }
        }
        return (late, mixed)
    }

    /// The ways a piece's matches can end, as bits.
    enum Ends {
        static let consumed: UInt8 = 1
        static let assertion: UInt8 = 2
        static let nothing: UInt8 = 4
    }

    struct Piece {
        var ends: UInt8
        var nullable: Bool
        var last: ByteSet

        static let nothing = Piece(ends: Ends.nothing, nullable: true, last: ByteSet())
        static let assertion = Piece(ends: Ends.assertion, nullable: true, last: ByteSet())
        static func consuming(_ last: ByteSet) -> Piece { Piece(ends: Ends.consumed, nullable: false, last: last) }
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0

        private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

        /// `a|b|…` up to a `)` or the end: any branch's.
        mutating func alternation() -> Piece? {
            var all = Piece(ends: 0, nullable: false, last: ByteSet())
            while true {
                guard let branch = sequence() else { return nil }
                all.ends |= branch.ends
                all.nullable = all.nullable || branch.nullable
                all.last.formUnion(branch.last)
                if peek() == UInt8(ascii: "|") {
                    at += 1
                    continue
                }
                return all
            }
        }

        /// Atoms with their quantifiers, up to `|`, `)` or the end.
        mutating func sequence() -> Piece? {
            var whole = Piece.nothing
            while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let one = atom(), let piece = quantified(one) else { return nil }
                var next = piece
                next.ends = (piece.ends & ~Ends.nothing) | (piece.ends & Ends.nothing != 0 ? whole.ends : 0)
                if piece.nullable { next.last.formUnion(whole.last) }
                next.nullable = whole.nullable && piece.nullable
                whole = next
            }
            return whole
        }

        mutating func atom() -> Piece? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "("):
                at += 1
                if peek() == UInt8(ascii: "?") {
                    // A non-capturing group, with case or multi-line flags at most; flags alone
                    // (`(?i)`) match nothing. Look-arounds, comments, `x` and the rest are not read.
                    at += 1
                    while let flag = peek(),
                        flag == UInt8(ascii: "i") || flag == UInt8(ascii: "m") || flag == UInt8(ascii: "s")
                            || flag == UInt8(ascii: "-")
                    {
                        at += 1
                    }
                    if peek() == UInt8(ascii: ")") {
                        at += 1
                        return .nothing
                    }
                    guard peek() == UInt8(ascii: ":") else { return nil }
                    at += 1
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
                return .consuming(.all)
            case UInt8(ascii: "^"):
                // The stream's start: it reads no byte after, and a match that ends there is empty.
                at += 1
                return .nothing
            case UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"),
                UInt8(ascii: "{"), UInt8(ascii: ")"), UInt8(ascii: "|"):
                return nil
            default:
                at += 1
                return .consuming(ByteSet.literal(byte))
            }
        }

        /// An escape outside a class: `\b` and `\B` read the byte after; the classes, the
        /// control and hex escapes and escaped punctuation consume; anything else is not read.
        mutating func escape() -> Piece? {
            guard at + 1 < bytes.count else { return nil }
            let letter = bytes[at + 1]
            at += 2
            if letter == UInt8(ascii: "b") || letter == UInt8(ascii: "B") { return .assertion }
            if letter == UInt8(ascii: "x") {
                guard let value = hex() else { return nil }
                return .consuming(ByteSet.literal(value))
            }
            return ByteSet.escaped(letter).map { .consuming($0) }
        }

        /// After `\x`: `{…}` or up to two hex digits; the byte for an ASCII value, else every
        /// byte of 0x80 and over (the last byte of its UTF-8 form).
        mutating func hex() -> UInt8? {
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
            return value < 0x80 ? UInt8(value) : 0x80
        }

        static func hexDigit(_ b: UInt8) -> Int? {
            if ASCII.isDigit(b) { return Int(b - UInt8(ascii: "0")) }
            let lower = b | 0x20
            return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") ? Int(lower - UInt8(ascii: "a")) + 10 : nil
        }

        /// `[…]` consumes one character: its members' bytes (both cases, ranges of ASCII
        /// bytes), every byte when negated or for a member not read here.
        mutating func characterClass() -> Piece? {
            at += 1
            var negated = false
            if peek() == UInt8(ascii: "^") {
                negated = true
                at += 1
            }
            var set = ByteSet()
            var first = true
            var previous: UInt8? = nil
            while true {
                guard let byte = peek() else { return nil }
                if byte == UInt8(ascii: "]") && !first { break }
                first = false
                if byte == UInt8(ascii: "[") { return nil }
                if byte == UInt8(ascii: "\\") {
                    guard at + 1 < bytes.count else { return nil }
                    let letter = bytes[at + 1]
                    at += 2
                    if letter == UInt8(ascii: "x") {
                        guard let value = hex() else { return nil }
                        set.formUnion(ByteSet.literal(value))
                        previous = value < 0x80 ? value : nil
                    } else if letter == UInt8(ascii: "b") {
                        set.insert(0x08)
                        previous = nil
                    } else {
                        set.formUnion(ByteSet.escaped(letter) ?? .all)
                        previous = !ASCII.isAlpha(letter) && !ASCII.isDigit(letter) && letter < 0x80 ? letter : nil
                    }
                    continue
                }
                if byte == UInt8(ascii: "-"), let low = previous, at + 1 < bytes.count, bytes[at + 1] != UInt8(ascii: "]") {
                    let high = bytes[at + 1]
                    guard high < 0x80, high != UInt8(ascii: "\\"), high != UInt8(ascii: "["), low <= high else {
                        return nil
                    }
                    for b in low...high { set.formUnion(ByteSet.literal(b)) }
                    at += 2
                    previous = nil
                    continue
                }
                set.formUnion(ByteSet.literal(byte))
                previous = byte < 0x80 ? byte : nil
                at += 1
            }
            at += 1
            return .consuming(negated ? .all : set)
        }

        /// The quantifier after an atom, if any: a minimum of 0 adds matching nothing, and a
        /// maximum of 0 leaves only that.
        mutating func quantified(_ one: Piece) -> Piece? {
            guard let byte = peek() else { return one }
            var least = 1
            var most: Int? = 1
            switch byte {
            case UInt8(ascii: "?"):
                least = 0
                at += 1
            case UInt8(ascii: "*"):
                least = 0
                most = nil
                at += 1
            case UInt8(ascii: "+"):
                most = nil
                at += 1
            case UInt8(ascii: "{"):
                at += 1
                guard let low = number() else { return nil }
                least = low
                most = low
                if peek() == UInt8(ascii: ",") {
                    at += 1
                    most = number()
                }
                guard peek() == UInt8(ascii: "}") else { return nil }
                at += 1
            default:
                return one
            }
            if let next = peek(), next == UInt8(ascii: "?") || next == UInt8(ascii: "+") { at += 1 }
            if most == 0 { return .nothing }
            guard least == 0 else { return one }
            var optional = one
            optional.ends |= Ends.nothing
            optional.nullable = true
            return optional
        }

        mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while let b = peek(), ASCII.isDigit(b), digits < 7 {
                value = value * 10 + Int(b - UInt8(ascii: "0"))
                digits += 1
                at += 1
            }
            return digits > 0 ? value : nil
        }
    }
}

/// A set of bytes.
struct ByteSet: Equatable {
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
        case UInt8(ascii: "t"): set.insert(0x09)
        case UInt8(ascii: "n"): set.insert(0x0A)
        case UInt8(ascii: "r"): set.insert(0x0D)
        case UInt8(ascii: "f"): set.insert(0x0C)
        case UInt8(ascii: "e"): set.insert(0x1B)
        case UInt8(ascii: "a"): set.insert(0x07)
        case UInt8(ascii: "D"), UInt8(ascii: "W"), UInt8(ascii: "S"), UInt8(ascii: "h"), UInt8(ascii: "H"),
            UInt8(ascii: "v"), UInt8(ascii: "V"):
            return all
        default:
            guard letter < 0x80, !ASCII.isAlpha(letter), !ASCII.isDigit(letter) else { return nil }
            set.insert(letter)
        }
        return set
    }
}
