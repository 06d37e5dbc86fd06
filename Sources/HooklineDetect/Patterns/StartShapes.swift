import HooklineCore

/// A match's start read from the text before its end, without a ``StartFinder`` scan, for
/// the stream regexes whose matches are a short list of fixed-length shapes.
///
/// A finder scan costs ~5 k instructions whatever its window (~9 a message in the daemon's
/// mix), and most regexes that need one are a few words in alternation, `\b` around them
/// (`\binvoic(?:e|es|ed|ing)\b`, `\border (?:number|no|id)\b`): every match is one of a
/// few sequences of byte classes and word-boundary assertions. The leftmost start of the
/// matches ending at an offset is then that offset minus the length of the longest sequence
/// the text before it fits, as the finder reports it (the first report for an end is its
/// leftmost start).
///
/// Exact only where the reading below is sure to be Vectorscan's, so it answers nil (the
/// finder scans as before) otherwise: the expression is read only when it is ASCII with no
/// unbounded repeat, `.`, anchor, negated class or escape other than `\b \B \d \w \s`, the
/// control-letter escapes and escaped punctuation, and its widest sequence must be the
/// `max_width` Vectorscan computed (``widestLength(_:caseless:)``); and the text is read only when every byte a sequence or
/// its assertions could touch is printable ASCII, tab, newline or return (caseless Unicode
/// letters such as the Kelvin sign, `\s` on a vertical tab, `\b` beside a non-ASCII letter
/// are left to the finder).
final class StartShapes: Sendable {
    /// Per id: its first sequence's index in `sequenceStart` (-1: none), the sequences being
    /// `first ..< first + count`, longest first.
    private let firstByID: [Int32]
    private let countByID: [Int32]
    /// Per id: Vectorscan's `max_width`, the most bytes a match can hold (with caseless
    /// Unicode letters, ``widestLength(_:caseless:)``): every byte of any match ending at an
    /// offset lies within that many before it, so all are checked (``plain(_:)``).
    private let widestByID: [Int32]
    /// Each sequence's steps are `steps[sequenceStart[s] ..< sequenceStart[s + 1]]`; its byte
    /// length is `sequenceLength[s]`.
    private let sequenceStart: [Int32]
    private let sequenceLength: [Int32]
    /// A step: a class index (≥ 0, its 256 members at `classes[index * 256 ...]`), or
    /// ``boundary`` / ``notBoundary``.
    private let steps: [Int16]
    private let classes: [Bool]

    static let boundary: Int16 = -1
    static let notBoundary: Int16 = -2
    /// Sequences per pattern at most: a pattern with more is left to its finder (reading
    /// them all would cost what the scan does).
    static let maxSequences = 192

    /// `patterns`: each finder pattern's expression, caseless flag and `max_width`.
    init(_ patterns: [(id: UInt32, expression: String, caseless: Bool, width: Int)]) {
        var classIndex: [[Bool]: Int16] = [:]
        var classes: [Bool] = []
        var sequenceStart: [Int32] = []
        var sequenceLength: [Int32] = []
        var steps: [Int16] = []
        var entries: [(UInt32, Int32, Int32, Int32)] = []
        for pattern in patterns {
            guard pattern.id < 1 << 20,
                let read = Self.sequences(pattern.expression, caseless: pattern.caseless),
                read.map({ Self.length($0) }).min() ?? 0 > 0,
                read.map({ Self.widestLength($0, caseless: pattern.caseless) }).max() == pattern.width
            else { continue }
            let ordered = read.enumerated().sorted { a, b in
                let la = Self.length(a.element), lb = Self.length(b.element)
                return la != lb ? la > lb : a.offset < b.offset
            }.map(\.element)
            let first = Int32(sequenceLength.count)
            for sequence in ordered {
                sequenceStart.append(Int32(steps.count))
                sequenceLength.append(Int32(Self.length(sequence)))
                for step in sequence {
                    switch step {
                    case .boundary: steps.append(Self.boundary)
                    case .notBoundary: steps.append(Self.notBoundary)
                    case .member(let members):
                        if let k = classIndex[members] {
                            steps.append(k)
                        } else {
                            let k = Int16(classIndex.count)
                            classIndex[members] = k
                            classes += members
                            steps.append(k)
                        }
                    }
                }
            }
            entries.append((pattern.id, first, Int32(ordered.count), Int32(pattern.width)))
        }
        sequenceStart.append(Int32(steps.count))
        let top = Int(entries.map(\.0).max() ?? 0)
        var firstByID = [Int32](repeating: -1, count: entries.isEmpty ? 0 : top + 1)
        var countByID = [Int32](repeating: 0, count: firstByID.count)
        var widestByID = [Int32](repeating: 0, count: firstByID.count)
        for (id, first, count, widest) in entries {
            firstByID[Int(id)] = first
            countByID[Int(id)] = count
            widestByID[Int(id)] = widest
        }
        self.firstByID = firstByID
        self.countByID = countByID
        self.widestByID = widestByID
        self.sequenceStart = sequenceStart
        self.sequenceLength = sequenceLength
        self.steps = steps
        self.classes = classes
    }

    /// How many patterns have shapes.
    var count: Int { firstByID.lazy.filter { $0 >= 0 }.count }

    func has(_ id: UInt32) -> Bool { Int(id) < firstByID.count && firstByID[Int(id)] >= 0 }

    /// The leftmost start of pattern `id`'s matches ending at stream offset `end`, read from
    /// `recent` as the finder would read its window (the byte at `end` is the one after the
    /// match when `recent` holds it, else the text ends there); nil when this cannot say
    /// (no shapes, a byte it does not read, or no sequence fits: the finder decides).
    func start(_ id: UInt32, end: Int, in recent: ByteRing) -> Int? {
        let i = Int(id)
        guard i < firstByID.count, firstByID[i] >= 0 else { return nil }
        // Bytes `low ..< high`: every byte of any match ending at `end`, the one before the
        // longest (a leading assertion reads it) and the one after the end (a trailing one does).
        let low = max(0, end - Int(widestByID[i]) - 1)
        let high = min(recent.total, end + 1)
        guard low >= recent.oldest, end <= high else { return nil }
        let n = high - low
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { text -> Int? in
            guard recent.copy(from: low, to: high, into: text) else { return nil }
            for byte in text where !Self.plain(byte) { return nil }
            let first = Int(firstByID[i])
            for s in first..<(first + Int(countByID[i])) {
                let length = Int(sequenceLength[s])
                let start = end - length
                guard start >= 0 else { continue }
                if fits(s, text, at: start - low, endIndex: end - low) { return start }
            }
            return nil
        }
    }

    /// Whether sequence `s` fits `text` from index `at` to `endIndex`, read backwards from
    /// its last step (most sequences fail at their last byte or two). `text` ends after the
    /// byte after the match, or at the match's end when the text ends there.
    private func fits(_ s: Int, _ text: UnsafeMutableBufferPointer<UInt8>, at: Int, endIndex: Int) -> Bool {
        var q = endIndex
        var k = Int(sequenceStart[s + 1]) - 1
        let lowest = Int(sequenceStart[s])
        while k >= lowest {
            let step = steps[k]
            if step >= 0 {
                q -= 1
                if !classes[Int(step) &* 256 &+ Int(text[q])] { return false }
            } else {
                // At index q: the byte before (none before the stream's first byte: `text` then
                // starts at it) and the one at q (none past the text held).
                let before = q > 0 ? Self.isWord(text[q - 1]) : false
                let after = q < text.count ? Self.isWord(text[q]) : false
                if (before != after) != (step == Self.boundary) { return false }
            }
            k -= 1
        }
        return q == at
    }

    /// Printable ASCII, tab, newline and return: the bytes whose meaning to every class and
    /// assertion read here is the same with or without Unicode.
    static func plain(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte < 0x7F) || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `\w` without Unicode properties.
    static func isWord(_ byte: UInt8) -> Bool {
        ASCII.isAlpha(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "_")
    }

    // MARK: Reading the expression

    enum Step: Hashable {
        case member([Bool])
        case boundary
        case notBoundary
    }

    static func length(_ sequence: [Step]) -> Int {
        sequence.reduce(0) { n, step in
            if case .member = step { return n + 1 }
            return n
        }
    }

    /// `sequence`'s longest match in bytes with caseless Unicode letters, as Vectorscan counts
    /// `max_width`: a caseless `k` also matches the Kelvin sign (3 bytes), an `s` the long s
    /// (2 bytes). The text such a match is in is not read here (``plain(_:)``).
    static func widestLength(_ sequence: [Step], caseless: Bool) -> Int {
        sequence.reduce(0) { n, step in
            guard case .member(let members) = step else { return n }
            if caseless && members[Int(UInt8(ascii: "k"))] { return n + 3 }
            if caseless && members[Int(UInt8(ascii: "s"))] { return n + 2 }
            return n + 1
        }
    }

    /// Every sequence of classes and assertions `expression` matches, or nil when it is not
    /// read (see the type's comment) or has more than ``maxSequences``.
    static func sequences(_ expression: String, caseless: Bool) -> [[Step]]? {
        let bytes = Array(expression.utf8)
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        var parser = Parser(bytes: bytes, caseless: caseless)
        guard let all = parser.alternation(), parser.at == bytes.count, !all.isEmpty else { return nil }
        return all
    }

    private struct Parser {
        let bytes: [UInt8]
        let caseless: Bool
        var at = 0

        private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func alternation() -> [[Step]]? {
            var all: [[Step]] = []
            while true {
                guard let branch = sequence() else { return nil }
                all += branch
                if all.count > StartShapes.maxSequences { return nil }
                if peek() == UInt8(ascii: "|") {
                    at += 1
                    continue
                }
                return all
            }
        }

        mutating func sequence() -> [[Step]]? {
            var all: [[Step]] = [[]]
            while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let one = atom(), let repeated = quantified(one) else { return nil }
                var next: [[Step]] = []
                for a in all {
                    for b in repeated { next.append(a + b) }
                    if next.count > StartShapes.maxSequences { return nil }
                }
                all = next
            }
            return all
        }

        mutating func atom() -> [[Step]]? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "("):
                at += 1
                if peek() == UInt8(ascii: "?") {
                    guard at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: ":") else { return nil }
                    at += 2
                }
                guard let inner = alternation(), peek() == UInt8(ascii: ")") else { return nil }
                at += 1
                return inner
            case UInt8(ascii: "["):
                return characterClass().map { [[.member($0)]] }
            case UInt8(ascii: "\\"):
                return escape()
            case UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"):
                return nil
            default:
                at += 1
                return [[.member(members([byte]))]]
            }
        }

        /// The class of `list`, with the other case of its letters when caseless.
        func members(_ list: [UInt8]) -> [Bool] {
            var set = [Bool](repeating: false, count: 256)
            for b in list {
                set[Int(b)] = true
                if caseless && ASCII.isAlpha(b) { set[Int(b ^ 0x20)] = true }
            }
            return set
        }

        static let digits = Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
        static let word =
            digits + Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            + [UInt8(ascii: "_")]
        static let space: [UInt8] = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20]

        /// The members an escape letter stands for in or out of a class; nil when not read.
        static func escaped(_ letter: UInt8) -> [UInt8]? {
            switch letter {
            case UInt8(ascii: "d"): return digits
            case UInt8(ascii: "w"): return word
            case UInt8(ascii: "s"): return space
            case UInt8(ascii: "t"): return [0x09]
            case UInt8(ascii: "n"): return [0x0A]
            case UInt8(ascii: "r"): return [0x0D]
            default:
                return !ASCII.isAlpha(letter) && !ASCII.isDigit(letter) && letter > 0x20 ? [letter] : nil
            }
        }

        mutating func escape() -> [[Step]]? {
            guard at + 1 < bytes.count else { return nil }
            let letter = bytes[at + 1]
            at += 2
            if letter == UInt8(ascii: "b") { return [[.boundary]] }
            if letter == UInt8(ascii: "B") { return [[.notBoundary]] }
            return Self.escaped(letter).map { [[.member(members($0))]] }
        }

        /// `[…]`, not negated, of bytes, ranges and the escapes read; nil for anything else.
        mutating func characterClass() -> [Bool]? {
            at += 1
            if peek() == UInt8(ascii: "^") { return nil }
            var list: [UInt8] = []
            var first = true
            while true {
                guard let byte = peek() else { return nil }
                if byte == UInt8(ascii: "]") && !first { break }
                first = false
                if byte == UInt8(ascii: "[") { return nil }
                var low = byte
                if byte == UInt8(ascii: "\\") {
                    guard at + 1 < bytes.count, let members = Self.escaped(bytes[at + 1]) else { return nil }
                    at += 2
                    if members.count > 1 {
                        list += members
                        continue
                    }
                    low = members[0]
                } else {
                    at += 1
                }
                if peek() == UInt8(ascii: "-"), at + 1 < bytes.count, bytes[at + 1] != UInt8(ascii: "]") {
                    let high = bytes[at + 1]
                    guard high != UInt8(ascii: "\\"), high != UInt8(ascii: "["), high >= low else { return nil }
                    at += 2
                    list += Array(low...high)
                } else {
                    list.append(low)
                }
            }
            at += 1
            return members(list)
        }

        /// `one` under the quantifier after it: each count from the lower to the upper bound.
        mutating func quantified(_ one: [[Step]]) -> [[Step]]? {
            guard let byte = peek() else { return one }
            var low = 1
            var high = 1
            switch byte {
            case UInt8(ascii: "?"):
                at += 1
                low = 0
            case UInt8(ascii: "{"):
                guard let bound = braces() else { return nil }
                (low, high) = bound
            case UInt8(ascii: "*"), UInt8(ascii: "+"):
                return nil
            default:
                return one
            }
            // A lazy repeat has the same matches (Vectorscan reports them all); others not read.
            if peek() == UInt8(ascii: "?") {
                at += 1
            } else if let next = peek(), next == UInt8(ascii: "+") || next == UInt8(ascii: "*") || next == UInt8(ascii: "{") {
                return nil
            }
            var all: [[Step]] = []
            var power: [[Step]] = [[]]
            for count in 0...high {
                if count >= low { all += power }
                if all.count > StartShapes.maxSequences { return nil }
                if count == high { break }
                var next: [[Step]] = []
                for a in power {
                    for b in one { next.append(a + b) }
                    if next.count > StartShapes.maxSequences { return nil }
                }
                power = next
            }
            return all
        }

        /// `{m}` or `{m,n}`; nil for `{m,}` and anything else.
        mutating func braces() -> (Int, Int)? {
            var k = at + 1
            func number() -> Int? {
                var value = 0
                var digits = 0
                while k < bytes.count, ASCII.isDigit(bytes[k]), digits < 3 {
                    value = value * 10 + Int(bytes[k] - UInt8(ascii: "0"))
                    k += 1
                    digits += 1
                }
                return digits > 0 && !(k < bytes.count && ASCII.isDigit(bytes[k])) ? value : nil
            }
            guard let low = number(), k < bytes.count else { return nil }
            var high = low
            if bytes[k] == UInt8(ascii: ",") {
                k += 1
                guard let upper = number(), upper >= low else { return nil }
                high = upper
            }
            guard k < bytes.count, bytes[k] == UInt8(ascii: "}") else { return nil }
            at = k + 1
            return (low, high)
        }
    }
}
