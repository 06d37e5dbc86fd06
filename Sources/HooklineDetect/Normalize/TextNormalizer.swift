private import CSIMD
import HooklineCore

/// Folds streamed UTF-8 into the one spelling the detectors match against.
///
/// Attackers write the same phone number and brand a dozen ways (full-width or Arabic-Indic
/// digits, zero-width characters between digits, Cyrillic letters in "Microsoft", odd dashes
/// and bullets as separators). Folding all of them here means the phone scanner and the
/// pattern database only ever see lowercase ASCII-ish text with single spaces.
///
/// State carries across calls: a UTF-8 sequence split between chunks, the whitespace run,
/// and the current word's scripts. For every output byte the caller gets the offset of the
/// source scalar, relative to the start of the input, so evidence can quote the original.
/// Output never exceeds `maxOutput(forInput:)` bytes.
struct TextNormalizer {
    private(set) var sawZeroWidth = false
    private(set) var sawMixedScript = false
    /// Digits disguised by combining marks or stored in reverse under a bidi override.
    var sawDisguisedDigits: Bool { sawMarkOnDigit || bidi.reversedDigits }
    private var sawMarkOnDigit = false
    /// Kana say the text is Japanese, so its national numbers are (currencies and the
    /// other languages are read from the folded stream by ``RegionEvidence``).
    private(set) var sawKana = false
    /// Digits written in the Arabic-Indic script (٠–٩) are the Arab states' own, most of
    /// all Saudi Arabia's, Egypt's and the Gulf's; Latin digits say nothing.
    private(set) var sawArabicDigits = false
    var regionHints: [String] { (sawKana ? ["JP"] : []) + (sawArabicDigits ? ["SA", "EG", "AE"] : []) }

    private var lastWasSpace = true
    private var prevAlnum = false
    private var prevAlnumASCII = false
    private var prevDigit = false
    private var bidi = BidiRuns()
    private var ignorableSinceAlnum = false
    private var wordScripts: UInt8 = 0

    /// Bytes of a UTF-8 sequence cut off at the end of the previous input (at most 3).
    private var pending: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
    private var pendingCount = 0
    private var pendingNeed = 0

    private let low = FoldTable.low
    private let mid = FoldTable.mid
    private let high = FoldTable.high
    private let math = FoldTable.math
    private var rare: [UInt32: UInt64] = [:]
    /// Off only in tests, which compare the run loop with ``ascii(_:origin:out:origins:o:)``
    /// byte by byte.
    var asciiRuns = true
    /// Scalars from U+3000 to U+FDFF read from ``FoldTable/mid``; off only in tests, which
    /// compare it with computing each scalar once per normaliser (`rare`), as before.
    var midTable = true
    /// Eight bytes a step inside the run loop (``ASCIIWord``); off only in tests, which
    /// compare it with the run loop's byte steps.
    var asciiWords = true
    /// The whole run in C (``hookline_ascii_run``, 32 bytes a step with AVX2) before the
    /// steps in Swift, which are left for a CPU without AVX2; off only in tests, which
    /// compare the two.
    var asciiBlocks = true

    /// A bidi run carried over from the previous input comes first, hence the extra room.
    static func maxOutput(forInput n: Int) -> Int { n * 4 + 16 + BidiRuns.maxRun }

    /// A new view starts a new paragraph: leading space is dropped and words do not join.
    mutating func beginView() {
        lastWasSpace = true
        prevAlnum = false
        prevAlnumASCII = false
        prevDigit = false
        ignorableSinceAlnum = false
        wordScripts = 0
    }

    /// The view ended inside a UTF-8 sequence: that is one broken character, not a crash.
    /// A right-to-left run still open is closed (reversed) here too.
    mutating func finishView(out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>) -> Int {
        var o = bidi.resume(out: out, origins: origins)
        if pendingCount > 0 {
            let origin = Int32(-pendingCount)
            pendingCount = 0
            emit(FoldTable.replacement, origin: origin, out: out, origins: origins, o: &o)
        }
        bidi.reset(out: out, origins: origins, o: o)
        return o
    }

    /// Normalises `input`; returns the number of bytes written to `out`.
    mutating func normalize(
        _ input: UnsafeBufferPointer<UInt8>,
        out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>
    ) -> Int {
        var o = bidi.resume(out: out, origins: origins)
        var i = 0
        let n = input.count
        if pendingCount > 0 {
            i = completePending(input, out: out, origins: origins, o: &o)
        }
        while i < n {
            let b = input[i]
            if b < 0x80 {
                if bidi.active {
                    bidiASCII(b, out: out, origins: origins, o: o)
                    ascii(b, origin: Int32(i), out: out, origins: origins, o: &o)
                    i += 1
                } else if asciiRuns {
                    i = asciiRun(input, from: i, out: out, origins: origins, o: &o)
                } else {
                    ascii(b, origin: Int32(i), out: out, origins: origins, o: &o)
                    i += 1
                }
                continue
            }
            let need = Self.sequenceLength(b)
            if need == 0 {
                emit(FoldTable.replacement, origin: Int32(i), out: out, origins: origins, o: &o)
                i += 1
                continue
            }
            if i + need > n {
                // Keep the head of a sequence the next chunk completes, unless it is already bad.
                var ok = true
                var k = 1
                while i + k < n { if !Self.continuationOK(input[i + k], lead: b, index: k) { ok = false; break }; k += 1 }
                if ok {
                    pendingCount = 0
                    pendingNeed = need
                    for k in 0..<(n - i) { storePending(input[i + k]) }
                    return bidi.suspend(out: out, origins: origins, o: o, inputCount: n)
                }
                emit(FoldTable.replacement, origin: Int32(i), out: out, origins: origins, o: &o)
                i += 1
                continue
            }
            guard let value = Self.decode(input, at: i, length: need) else {
                emit(FoldTable.replacement, origin: Int32(i), out: out, origins: origins, o: &o)
                i += 1
                continue
            }
            if value >= 0x3040 && value <= 0x30FF { sawKana = true }
            if value >= 0x0660 && value <= 0x0669 { sawArabicDigits = true }
            emit(fold(value), origin: Int32(i), out: out, origins: origins, o: &o)
            i += need
        }
        return bidi.suspend(out: out, origins: origins, o: o, inputCount: n)
    }

    /// Slow path for ASCII inside a bidi embedding: letters end a reversed run unless the
    /// direction is overridden; a line break ends the paragraph and every embedding.
    private mutating func bidiASCII(
        _ b: UInt8, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: Int
    ) {
        if b == 0x0A || b == 0x0D {
            bidi.paragraphEnd(out: out, origins: origins, o: o)
        } else if b >= 0x20 && b != 0x7F {
            bidi.before(neutral: !ASCII.isAlpha(b), space: b == 0x20 || b == 0x09, out: out, origins: origins, o: o)
        }
    }

    // MARK: - Per character

    @inline(__always)
    private mutating func ascii(
        _ b: UInt8, origin: Int32, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: inout Int
    ) {
        switch b {
        case 0x61...0x7A, 0x41...0x5A:
            if ignorableSinceAlnum && prevAlnum { sawZeroWidth = true }
            prevDigit = false
            wordScripts |= ScalarFold.Flags.latin
            if wordScripts & (wordScripts &- 1) != 0 { sawMixedScript = true }
            asciiAlnum(b | 0x20, origin: origin, out: out, origins: origins, o: &o)
        case 0x30...0x39:
            if ignorableSinceAlnum && prevAlnum { sawZeroWidth = true }
            // A digit is no letter of any script: words on either side are judged apart.
            wordScripts = 0
            prevDigit = true
            asciiAlnum(b, origin: origin, out: out, origins: origins, o: &o)
        case 0x20, 0x09...0x0D:
            space(origin: origin, out: out, origins: origins, o: &o)
        case 0x00...0x08, 0x0E...0x1F, 0x7F:
            break
        default:
            out[o] = b
            origins[o] = origin
            o += 1
            lastWasSpace = false
            endWord()
        }
    }

    /// An eight-byte step's folded bytes and their origins (`from` ..< `from` + 8), written
    /// by the run loop's whole steps and by the step that ends an input alike.
    @inline(__always)
    private static func store(_ word: ASCIIWord, from i: Int, out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>) {
        UnsafeMutableRawPointer(out).storeBytes(of: word.folded.littleEndian, as: UInt64.self)
        UnsafeMutableRawPointer(origins).storeBytes(
            of: SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: i)) &+ SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7),
            as: SIMD8<Int32>.self)
    }

    /// What a step's first lane says about the word before it: a letter or digit after an
    /// ignorable character inside a word (zero width), a Latin letter continuing a word of
    /// another script (mixed).
    @inline(__always)
    private static func noteFirstLane(
        _ word: ASCIIWord, ignorable: Bool, prevAlnum: Bool, scripts: UInt8, zeroWidth: inout Bool, mixed: inout Bool
    ) {
        if (word.letters | word.digits) & 0x80 != 0 && ignorable && prevAlnum { zeroWidth = true }
        if word.letters & 0x80 != 0 {
            let s = scripts | ScalarFold.Flags.latin
            if s & (s &- 1) != 0 { mixed = true }
        }
    }

    /// A run of ASCII bytes outside any bidi embedding, up to the next non-ASCII byte; returns
    /// where it stopped. The same steps as ``ascii(_:origin:out:origins:o:)``, byte for byte,
    /// but with the state in locals: stored in `self`, every flag went back to memory after
    /// each byte, since the output pointers might alias it. Most mail is ASCII, so this is
    /// most of the normaliser's work.
    ///
    /// Eight bytes that are letters, digits, punctuation and single spaces (most words and
    /// the gaps between them) are one step: the output is the bytes with capitals
    /// lower-cased, the origins are consecutive, and the flags after the eight depend only on
    /// the first byte (which ends a zero-width gap or continues a word) and the last (the
    /// word state it leaves). Tabs, line ends, controls and a second space, which collapse
    /// or vanish, end a step early and go alone through the byte steps; so do the bytes of
    /// an input too short for one load. A byte at a time this loop cost ~40 instructions
    /// per byte, ~110 k per message on the profile sample; whole steps alone, 68 k (the
    /// analyzer's inputs average 23 bytes, and text has many line ends).
    private mutating func asciiRun(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: inout Int
    ) -> Int {
        if asciiBlocks, let base = input.baseAddress {
            var written = 0
            var flags: UInt32 = 0
            let taken = hookline_ascii_run(
                base + start, input.count &- start, lastWasSpace ? 1 : 0, out + o, origins + o,
                Int32(truncatingIfNeeded: start), &written, &flags)
            if taken > 0 {
                tookRun(flags)
                o &+= written
                return start &+ taken
            }
        }
        var lastWasSpace = self.lastWasSpace, prevAlnum = self.prevAlnum, prevAlnumASCII = self.prevAlnumASCII
        var prevDigit = self.prevDigit, ignorable = ignorableSinceAlnum, scripts = wordScripts
        var zeroWidth = sawZeroWidth, mixed = sawMixedScript
        var w = o
        var i = start
        let n = input.count
        let words = asciiWords
        // Origin offsets of the eight lanes of a step (a local: as a static, each step paid
        // for a swift_once call).
        outer: while i < n {
            if words && i &+ 8 <= n, let base = input.baseAddress {
                // Whole steps in a loop of their own: nearly every step of mail text takes all
                // eight lanes, and this loop keeps only what the next step reads (the space
                // before it, the word's scripts) and sets the rest from the last step when it
                // ends; the general step below costs twice as much (the lanes it cuts, the end
                // of the input, every flag set after every step).
                let lastLane: UInt64 = 0x80 << 56
                var endLetters: UInt64 = 0
                var endDigits: UInt64 = 0
                var stepped = false
                while i &+ 8 <= n {
                    let word = ASCIIWord(
                        UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)),
                        spaceBefore: lastWasSpace)
                    if word.refused != 0 { break }
                    Self.store(word, from: i, out: out + w, origins: origins + w)
                    // After the first step `ignorable` is false: `prevAlnum` need not follow.
                    Self.noteFirstLane(
                        word, ignorable: ignorable, prevAlnum: prevAlnum, scripts: scripts, zeroWidth: &zeroWidth, mixed: &mixed)
                    endLetters = word.letters & lastLane
                    endDigits = word.digits & lastLane
                    scripts =
                        endLetters == 0
                        ? 0
                        : word.letters == ASCIIWord.highs ? scripts | ScalarFold.Flags.latin : ScalarFold.Flags.latin
                    lastWasSpace = word.spaces & lastLane != 0
                    ignorable = false
                    stepped = true
                    w &+= 8
                    i &+= 8
                }
                if stepped {
                    prevAlnum = endLetters | endDigits != 0
                    prevAlnumASCII = prevAlnum
                    prevDigit = endDigits != 0
                }
                if i >= n { break outer }
            }
            var stop = n
            if words && n >= 8, let base = input.baseAddress {
                // The last bytes of the input: the eight that end it, moved down so the
                // lanes past its end read as NUL, which the step refuses.
                let left = n &- i
                let loaded =
                    left >= 8
                    ? UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    : UInt64(littleEndian: UnsafeRawPointer(base + (n &- 8)).loadUnaligned(as: UInt64.self))
                        >> UInt64(8 &* (8 &- left))
                let word = ASCIIWord(loaded, spaceBefore: lastWasSpace)
                // The lanes before the first refused one are a step of their own.
                let lanes = word.refused.trailingZeroBitCount >> 3
                if lanes > 0 {
                    Self.store(word, from: i, out: out + w, origins: origins + w)
                    Self.noteFirstLane(
                        word, ignorable: ignorable, prevAlnum: prevAlnum, scripts: scripts, zeroWidth: &zeroWidth, mixed: &mixed)
                    let taken = ASCIIWord.highs >> UInt64(8 &* (8 &- lanes))
                    let lastLane: UInt64 = 0x80 << UInt64(8 &* (lanes &- 1))
                    if word.letters & lastLane != 0 {
                        // Latin alone, unless every lane is a letter continuing the word before.
                        scripts =
                            word.letters & taken == taken ? scripts | ScalarFold.Flags.latin : ScalarFold.Flags.latin
                        prevDigit = false
                        prevAlnum = true
                        prevAlnumASCII = true
                        lastWasSpace = false
                    } else if word.digits & lastLane != 0 {
                        scripts = 0
                        prevDigit = true
                        prevAlnum = true
                        prevAlnumASCII = true
                        lastWasSpace = false
                    } else {
                        scripts = 0
                        prevDigit = false
                        prevAlnum = false
                        prevAlnumASCII = false
                        lastWasSpace = word.spaces & lastLane != 0
                    }
                    ignorable = false
                    w &+= lanes
                    i &+= lanes
                    if lanes == 8 { continue }
                }
                // The refused byte alone (or the end of the input).
                stop = min(i &+ 1, n)
            }
            while i < stop {
                let b = input[i]
                if b >= 0x80 { break outer }
                switch b {
                case 0x61...0x7A, 0x41...0x5A, 0x30...0x39:
                    if ignorable && prevAlnum { zeroWidth = true }
                    if b >= 0x40 {
                        prevDigit = false
                        scripts |= ScalarFold.Flags.latin
                        if scripts & (scripts &- 1) != 0 { mixed = true }
                        out[w] = b | 0x20
                    } else {
                        scripts = 0
                        prevDigit = true
                        out[w] = b
                    }
                    origins[w] = Int32(truncatingIfNeeded: i)
                    w += 1
                    prevAlnum = true
                    prevAlnumASCII = true
                    ignorable = false
                    lastWasSpace = false
                case 0x20, 0x09...0x0D:
                    if !lastWasSpace {
                        out[w] = 0x20
                        origins[w] = Int32(truncatingIfNeeded: i)
                        w += 1
                        lastWasSpace = true
                    }
                    prevAlnum = false
                    prevAlnumASCII = false
                    prevDigit = false
                    ignorable = false
                    scripts = 0
                    // The blanks that follow write nothing and leave these flags as they
                    // are: a run of them (most of the analyzer's inputs are the line ends
                    // and indents between tags) is passed over here, not a word load and a
                    // byte step each (~35 instructions a byte).
                    while i &+ 1 < n, Self.isBlank(input[i &+ 1]) { i &+= 1 }
                case 0x00...0x08, 0x0E...0x1F, 0x7F:
                    break
                default:
                    out[w] = b
                    origins[w] = Int32(truncatingIfNeeded: i)
                    w += 1
                    lastWasSpace = false
                    prevAlnum = false
                    prevAlnumASCII = false
                    prevDigit = false
                    ignorable = false
                    scripts = 0
                }
                i += 1
            }
        }
        self.lastWasSpace = lastWasSpace
        self.prevAlnum = prevAlnum
        self.prevAlnumASCII = prevAlnumASCII
        self.prevDigit = prevDigit
        ignorableSinceAlnum = ignorable
        wordScripts = scripts
        sawZeroWidth = zeroWidth
        sawMixedScript = mixed
        o = w
        return i
    }

    /// The flags after a run ``hookline_ascii_run`` took, from what it says of the run's
    /// first and last bytes (controls aside): what the byte steps leave. Only the first can
    /// end a zero-width gap or continue a word of another script; the word state after the
    /// run is the last byte's, its scripts Latin alone unless every byte was a letter.
    private mutating func tookRun(_ flags: UInt32) {
        guard flags & UInt32(HOOKLINE_RUN_SEEN) != 0 else { return }
        let firstLetter = flags & UInt32(HOOKLINE_RUN_FIRST_LETTER) != 0
        if (firstLetter || flags & UInt32(HOOKLINE_RUN_FIRST_DIGIT) != 0) && ignorableSinceAlnum && prevAlnum {
            sawZeroWidth = true
        }
        if firstLetter {
            let s = wordScripts | ScalarFold.Flags.latin
            if s & (s &- 1) != 0 { sawMixedScript = true }
        }
        ignorableSinceAlnum = false
        let endsInLetter = flags & UInt32(HOOKLINE_RUN_LAST_LETTER) != 0
        let endsInDigit = flags & UInt32(HOOKLINE_RUN_LAST_DIGIT) != 0
        wordScripts =
            !endsInLetter
            ? 0
            : flags & UInt32(HOOKLINE_RUN_ALL_LETTERS) != 0 ? wordScripts | ScalarFold.Flags.latin : ScalarFold.Flags.latin
        prevAlnum = endsInLetter || endsInDigit
        prevAlnumASCII = prevAlnum
        prevDigit = endsInDigit
        lastWasSpace = flags & UInt32(HOOKLINE_RUN_LAST_BLANK) != 0
    }

    /// True when normalising `input` would write nothing and change nothing: ASCII blanks
    /// only, after a space (or at a view's start) with no word, UTF-8 sequence or bidi run
    /// open, so each blank collapses into the space before and leaves every flag as it is.
    /// Most of the analyzer's inputs are such runs (the line ends and indents between
    /// tags, ~67 of ~105 a message): it passes over them without a call to ``normalize``.
    func writesNothing(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lastWasSpace && !prevAlnum && !prevAlnumASCII && !prevDigit && !ignorableSinceAlnum,
            wordScripts == 0, pendingCount == 0, bidi.idle
        else { return false }
        for b in input where !Self.isBlank(b) { return false }
        return true
    }

    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    @inline(__always)
    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// An ASCII letter (already lower-cased) or digit: written, and the word goes on.
    @inline(__always)
    private mutating func asciiAlnum(
        _ b: UInt8, origin: Int32, out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>, o: inout Int
    ) {
        out[o] = b
        origins[o] = origin
        o += 1
        prevAlnum = true
        prevAlnumASCII = true
        ignorableSinceAlnum = false
        lastWasSpace = false
    }

    /// A run of white space becomes one space, and ends the word.
    @inline(__always)
    private mutating func space(
        origin: Int32, out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>, o: inout Int
    ) {
        if !lastWasSpace {
            out[o] = 0x20
            origins[o] = origin
            o += 1
            lastWasSpace = true
        }
        endWord()
    }

    @inline(__always)
    private mutating func endWord() {
        prevAlnum = false
        prevAlnumASCII = false
        prevDigit = false
        ignorableSinceAlnum = false
        wordScripts = 0
    }

    private mutating func emit(
        _ f: ScalarFold, origin: Int32, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: inout Int
    ) {
        let flags = f.flags
        if flags & ScalarFold.Flags.ignorable != 0 {
            if f.length == 1, let kind = FoldTable.BidiKind(rawValue: UInt8(truncatingIfNeeded: f.bits >> 16)),
                kind != .mark
            {
                bidi.control(kind, out: out, origins: origins, o: o)
                return
            }
            if prevAlnum { ignorableSinceAlnum = true }
            return
        }
        if flags & (ScalarFold.Flags.mark | ScalarFold.Flags.spacing) == ScalarFold.Flags.mark && prevAlnumASCII {
            // A combining mark on an ASCII letter or digit ("8\u{301}", "6\u{20DD}") only
            // disguises it: the reader still sees the digit.
            if prevDigit { sawMarkOnDigit = true }
            return
        }
        let firstByte = UInt8(truncatingIfNeeded: f.bits >> 16)
        if bidi.active && flags & ScalarFold.Flags.mark == 0 {
            let letter = flags & ScalarFold.Flags.alnum != 0 && !(firstByte >= 0x30 && firstByte <= 0x39)
            bidi.before(neutral: !letter, space: flags & ScalarFold.Flags.whitespace != 0, out: out, origins: origins, o: o)
        }
        if flags & ScalarFold.Flags.whitespace != 0 {
            space(origin: origin, out: out, origins: origins, o: &o)
            return
        }
        let length = f.length
        if flags & ScalarFold.Flags.alnum != 0 {
            let isASCII = firstByte < 0x80
            // Persian and Indic text joins letters with ZWNJ/ZWJ legitimately; only flag
            // invisibles that touch ASCII letters or digits, where they hide a word or number.
            if ignorableSinceAlnum && prevAlnum && (isASCII || prevAlnumASCII) { sawZeroWidth = true }
            let isDigit = firstByte >= 0x30 && firstByte <= 0x39
            let scripts = flags & ScalarFold.Flags.scripts
            if isDigit {
                wordScripts = 0
            } else if scripts != 0 {
                wordScripts |= scripts
                if wordScripts & (wordScripts &- 1) != 0 { sawMixedScript = true }
            }
            prevAlnum = true
            prevAlnumASCII = isASCII
            prevDigit = isDigit
            ignorableSinceAlnum = false
        } else if flags & ScalarFold.Flags.mark == 0 {
            endWord()
        }
        var payload = f.bits >> 16
        for _ in 0..<length {
            out[o] = UInt8(truncatingIfNeeded: payload)
            origins[o] = origin
            o += 1
            payload >>= 8
        }
        lastWasSpace = false
    }

    private mutating func fold(_ v: UInt32) -> ScalarFold {
        if v < 0x3000 { return ScalarFold(bits: low[Int(v)]) }
        if v < 0xFE00 && midTable { return ScalarFold(bits: mid.entry(v - 0x3000)) }
        if v >= 0xFE00 && v < 0x10000 { return ScalarFold(bits: high[Int(v - 0xFE00)]) }
        if v >= 0x1D400 && v < 0x1D800 { return ScalarFold(bits: math[Int(v - 0x1D400)]) }
        if let bits = rare[v] { return ScalarFold(bits: bits) }
        let f = FoldTable.compute(v)
        if rare.count < 4096 { rare[v] = f.bits }
        return f
    }

    // MARK: - UTF-8

    private mutating func storePending(_ b: UInt8) {
        switch pendingCount {
        case 0: pending.0 = b
        case 1: pending.1 = b
        case 2: pending.2 = b
        default: pending.3 = b
        }
        pendingCount += 1
    }

    private func pendingByte(_ k: Int) -> UInt8 {
        switch k {
        case 0: return pending.0
        case 1: return pending.1
        case 2: return pending.2
        default: return pending.3
        }
    }

    /// Finishes a sequence begun in the previous input; returns where to continue in `input`.
    private mutating func completePending(
        _ input: UnsafeBufferPointer<UInt8>, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: inout Int
    ) -> Int {
        let origin = Int32(-pendingCount)
        let lead = pending.0
        var i = 0
        while pendingCount < pendingNeed && i < input.count {
            let b = input[i]
            guard Self.continuationOK(b, lead: lead, index: pendingCount) else {
                pendingCount = 0
                emit(FoldTable.replacement, origin: origin, out: out, origins: origins, o: &o)
                return i
            }
            storePending(b)
            i += 1
        }
        if pendingCount < pendingNeed { return i }
        var value = UInt32(lead) & (0x7F >> UInt32(pendingNeed))
        for k in 1..<pendingNeed { value = value << 6 | UInt32(pendingByte(k) & 0x3F) }
        pendingCount = 0
        emit(fold(value), origin: origin, out: out, origins: origins, o: &o)
        return i
    }

    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    /// Rejects overlongs, surrogates and values past U+10FFFF, byte by byte.
    static func continuationOK(_ b: UInt8, lead: UInt8, index: Int) -> Bool {
        guard b & 0xC0 == 0x80 else { return false }
        guard index == 1 else { return true }
        switch lead {
        case 0xE0: return b >= 0xA0
        case 0xED: return b < 0xA0
        case 0xF0: return b >= 0x90
        case 0xF4: return b < 0x90
        default: return true
        }
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32? {
        let lead = input[i]
        var value = UInt32(lead) & (0x7F >> UInt32(length))
        for k in 1..<length {
            let b = input[i + k]
            guard continuationOK(b, lead: lead, index: k) else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return value
    }
}
