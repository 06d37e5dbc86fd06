/// Puts right-to-left runs back into the order the reader sees them.
///
/// An attacker can store "4942-743-468" between RLO and PDF: a mail client shows
/// "864-347-2494", while a scanner reading storage order sees a number that does not
/// exist. This is a deliberately small part of the Unicode Bidirectional Algorithm: the
/// explicit controls (LRE/RLE/LRO/RLO/PDF, LRI/RLI/FSI/PDI) set a direction; inside RLO
/// everything is shown reversed, inside RLE/RLI a run of digits and neutral separators
/// is (letters end the run and keep their order). Mirrored brackets swap, as a renderer
/// draws them. The normaliser writes the run to its output as usual; this struct
/// remembers where the run began and reverses it in place when it ends.
///
/// Memory is fixed: nesting past ``maxDepth`` is counted, not stored, and a run longer
/// than ``maxRun`` output bytes is reversed in pieces (a phone number is far shorter).
/// A run still open at the end of one input is carried into the next, so the split
/// between chunks does not change the result.
struct BidiRuns {
    enum Direction: UInt8 { case ltr = 0, rtl = 1, override = 2 }

    /// Output bytes one reversed run may hold before it is reversed in pieces.
    static let maxRun = 64
    /// Nesting levels remembered (2 bits each in one word); deeper pushes are only counted.
    static let maxDepth = 32

    private var levels: UInt64 = 0
    private var depth = 0
    private var overflow = 0
    /// Where the open run starts in the current output, or -1.
    private var runStart = -1
    private var carry: [UInt8] = []
    private var carryOrigins: [Int32] = []
    /// A run of two or more digits was shown in a different order than stored.
    private(set) var reversedDigits = false

    /// False for ordinary text: the normaliser's fast path checks only this.
    var active: Bool { depth > 0 || runStart >= 0 }
    /// Nothing open and nothing carried: an input of plain ASCII leaves this as it is.
    var idle: Bool { depth == 0 && runStart < 0 && carry.isEmpty }

    var direction: Direction {
        guard depth > 0 else { return .ltr }
        return Direction(rawValue: UInt8(truncatingIfNeeded: (levels >> UInt64(2 * (depth - 1))) & 3)) ?? .ltr
    }

    mutating func control(
        _ kind: FoldTable.BidiKind, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: Int
    ) {
        switch kind {
        case .mark:
            return
        case .pop:
            flush(out: out, origins: origins, o: o)
            if overflow > 0 { overflow -= 1 } else if depth > 0 { depth -= 1 }
        case .pushLTR, .pushRTL, .pushOverride:
            flush(out: out, origins: origins, o: o)
            guard depth < Self.maxDepth else { overflow += 1; return }
            let d: Direction = kind == .pushLTR ? .ltr : kind == .pushRTL ? .rtl : .override
            let shift = UInt64(2 * depth)
            levels = levels & ~(3 << shift) | UInt64(d.rawValue) << shift
            depth += 1
        }
    }

    /// Called before a character is written at `o`: `neutral` is true for digits, spaces
    /// and punctuation, false for letters. In an embedding a run begins at its first
    /// non-space, so the space after a left-to-right word stays with that word.
    mutating func before(
        neutral: Bool, space: Bool, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>, o: Int
    ) {
        let joins: Bool
        switch direction {
        case .ltr: joins = false
        case .rtl: joins = neutral && (runStart >= 0 || !space)
        case .override: joins = true
        }
        if !joins {
            flush(out: out, origins: origins, o: o)
        } else if runStart < 0 {
            runStart = o
        } else if o - runStart >= Self.maxRun {
            flush(out: out, origins: origins, o: o)
            runStart = o
        }
    }

    /// A paragraph ends every embedding, override and isolate (UBA rule X8).
    mutating func paragraphEnd(out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>, o: Int) {
        flush(out: out, origins: origins, o: o)
        depth = 0
        overflow = 0
    }

    /// The input ends with a run open: its bytes leave the output (returning the new output
    /// length) and wait for the next input; origins are moved to be relative to that input.
    mutating func suspend(
        out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>, o: Int,
        inputCount: Int
    ) -> Int {
        guard runStart >= 0 else { return o }
        if carry.capacity == 0 {
            carry.reserveCapacity(Self.maxRun + 8)
            carryOrigins.reserveCapacity(Self.maxRun + 8)
        }
        carry.removeAll(keepingCapacity: true)
        carryOrigins.removeAll(keepingCapacity: true)
        for k in runStart..<o {
            carry.append(out[k])
            carryOrigins.append(origins[k] &- Int32(truncatingIfNeeded: inputCount))
        }
        let start = runStart
        runStart = -1
        return start
    }

    /// Puts a suspended run back at the start of the output; returns the output length.
    mutating func resume(out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>) -> Int {
        guard !carry.isEmpty else { return 0 }
        for k in 0..<carry.count {
            out[k] = carry[k]
            origins[k] = carryOrigins[k]
        }
        let n = carry.count
        carry.removeAll(keepingCapacity: true)
        carryOrigins.removeAll(keepingCapacity: true)
        runStart = 0
        return n
    }

    /// The view ends: close the run and forget every level.
    mutating func reset(out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>, o: Int) {
        paragraphEnd(out: out, origins: origins, o: o)
        carry.removeAll(keepingCapacity: true)
        carryOrigins.removeAll(keepingCapacity: true)
    }

    /// Reverses `out[runStart..<o]` by characters (a character is the bytes sharing one
    /// origin). Origins stay in storage order, so evidence still quotes the stored text.
    private mutating func flush(out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>, o: Int) {
        let start = runStart
        runStart = -1
        guard start >= 0, o - start > 1 else { return }
        var digits = 0
        for k in start..<o where out[k] >= 0x30 && out[k] <= 0x39 { digits += 1 }
        if digits > 1 { reversedDigits = true }
        reverseBytes(out, start, o)
        // Each character's bytes are now backwards too: turn every one around again.
        var a = start
        while a < o {
            var b = a + 1
            while b < o && origins[b] == origins[a] { b += 1 }
            let lo = start + o - b, hi = start + o - a
            if hi - lo > 1 { reverseBytes(out, lo, hi) } else { out[lo] = Self.mirrored(out[lo]) }
            a = b
        }
    }

    private func reverseBytes(_ p: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int) {
        var i = from, j = to - 1
        while i < j {
            let t = p[i]; p[i] = p[j]; p[j] = t
            i += 1; j -= 1
        }
    }

    /// Bidi_Mirrored ASCII: a right-to-left run draws "(" as ")".
    static func mirrored(_ b: UInt8) -> UInt8 {
        switch b {
        case UInt8(ascii: "("): return UInt8(ascii: ")")
        case UInt8(ascii: ")"): return UInt8(ascii: "(")
        case UInt8(ascii: "["): return UInt8(ascii: "]")
        case UInt8(ascii: "]"): return UInt8(ascii: "[")
        case UInt8(ascii: "{"): return UInt8(ascii: "}")
        case UInt8(ascii: "}"): return UInt8(ascii: "{")
        case UInt8(ascii: "<"): return UInt8(ascii: ">")
        case UInt8(ascii: ">"): return UInt8(ascii: "<")
        default: return b
        }
    }
}
