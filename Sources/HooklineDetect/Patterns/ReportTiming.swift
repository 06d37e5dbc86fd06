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
        guard let top = RegexSyntax.parse(expression), let piece = alternation(top) else { return nil }
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

    /// A sequence ends as its last piece does, or as the part before it where that piece can
    /// consume nothing.
    static func sequence(_ nodes: [RegexNode]) -> Piece? {
        var whole = Piece.nothing
        for node in nodes {
            guard let piece = piece(node) else { return nil }
            var next = piece
            next.ends = (piece.ends & ~Ends.nothing) | (piece.ends & Ends.nothing != 0 ? whole.ends : 0)
            if piece.nullable { next.last.formUnion(whole.last) }
            next.nullable = whole.nullable && piece.nullable
            whole = next
        }
        return whole
    }

    /// An alternation ends as any branch.
    static func alternation(_ branches: [[RegexNode]]) -> Piece? {
        var all = Piece(ends: 0, nullable: false, last: ByteSet())
        for branch in branches {
            guard let one = sequence(branch) else { return nil }
            all.ends |= one.ends
            all.nullable = all.nullable || one.nullable
            all.last.formUnion(one.last)
        }
        return all
    }

    static func piece(_ node: RegexNode) -> Piece? {
        switch node {
        case .byte(let b): return .consuming(ByteSet.literal(b))
        case .character: return .consuming(.high)
        case .any: return .consuming(.all)
        // The stream's start: it reads no byte after, and a match that ends there is empty.
        // Flags alone (`(?i)`) match nothing.
        case .start, .flags: return .nothing
        case .end: return nil
        // `\b` and `\B` read the byte after.
        case .boundary: return .assertion
        case .escape(let letter): return ByteSet.escaped(letter).map { .consuming($0) }
        case .hex(let value): return .consuming(ByteSet.literal(value < 0x80 ? UInt8(value) : 0x80))
        case .set(let negated, let items): return .consuming(negated ? .all : members(items))
        case .group(let branches, _): return alternation(branches)
        case .repeated(let inner, let least, let most, _, _):
            // A minimum of 0 adds matching nothing, and a maximum of 0 leaves only that.
            guard let one = piece(inner) else { return nil }
            if most == 0 { return .nothing }
            guard least == 0 else { return one }
            var optional = one
            optional.ends |= Ends.nothing
            optional.nullable = true
            return optional
        }
    }

    /// A class's members: both cases of a letter, every byte for a member not read here
    /// (and `\b` is a backspace in a class).
    static func members(_ items: [ClassItem]) -> ByteSet {
        var set = ByteSet()
        for item in items {
            switch item {
            case .byte(let b): set.formUnion(ByteSet.literal(b))
            case .range(let low, let high): for b in low...high { set.formUnion(ByteSet.literal(b)) }
            case .escape(UInt8(ascii: "b")): set.insert(0x08)
            case .escape(let letter): set.formUnion(ByteSet.escaped(letter) ?? .all)
            case .hex(let value): set.formUnion(ByteSet.literal(value < 0x80 ? UInt8(value) : 0x80))
            case .character: set.formUnion(.high)
            }
        }
        return set
    }
}
