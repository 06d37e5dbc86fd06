internal import CVectorscan
import Foundation
import HooklineCore

/// One pattern to compile: lexicon phrases and rule regexes alike, in Vectorscan's
/// PCRE subset. They run against the normalised text (lower case, single spaces, folded
/// digits and look-alike letters), so write them in that form.
public struct PatternSpec: Sendable, Equatable {
    public var id: UInt32
    public var expression: String
    public var caseless: Bool
    /// The byte length of every match, when it is fixed (a lexicon phrase: literal words,
    /// single spaces in the normalised text). Such a pattern is compiled without
    /// start-of-match tracking, which is what makes Vectorscan slow to compile (seconds
    /// for a phrase with a long run of one letter) and to scan; its start is end - length.
    public var length: Int?
    public init(id: UInt32, expression: String, caseless: Bool = true, length: Int? = nil) {
        self.id = id; self.expression = expression; self.caseless = caseless; self.length = length
    }
}

public struct PatternCompileError: Error, Sendable, CustomStringConvertible {
    /// Index into the specs array of the pattern that failed, or nil if global.
    public var index: Int?
    public var message: String
    public var description: String {
        index.map { "pattern \($0): \(message)" } ?? message
    }
}

/// A compiled Vectorscan database: immutable, shared by every thread and message.
///
/// Scratch space is what Vectorscan needs per concurrent scan. Allocating it per message
/// would cost more than scanning a typical message, so scratches are kept in a small pool
/// cloned from a prototype; a scan borrows one and gives it back. Pooling (rather than a
/// thread-local per database) ties every scratch's life to this database, so a reload that
/// drops the old database frees its scratches instead of leaving them in idle threads.
public final class PatternDatabase: @unchecked Sendable {
    public enum Mode: Sendable { case stream, block }
    public let mode: Mode
    public let count: Int

    let database: OpaquePointer?
    /// Set when `database` lives in a file mapping: unmapped, not `hs_free_database`d.
    let mapping: DatabaseMapping?
    /// Ids compiled without start-of-match: their reported start is `end - approximateSpan`.
    let approximateStart: Set<UInt32>
    static let approximateSpan = 48
    /// Ids whose matches all have one length (``PatternSpec/length``): start = end - length.
    let fixedLength: [UInt32: Int]
    /// Finds the starts of the regexes compiled without start-of-match in a stream database.
    let starts: StartFinder?
    /// The starts of those of them whose matches are a few fixed-length shapes, read from
    /// the text without a finder scan (``StartShapes``); nil when there are none.
    let shapes: StartShapes?
    /// How each pattern's match start is known, indexed by id (the config numbers patterns
    /// densely from 0), so recording a match reads one array instead of three hash tables:
    /// ``found`` (``starts``), ``reported``, ``approximate`` or a fixed length (≥ 0). Empty
    /// when the ids are too sparse for an array; then the tables are read.
    let startRule: [Int32]
    static let found: Int32 = -3
    static let approximate: Int32 = -2
    static let reported: Int32 = -1
    /// Ids compiled as one pattern with another of the same expression and flags
    /// (``DuplicatePatterns``): a report of the one is a report of each.
    let duplicates: DuplicatePatterns
    /// The one-word phrases of a stream database, looked up word by word instead of compiled
    /// (``WordTable``); nil in block mode, when there are none or when asked for none.
    let words: WordTable?
    /// Whether Vectorscan reports each stream pattern's match once the byte after it is read
    /// (``ReportTiming``), indexed by id, and the bytes a match of a pattern that may do either
    /// can end with: what lets ``PatternStream`` hand several views to one call. Empty when an
    /// expression is not read; the views then go in calls of their own.
    let reportsLate: [Bool]
    let mixedEnds: ByteSet
    private let prototype: OpaquePointer?
    private let lock = NSLock()
    private var pool: [OpaquePointer] = []

    /// Flags for every pattern. Not HS_FLAG_UCP: the text is already case-folded and
    /// normalised, and UCP makes \w and caseless classes Unicode-wide and slow.
    /// A stream regex goes without start-of-match when ``StartFinder`` can find it later,
    /// and without UTF-8 mode when its atoms match ASCII bytes only (``ASCIIAtoms``: the same
    /// reports over the normalised stream, cheaper). Block mode keeps UTF-8 mode: a block
    /// database's text (the Subject as decoded) is not normalised, and the start finders
    /// are compiled as before.
    static func flags(for spec: PatternSpec, mode: UInt32 = UInt32(HS_MODE_BLOCK)) -> UInt32 {
        let stream = mode & UInt32(HS_MODE_STREAM) != 0
        var flags = stream && ASCIIAtoms.only(spec.expression) ? 0 : UInt32(HS_FLAG_UTF8)
        if spec.length == nil, !(stream && startFoundLater(spec)) {
            flags |= UInt32(HS_FLAG_SOM_LEFTMOST)
        }
        if spec.caseless { flags |= UInt32(HS_FLAG_CASELESS) }
        return flags
    }

    /// Compiles `specs` where `compiler` says: in this process, or in a child that hands back
    /// the serialised database, so the daemon never carries the compiler's heap.
    ///
    /// `words`: whether a stream database answers its one-word phrases from a ``WordTable``
    /// (off only in tests, which compare the two). `separatorBounds`: whether a finder of a
    /// pattern of unbounded width scans from the white space its matches cannot reach back
    /// over (``SeparatorBound``) rather than from the horizon (off only in tests, likewise).
    /// `shapes`: whether starts are read from the text where ``StartShapes`` can (off only in
    /// tests, which compare it with the finder).
    public init(
        _ specs: [PatternSpec], mode: Mode, compiler: PatternCompiler = .inProcess, words: Bool = true,
        separatorBounds: Bool = true, shapes: Bool = true
    ) throws(PatternCompileError) {
        self.mode = mode
        self.count = specs.count
        guard !specs.isEmpty else {
            database = nil
            mapping = nil
            prototype = nil
            approximateStart = []
            fixedLength = [:]
            starts = nil
            self.shapes = nil
            startRule = []
            duplicates = DuplicatePatterns([], flags: [])
            self.words = nil
            reportsLate = []
            mixedEnds = .all
            return
        }
        if let bad = specs.firstIndex(where: { $0.expression.utf8.contains(0) }) {
            throw PatternCompileError(index: bad, message: "expression contains a NUL byte")
        }
        // The one-word phrases go to the table, the rest to Vectorscan (all of them when the
        // table would take every pattern: a stream needs a database to run).
        var table = mode == .stream && words && WordTable.available ? WordTable(specs) : nil
        var kept = Array(specs.indices)
        if let taken = table?.taken {
            kept = specs.indices.filter { !taken.contains(specs[$0].id) }
            if kept.isEmpty {
                table = nil
                kept = Array(specs.indices)
            }
        }
        self.words = table
        let compiled = kept.count == specs.count ? specs : kept.map { specs[$0] }
        let built: PatternCompiler.Built
        do throws(PatternCompileError) {
            built = try compiler.compile(compiled, mode: Self.hsMode(mode))
        } catch {
            // The index names a spec of the caller's list (its diagnostic's source location).
            var error = error
            if let k = error.index, k >= 0, k < kept.count { error.index = kept[k] }
            throw error
        }
        let db = built.database
        duplicates = DuplicatePatterns(
            compiled,
            flags: PatternCompiler.compiledFlags(compiled, mode: Self.hsMode(mode), withoutStart: built.withoutStart))
        // A stream regex without start-of-match whose finder Vectorscan would not compile
        // gets the approximate start, as one compiled without start-of-match does.
        let finderless =
            mode == .stream
            ? compiled.enumerated().filter { k, spec in
                !built.withoutStart.contains(k) && Self.startFoundLater(spec) && built.finders[spec.id] == nil
            }.map(\.element.id) : []
        approximateStart = Set(built.withoutStart.map { compiled[$0].id }).union(finderless)
        fixedLength = Dictionary(specs.compactMap { s in s.length.map { (s.id, $0) } }, uniquingKeysWith: { a, _ in a })
        starts =
            built.finders.isEmpty
            ? nil
            : StartFinder(
                built.finders, widths: built.widths, lengths: built.lengths,
                separators: separatorBounds ? Self.separatorLimits(compiled, finders: built.finders) : [:],
                mapping: built.mapping)
        let shaped = shapes ? Self.startShapes(compiled, finders: built.finders, widths: built.widths) : nil
        self.shapes = shaped.flatMap { $0.count > 0 ? $0 : nil }
        startRule = Self.startRules(specs, starts: starts, fixedLength: fixedLength, approximate: approximateStart)
        let timing = mode == .stream ? ReportTiming.table(compiled) : nil
        reportsLate = timing?.late ?? []
        mixedEnds = timing?.mixedEnds ?? .all
        var scratch: OpaquePointer?
        do throws(VectorscanError) {
            try hsCall("hs_alloc_scratch", hs_alloc_scratch(db, &scratch))
        } catch {
            if let mapping = built.mapping { mapping.unmap() } else { built.freeHeapDatabases() }
            throw PatternCompileError(index: nil, message: error.description)
        }
        built.mapping?.settle()
        database = db
        mapping = built.mapping
        prototype = scratch
    }

    /// ``SeparatorBound/maxSeparators(_:)`` of each pattern with a finder, where it is known.
    static func separatorLimits(_ specs: [PatternSpec], finders: [UInt32: OpaquePointer]) -> [UInt32: Int] {
        var limits: [UInt32: Int] = [:]
        for spec in specs where finders[spec.id] != nil && limits[spec.id] == nil {
            if let k = SeparatorBound.maxSeparators(spec.expression) { limits[spec.id] = k }
        }
        return limits
    }

    /// ``StartShapes`` of the patterns with a finder and a bounded width, where they are read.
    static func startShapes(
        _ specs: [PatternSpec], finders: [UInt32: OpaquePointer], widths: [UInt32: Int]
    )
        -> StartShapes?
    {
        var seen = Set<UInt32>()
        var patterns: [(id: UInt32, expression: String, caseless: Bool, width: Int)] = []
        for spec in specs where finders[spec.id] != nil && seen.insert(spec.id).inserted {
            guard let width = widths[spec.id] else { continue }
            patterns.append((spec.id, spec.expression, spec.caseless, width))
        }
        return patterns.isEmpty ? nil : StartShapes(patterns)
    }

    /// ``startRule``: the same precedence ``PatternStream`` used with the tables (a finder,
    /// then a fixed length, then approximate, else the reported start).
    static func startRules(
        _ specs: [PatternSpec], starts: StartFinder?, fixedLength: [UInt32: Int], approximate: Set<UInt32>
    ) -> [Int32] {
        guard let top = specs.map(\.id).max(), top < 1 << 20, Int(top) < 4 * specs.count + 1024 else { return [] }
        var rules = [Int32](repeating: reported, count: Int(top) + 1)
        for spec in specs {
            let id = spec.id
            if starts?.has(id) == true {
                rules[Int(id)] = found
            } else if let length = fixedLength[id] {
                rules[Int(id)] = Int32(clamping: length)
            } else if approximate.contains(id) {
                rules[Int(id)] = Self.approximate
            }
        }
        return rules
    }

    /// Whether a stream regex's start can be found by ``StartFinder``: not when it is anchored
    /// (`^` and `$` mean the whole stream's ends, which a window of it does not have). An
    /// escaped `\$` or a `$` inside a class (`[$€£]`) is a dollar sign, not an anchor: the
    /// money regexes wrote them and paid for start-of-match tracking in the stream, a tenth
    /// of its cost. Expressions this reading could get wrong (`\Q…\E` quoting, `(?x)`
    /// comments) keep the plain textual test, which is slower but exact.
    static func startFoundLater(_ spec: PatternSpec) -> Bool {
        guard spec.length == nil else { return false }
        let e = Array(spec.expression.utf8)
        let backslash = UInt8(ascii: "\\"), dollar = UInt8(ascii: "$"), caret = UInt8(ascii: "^")
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        if quotesOrComments(e) {
            var previous: UInt8 = 0
            for byte in e {
                if byte == dollar || (byte == caret && previous != open) { return false }
                previous = byte
            }
            return true
        }
        var i = 0
        // Where the open class's first member is (a `]` there is a member), or nil outside one.
        var classFirst: Int? = nil
        while i < e.count {
            let byte = e[i]
            if byte == backslash {
                i += 2
                continue
            }
            if let first = classFirst {
                if byte == close && i > first { classFirst = nil }
                i += 1
                continue
            }
            if byte == open {
                i += 1
                if i < e.count && e[i] == caret { i += 1 }
                classFirst = i
                continue
            }
            if byte == dollar || byte == caret { return false }
            i += 1
        }
        return true
    }

    /// `\Q…\E`, a `(?#…)` comment or an `(?x)` flag (where `#` starts a comment): text in
    /// which a `[` or `\\` need not mean what ``startFoundLater`` reads.
    static func quotesOrComments(_ e: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < e.count {
            if e[i] == UInt8(ascii: "\\") && e[i + 1] == UInt8(ascii: "Q") { return true }
            if e[i] == UInt8(ascii: "(") && e[i + 1] == UInt8(ascii: "?") {
                var j = i + 2
                if j < e.count && e[j] == UInt8(ascii: "#") { return true }
                while j < e.count && (ASCII.isAlpha(e[j]) || e[j] == UInt8(ascii: "-")) {
                    if e[j] == UInt8(ascii: "x") { return true }
                    j += 1
                }
            }
            i += 1
        }
        return false
    }

    /// Matches are phrases, so their start is never far behind their end: the small SOM
    /// horizon (64 KiB) is exact for them and keeps stream state small.
    static func hsMode(_ mode: Mode) -> UInt32 {
        mode == .stream ? UInt32(HS_MODE_STREAM) | UInt32(HS_MODE_SOM_HORIZON_SMALL) : UInt32(HS_MODE_BLOCK)
    }

    /// Buffers of finished messages' streams, for the next ones (``PatternStreamPool``).
    let streamPool = PatternStreamPool(discard: { $0.free() })

    deinit {
        streamPool.drain()  // its streams were opened on `database`
        for scratch in pool { hs_free_scratch(scratch) }
        if let prototype { hs_free_scratch(prototype) }
        if let mapping { mapping.unmap() } else if let database { hs_free_database(database) }
    }

    /// Borrows a scratch; nil only if Vectorscan cannot allocate one (logged by the caller).
    func borrowScratch() throws(VectorscanError) -> OpaquePointer? {
        guard let prototype else { return nil }
        lock.lock()
        if let scratch = pool.popLast() {
            lock.unlock()
            return scratch
        }
        lock.unlock()
        var clone: OpaquePointer?
        try hsCall("hs_clone_scratch", hs_clone_scratch(prototype, &clone))
        return clone
    }

    func returnScratch(_ scratch: OpaquePointer?) {
        guard let scratch else { return }
        lock.lock()
        pool.append(scratch)
        lock.unlock()
    }

    /// Block mode: the ids that match anywhere in `text`, after the same normalisation the
    /// body gets (so a Cyrillic "Місrоsоft" in a Subject matches "microsoft").
    public func matches(in text: String) -> Set<UInt32> {
        rawMatches(in: Self.normalized(text))
    }

    /// Block mode on `text` exactly as given.
    public func rawMatches(in text: String) -> Set<UInt32> {
        guard mode == .block, let database, !text.isEmpty else { return [] }
        var found = Set<UInt32>()
        let duplicates = self.duplicates
        let sink = MatchSink { id, _, _ in
            found.insert(id)
            for other in duplicates.others(id) { found.insert(other) }
            return true
        }
        do throws(VectorscanError) {
            guard let scratch = try borrowScratch() else { return [] }
            defer { returnScratch(scratch) }
            var copy = text
            let context = Unmanaged.passUnretained(sink).toOpaque()
            // Staged (``ScanStaging``): where the string's bytes end in memory must not decide the matches.
            let code = copy.withUTF8 { bytes in
                ScanStaging.withPlaced(bytes) { placed in
                    placed.withMemoryRebound(to: CChar.self) { chars in
                        hs_scan(
                            database, chars.baseAddress, UInt32(clamping: chars.count), 0, scratch,
                            MatchSink.callback, context)
                    }
                }
            }
            withExtendedLifetime(sink) {}
            try hsCall("hs_scan", code)
        } catch {
            Log.error("pattern block scan: \(error)")
        }
        return found
    }

    /// The normalised form of a whole string, as the stream would see it.
    public static func normalized(_ text: String) -> String {
        var normalizer = TextNormalizer()
        var copy = text
        return copy.withUTF8 { input in
            let capacity = TextNormalizer.maxOutput(forInput: input.count)
            let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            let origins = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
            defer { out.deallocate(); origins.deallocate() }
            var n = normalizer.normalize(input, out: out, origins: origins)
            n += normalizer.finishView(out: out + n, origins: origins + n)
            return String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self)
        }
    }
}
