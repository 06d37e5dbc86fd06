import HooklineCore

/// Validates UTF-8 (and us-ascii, which is routinely mislabelled UTF-8 or
/// windows-1252) without a conversion library: valid runs pass through uncopied,
/// each invalid byte is reinterpreted as windows-1252, and a sequence cut by a
/// chunk boundary waits for its remaining bytes, so no chunk ever ends inside a
/// character and the output does not depend on the split.
final class UTF8Repairer {
    private var pending: (UInt8, UInt8, UInt8) = (0, 0, 0)
    private var pendingCount = 0
    private var need = 0  // total length of the pending sequence
    private(set) var sawInvalid = false
    private(set) var sawNUL = false
    /// Plain ASCII eight bytes at a time (false: a byte at a time, the reference the tests compare with).
    private let wordScan: Bool

    init(wordScan: Bool = true) { self.wordScan = wordScan }

    /// Allowed range of the byte after `lead`, per Unicode Table 3-7 (no overlongs, no surrogates).
    @inline(__always) private static func secondRange(_ lead: UInt8) -> ClosedRange<UInt8> {
        switch lead {
        case 0xE0: return 0xA0...0xBF
        case 0xED: return 0x80...0x9F
        case 0xF0: return 0x90...0xBF
        case 0xF4: return 0x80...0x8F
        default: return 0x80...0xBF
        }
    }

    @inline(__always) private static func length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    private func pendingByte(_ k: Int) -> UInt8 { k == 0 ? pending.0 : (k == 1 ? pending.1 : pending.2) }
    private func setPending(_ k: Int, _ b: UInt8) {
        switch k {
        case 0: pending.0 = b;
        case 1: pending.1 = b;
        default: pending.2 = b
        }
    }

    private func repair(_ b: UInt8, _ emit: (UnsafeRawBufferPointer) -> Void) {
        sawInvalid = true
        let v = Windows1252.scalar(b)
        if v < 0x80 {
            Self.emit((UInt8(v), 0, 0, 0), count: 1, emit)
        } else if v < 0x800 {
            Self.emit((UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F)), 0, 0), count: 2, emit)
        } else if v < 0x10000 {
            Self.emit((UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F)), 0), count: 3, emit)
        } else {
            Self.emit(
                (UInt8(0xF0 | (v >> 18)), UInt8(0x80 | ((v >> 12) & 0x3F)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))),
                count: 4, emit)
        }
    }

    /// The first `count` of four bytes, handed on from the stack: a repaired byte's character
    /// or a sequence completed across chunks. A block of the repairer's own for these few
    /// bytes was an object and a `malloc` for every text part, nearly all of which never
    /// wrote to it.
    private static func emit(
        _ bytes: (UInt8, UInt8, UInt8, UInt8), count: Int, _ emit: (UnsafeRawBufferPointer) -> Void
    ) {
        var b = bytes
        withUnsafeBytes(of: &b) { emit(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    func decode(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        let n = input.count
        var i = 0
        // Finish a sequence the previous chunk cut.
        while pendingCount > 0 && i < n {
            let b = input[i]
            let ok = pendingCount == 1 ? UTF8Repairer.secondRange(pending.0).contains(b) : (b & 0xC0) == 0x80
            if !ok {
                for k in 0..<pendingCount { repair(pendingByte(k), emit) }
                pendingCount = 0
                break  // reprocess b below
            }
            i += 1
            if pendingCount + 1 == need {
                var whole = (pending.0, pending.1, pending.2, UInt8(0))
                withUnsafeMutableBytes(of: &whole) { $0[pendingCount] = b }
                Self.emit(whole, count: pendingCount + 1, emit)
                pendingCount = 0
            } else {
                setPending(pendingCount, b)
                pendingCount += 1
            }
        }
        if pendingCount > 0 { return }

        var run = i
        while i < n {
            if wordScan && n &- i >= 8 && ByteWords.allPlainASCII(input, at: i) {
                i = ByteWords.plainASCIIRun(input, after: i)
                continue
            }
            let b = input[i]
            if b >= 0x01 && b < 0x80 { i += 1; continue }
            if b == 0 {
                if i > run { emit(input.slice(run, i)) }
                sawNUL = true
                i += 1; run = i
                continue
            }
            let len = UTF8Repairer.length(b)
            if len == 0 {
                if i > run { emit(input.slice(run, i)) }
                repair(b, emit)
                i += 1; run = i
                continue
            }
            // Check as many continuation bytes as this chunk holds.
            var k = 1
            var valid = true
            while k < len && i + k < n {
                let c = input[i + k]
                let ok = k == 1 ? UTF8Repairer.secondRange(b).contains(c) : (c & 0xC0) == 0x80
                if !ok { valid = false; break }
                k += 1
            }
            if !valid {
                if i > run { emit(input.slice(run, i)) }
                repair(b, emit)
                i += 1; run = i
                continue
            }
            if k == len { i += len; continue }
            // Cut by the chunk end: keep the prefix for the next call.
            if i > run { emit(input.slice(run, i)) }
            need = len
            pendingCount = 0
            for j in i..<n { setPending(pendingCount, input[j]); pendingCount += 1 }
            return
        }
        if i > run { emit(input.slice(run, i)) }
    }

    func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
        for k in 0..<pendingCount { repair(pendingByte(k), emit) }
        pendingCount = 0
    }
}
