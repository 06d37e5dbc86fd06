import HooklineCore

/// A match's start read from the text before its end, without a ``StartFinder`` scan, for
/// the stream regexes whose matches are a bounded set of fixed-length shapes.
///
/// A finder scan costs ~5 k instructions whatever its window (~9 a message in the daemon's
/// mix), and most regexes that need one are a few words in alternation, `\b` around them
/// (`\binvoic(?:e|es|ed|ing)\b`, `\border (?:number|no|id)\b`) or amounts of a few digits:
/// every match is one of a finite set of sequences of byte classes and word-boundary
/// assertions. The leftmost start of the matches ending at an offset is then that offset
/// minus the most bytes a sequence that fits the text before it reads, as the finder
/// reports it (the first report for an end is its leftmost start).
///
/// Exact only where the reading below is sure to be Vectorscan's, so it answers nil (the
/// finder scans as before) otherwise: the expression is read only when it is ASCII (but for
/// a few symbols without case, ``symbols``) with no unbounded repeat, `.`, anchor, negated
/// class or escape other than `\b \B \d \w \s`, the control-letter escapes and escaped
/// punctuation, and its widest sequence must be the `max_width` Vectorscan computed
/// (``widestLength(_:caseless:)``); and the text is read only when no byte any match ending
/// there could touch is one whose meaning this reading could get wrong (``readable(_:)``:
/// control bytes, caseless Unicode letters such as the Kelvin sign and the long s).
final class StartShapes: @unchecked Sendable {
    /// Per id: the root of its sequences' trie (-1: none). The trie holds each sequence
    /// backwards from its last step, so the text is read backwards from a match's end and
    /// sequences that end alike are read once (the money regexes have hundreds).
    private let rootByID: [Int32]
    /// Per id: Vectorscan's `max_width`, the most bytes a match can hold (with caseless
    /// Unicode letters, ``widestLength(_:caseless:)``): every byte of any match ending at an
    /// offset lies within that many before it, so all are checked (``readable(_:)``).
    private let widestByID: [Int32]
    /// Node `v`'s edges are `edgeStep[e]` to `edgeTarget[e]` for `e` in
    /// `edgeStart[v] ..< edgeStart[v + 1]`; `accepting[v]`: a sequence begins there (its
    /// steps read, the match's start reached); `deepest[v]`: the most bytes a path below `v`
    /// reads, so a branch that cannot beat the longest fit found is not read.
    ///
    /// The tables are read-only memory of their own, freed with this object: as arrays, each
    /// node of the walk retained and released them and checked every index (the walk cost
    /// more than the finder scans it saved).
    private let edgeStart: UnsafeMutablePointer<Int32>
    private let edgeStep: UnsafeMutablePointer<Int16>
    private let edgeTarget: UnsafeMutablePointer<Int32>
    private let accepting: UnsafeMutablePointer<Bool>
    private let deepest: UnsafeMutablePointer<Int32>
    /// A step: a class index (≥ 0, its 256 members at `classes[index * 256 ...]`), or
    /// ``boundary`` / ``notBoundary``.
    private let classes: UnsafeMutablePointer<Bool>

    static let boundary: Int16 = -1
    static let notBoundary: Int16 = -2
    /// Sequences per pattern at most: a pattern with more is left to its finder. 512 takes in
    /// the money regexes (300–400 sequences each), left to their finder at 192. With the trie
    /// built as an array of edges per node, 512 raised the peak memory of `scan` on one message
    /// from 45.5 to 49.5 MB (4,096: 63 MB), past what the daemon's 48 MiB bar allows; built in
    /// flat arrays, with sequences as class codes (``ClassTable``), 41.8 MB.
    static let maxSequences = 512

    /// `patterns`: each finder pattern's expression, caseless flag and `max_width`.
    init(_ patterns: [(id: UInt32, expression: String, caseless: Bool, width: Int)]) {
        var table = ClassTable()
        // The trie while it is built: each node's edges a list through `next` (in the order they
        // were added), in flat arrays, flattened at the end: an array of edges per node was a
        // heap allocation per node, and most of loading's peak memory (``maxSequences``).
        var firstEdge: [Int32] = []
        var lastEdge: [Int32] = []
        var step: [Int16] = []
        var target: [Int32] = []
        var next: [Int32] = []
        var accepting: [Bool] = []
        func addNode() -> Int32 {
            firstEdge.append(-1)
            lastEdge.append(-1)
            accepting.append(false)
            return Int32(firstEdge.count - 1)
        }
        var roots: [(UInt32, Int32, Int32)] = []
        for pattern in patterns {
            guard pattern.id < 1 << 20, table.sets.count < 4096,
                let read = Self.sequences(pattern.expression, caseless: pattern.caseless, table: &table),
                read.map({ Self.length($0) }).min() ?? 0 > 0,
                read.map({ Self.widestLength($0, caseless: pattern.caseless, table) }).max() == pattern.width
            else { continue }
            let root = addNode()
            for sequence in read {
                var node = root
                for code in sequence.reversed() {
                    var e = firstEdge[Int(node)]
                    while e >= 0, step[Int(e)] != code { e = next[Int(e)] }
                    if e >= 0 {
                        node = target[Int(e)]
                        continue
                    }
                    let child = addNode()
                    let edge = Int32(step.count)
                    step.append(code)
                    target.append(child)
                    next.append(-1)
                    if lastEdge[Int(node)] >= 0 { next[Int(lastEdge[Int(node)])] = edge } else { firstEdge[Int(node)] = edge }
                    lastEdge[Int(node)] = edge
                    node = child
                }
                accepting[Int(node)] = true
            }
            roots.append((pattern.id, root, Int32(pattern.width)))
        }
        // Deepest first: children are always numbered after their parent.
        let nodes = firstEdge.count
        var deepest = [Int32](repeating: 0, count: nodes)
        for v in stride(from: nodes - 1, through: 0, by: -1) {
            var e = firstEdge[v]
            while e >= 0 {
                let below = deepest[Int(target[Int(e)])] + (step[Int(e)] >= 0 ? 1 : 0)
                deepest[v] = max(deepest[v], below)
                e = next[Int(e)]
            }
        }
        var edgeStart: [Int32] = []
        var edgeStep: [Int16] = []
        var edgeTarget: [Int32] = []
        edgeStart.reserveCapacity(nodes + 1)
        edgeStep.reserveCapacity(step.count)
        edgeTarget.reserveCapacity(step.count)
        for v in 0..<nodes {
            edgeStart.append(Int32(edgeStep.count))
            var e = firstEdge[v]
            while e >= 0 {
                edgeStep.append(step[Int(e)])
                edgeTarget.append(target[Int(e)])
                e = next[Int(e)]
            }
        }
        edgeStart.append(Int32(edgeStep.count))
        let top = Int(roots.map(\.0).max() ?? 0)
        var rootByID = [Int32](repeating: -1, count: roots.isEmpty ? 0 : top + 1)
        var widestByID = [Int32](repeating: 0, count: rootByID.count)
        for (id, root, widest) in roots {
            rootByID[Int(id)] = root
            widestByID[Int(id)] = widest
        }
        self.rootByID = rootByID
        self.widestByID = widestByID
        self.edgeStart = Self.held(edgeStart)
        self.edgeStep = Self.held(edgeStep)
        self.edgeTarget = Self.held(edgeTarget)
        self.accepting = Self.held(accepting)
        self.deepest = Self.held(deepest)
        var classes: [Bool] = []
        classes.reserveCapacity(table.sets.count * 256)
        for set in table.sets { classes += set.bools }
        self.classes = Self.held(classes)
    }

    deinit {
        edgeStart.deallocate()
        edgeStep.deallocate()
        edgeTarget.deallocate()
        accepting.deallocate()
        deepest.deallocate()
        classes.deallocate()
    }

    /// `array`'s elements in memory of their own (at least one element's room).
    private static func held<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let memory = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        array.withUnsafeBufferPointer { if let base = $0.baseAddress { memory.initialize(from: base, count: array.count) } }
        return memory
    }

    /// How many patterns have shapes.
    var count: Int { rootByID.lazy.filter { $0 >= 0 }.count }

    func has(_ id: UInt32) -> Bool { Int(id) < rootByID.count && rootByID[Int(id)] >= 0 }

    /// The leftmost start of pattern `id`'s matches ending at stream offset `end`, read from
    /// `recent` as the finder would read its window (the byte at `end` is the one after the
    /// match when `recent` holds it, else the text ends there); nil when this cannot say
    /// (no shapes, a byte it does not read, or no sequence fits: the finder decides).
    func start(_ id: UInt32, end: Int, in recent: ByteRing) -> Int? {
        let i = Int(id)
        guard i < rootByID.count, rootByID[i] >= 0 else { return nil }
        // Bytes `low ..< high`: every byte of any match ending at `end`, the one before the
        // longest (a leading assertion reads it) and the one after the end (a trailing one does).
        // An E2 just before `low` (a Kelvin sign's lead byte) leaves no match: it is outside the
        // widest match's reach, and its other bytes are in no class.
        let low = max(0, end - Int(widestByID[i]) - 1)
        let high = min(recent.total, end + 1)
        guard low >= recent.oldest, end <= high else { return nil }
        let n = high - low
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { text -> Int? in
            guard recent.copy(from: low, to: high, into: text) else { return nil }
            guard Self.readable(text) else { return nil }
            var best = -1
            longest(from: Int(rootByID[i]), text, at: end - low, read: 0, best: &best)
            return best < 0 ? nil : end - best
        }
    }

    /// The most bytes a path from `node` reads while fitting `text` backwards from index
    /// `at`, `read` bytes already read, into `best` (unchanged when none fits or none beats it).
    private func longest(from first: Int, _ text: UnsafeMutableBufferPointer<UInt8>, at: Int, read: Int, best: inout Int) {
        var node = first
        var at = at
        var read = read
        // A node with one edge (most, past where sequences part) is followed in this loop, not
        // by a call per byte.
        while true {
            if accepting[node] && read > best { best = read }
            let low = Int(edgeStart[node])
            let high = Int(edgeStart[node + 1])
            if high - low != 1 { break }
            let target = Int(edgeTarget[low])
            guard let next = advance(edgeStep[low], target, text, at: at, read: read, best: best) else { return }
            node = target
            at = next
            if edgeStep[low] >= 0 { read += 1 }
        }
        for e in Int(edgeStart[node])..<Int(edgeStart[node + 1]) {
            let step = edgeStep[e]
            let target = Int(edgeTarget[e])
            guard let next = advance(step, target, text, at: at, read: read, best: best) else { continue }
            longest(from: target, text, at: next, read: step >= 0 ? read + 1 : read, best: &best)
        }
    }

    /// Where the text is read next after taking `step` to `target` at index `at` (`read`
    /// bytes read so far); nil when the step does not fit, or nothing below `target` can
    /// read more than `best`.
    @inline(__always)
    private func advance(
        _ step: Int16, _ target: Int, _ text: UnsafeMutableBufferPointer<UInt8>, at: Int, read: Int, best: Int
    )
        -> Int?
    {
        if step >= 0 {
            guard at > 0, read + 1 + Int(deepest[target]) > best, classes[Int(step) &* 256 &+ Int(text[at - 1])] else {
                return nil
            }
            return at - 1
        }
        guard read + Int(deepest[target]) > best else { return nil }
        // At index `at`: the byte before (none before the stream's first byte: `text` then
        // starts at it) and the one at `at` (none past the text held).
        let before = at > 0 ? Self.isWord(text[at - 1]) : false
        let after = at < text.count ? Self.isWord(text[at]) : false
        return (before != after) == (step == Self.boundary) ? at : nil
    }

    /// Whether `text` holds only bytes whose meaning to every step read here is the same as
    /// to Vectorscan: no control byte but tab, newline and return (`\s` and a vertical tab),
    /// no DEL, and no character that a caseless ASCII letter also matches (the long s,
    /// U+017F, lead byte C5; the Kelvin sign, U+212A, E2 84 AA: the whole C5 lead and the E2 84
    /// block are left out). Other non-ASCII characters are in no class read here and not word
    /// characters to `\b` (no Unicode properties); whole characters, as the text is UTF-8.
    ///
    /// Eight bytes a step: a word of printable ASCII alone (0x20–0x7E: no byte below 0x20,
    /// none with the high bit, no DEL) needs no closer look; another goes byte by byte. The
    /// window is read on every shaped start (~14 a message), and most windows are words.
    static func readable(_ text: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let n = text.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var k = 0
        while k + 8 <= n {
            let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
            // Exact tests for "some byte below 0x20" and "some byte is 0x7F" (a zero byte
            // in word ^ 0x7F…), given no byte has its high bit (the first term).
            let below = (word &- ones &* 0x20) & ~word & high
            let del = word ^ (ones &* 0x7F)
            if (word & high) | below | ((del &- ones) & ~del & high) != 0 {
                for j in k..<k + 8 where !readableByte(text, j) { return false }
            }
            k += 8
        }
        while k < n {
            if !readableByte(text, k) { return false }
            k += 1
        }
        return true
    }

    /// The byte at `k` as ``readable(_:)`` reads it (a Kelvin sign's E2 84 by its first byte).
    @inline(__always)
    private static func readableByte(_ text: UnsafeMutableBufferPointer<UInt8>, _ k: Int) -> Bool {
        let byte = text[k]
        if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        if byte == 0x7F || byte == 0xC5 { return false }
        return !(byte == 0xE2 && k + 1 < text.count && text[k + 1] == 0x84)
    }

    /// `\w` without Unicode properties.
    static func isWord(_ byte: UInt8) -> Bool {
        ASCII.isAlpha(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "_")
    }

    // MARK: Reading the expression

    /// The classes of the expressions read, each a code (its index in `sets`): a sequence is
    /// read as codes, ``boundary`` and ``notBoundary``, so each of its steps is two bytes while
    /// an expression is expanded, and a class is hashed once where it is written, not once per
    /// step of every sequence.
    struct ClassTable {
        private var index: [ByteSet: Int16] = [:]
        private(set) var sets: [ByteSet] = []

        mutating func code(_ set: ByteSet) -> Int16 {
            if let k = index[set] { return k }
            let k = Int16(truncatingIfNeeded: sets.count)
            index[set] = k
            sets.append(set)
            return k
        }
    }

    static func length(_ sequence: [Int16]) -> Int {
        sequence.reduce(0) { n, step in step >= 0 ? n + 1 : n }
    }

    /// `sequence`'s longest match in bytes with caseless Unicode letters, as Vectorscan counts
    /// `max_width`: a caseless `k` also matches the Kelvin sign (3 bytes), an `s` the long s
    /// (2 bytes). The text such a match is in is not read here (``readable(_:)``).
    static func widestLength(_ sequence: [Int16], caseless: Bool, _ table: ClassTable) -> Int {
        sequence.reduce(0) { n, step in
            guard step >= 0 else { return n }
            let members = table.sets[Int(step)]
            if caseless && members.contains(UInt8(ascii: "k")) { return n + 3 }
            if caseless && members.contains(UInt8(ascii: "s")) { return n + 2 }
            return n + 1
        }
    }

    /// Every sequence of classes (codes in `table`) and assertions `expression` matches, or
    /// nil when it is not read (see the type's comment) or has more than ``maxSequences``.
    static func sequences(_ expression: String, caseless: Bool, table: inout ClassTable) -> [[Int16]]? {
        let bytes = Array(expression.utf8)
        // A class per byte at most: with fewer than 4,096 in the table before, codes stay in Int16.
        guard bytes.count < 16_384,
            expression.unicodeScalars.allSatisfy({ ($0.value >= 0x20 && $0.value < 0x7F) || symbols.contains($0) })
        else { return nil }
        var reader = Reader(caseless: caseless)
        swap(&reader.table, &table)
        defer { swap(&reader.table, &table) }
        guard let top = RegexSyntax.parse(expression), let all = reader.alternation(top), !all.isEmpty else { return nil }
        return all
    }

    /// ``sequences(_:caseless:table:)`` with a table of its own.
    static func sequences(_ expression: String, caseless: Bool) -> [[Int16]]? {
        var table = ClassTable()
        return sequences(expression, caseless: caseless, table: &table)
    }

    /// Characters besides ASCII read in an expression: symbols without case, matched as
    /// their bytes (`max_width` confirms no other form of them is matched).
    static let symbols: Set<Unicode.Scalar> = ["€", "£", "¥", "°", "–", "—", "’", "‘", "“", "”"]

    /// Expands the syntax tree into sequences of class codes, ``boundary`` and ``notBoundary``.
    private struct Reader {
        let caseless: Bool
        var table = ClassTable()

        mutating func alternation(_ branches: [[RegexNode]]) -> [[Int16]]? {
            var all: [[Int16]] = []
            for branch in branches {
                guard let one = sequence(branch) else { return nil }
                all += one
                if all.count > StartShapes.maxSequences { return nil }
            }
            return all
        }

        mutating func sequence(_ nodes: [RegexNode]) -> [[Int16]]? {
            var all: [[Int16]] = [[]]
            for node in nodes {
                guard let repeated = sequences(node) else { return nil }
                var next: [[Int16]] = []
                for a in all {
                    for b in repeated { next.append(a + b) }
                    if next.count > StartShapes.maxSequences { return nil }
                }
                all = next
            }
            return all
        }

        /// Not read: `.`, anchors, flags, negated classes, `\x`, unbounded and possessive
        /// repeats, and `}` or `]` as a byte.
        mutating func sequences(_ node: RegexNode) -> [[Int16]]? {
            switch node {
            case .byte(let b):
                return b == UInt8(ascii: "}") || b == UInt8(ascii: "]") ? nil : [[members([b])]]
            case .character(let bytes): return [bytes.map { members([$0]) }]
            case .boundary(let at): return [[at ? StartShapes.boundary : StartShapes.notBoundary]]
            case .escape(let letter): return Self.escaped(letter).map { [[members($0)]] }
            case .group(let branches, flagged: false): return alternation(branches)
            case .set(negated: false, let items): return characterClass(items)
            case .repeated(let inner, let least, let most?, _, possessive: false): return repeated(inner, least, most)
            case .any, .start, .end, .hex, .flags, .group, .set, .repeated: return nil
            }
        }

        /// The code of the class of `list`, with the other case of its letters when caseless.
        mutating func members(_ list: [UInt8]) -> Int16 {
            var set = ByteSet()
            for b in list {
                set.insert(b)
                if caseless && ASCII.isAlpha(b) { set.insert(b ^ 0x20) }
            }
            return table.code(set)
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
            default: return RegexSyntax.isPunctuation(letter) && letter > 0x20 ? [letter] : nil
            }
        }

        /// A class of bytes, ranges and the escapes read is one step; each symbol in it a
        /// sequence of its own.
        mutating func characterClass(_ items: [ClassItem]) -> [[Int16]]? {
            var list: [UInt8] = []
            var symbols: [[Int16]] = []
            for item in items {
                switch item {
                case .byte(let b): list.append(b)
                case .range(let low, let high): list += Array(low...high)
                case .escape(let letter):
                    guard let members = Self.escaped(letter) else { return nil }
                    list += members
                case .character(let bytes): symbols.append(bytes.map { members([$0]) })
                case .hex: return nil
                }
            }
            return (list.isEmpty ? [] : [[members(list)]]) + symbols
        }

        /// `one` under a quantifier: each count from the lower to the upper bound. A lazy
        /// repeat has the same matches (Vectorscan reports them all). Bounds of more than three
        /// digits are not read: each count costs a pass over the sequences so far.
        mutating func repeated(_ inner: RegexNode, _ low: Int, _ high: Int) -> [[Int16]]? {
            guard high < 1000, let one = sequences(inner) else { return nil }
            var all: [[Int16]] = []
            var power: [[Int16]] = [[]]
            for count in 0...high {
                if count >= low { all += power }
                if all.count > StartShapes.maxSequences { return nil }
                if count == high { break }
                var next: [[Int16]] = []
                for a in power {
                    for b in one { next.append(a + b) }
                    if next.count > StartShapes.maxSequences { return nil }
                }
                power = next
            }
            return all
        }
    }
}
