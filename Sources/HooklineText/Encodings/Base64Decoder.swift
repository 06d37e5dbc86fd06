private import CSIMD
import HooklineCore

/// Incremental base64: the quantum in progress survives chunk boundaries, so the
/// output does not depend on how the MTA split the body. Garbage is skipped and
/// flagged rather than aborting the part, because attackers pad payloads with junk
/// that mail clients silently ignore.
final class Base64Decoder {
    private static let invalid: UInt8 = 0xFF, whitespace: UInt8 = 0xFE, pad: UInt8 = 0xFD
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: invalid, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        // URL-safe alphabet shows up in hand-rolled senders; clients accept it.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        for c in [0x20, 0x09, 0x0D, 0x0A, 0x0B, 0x0C] { t[c] = whitespace }
        t[Int(UInt8(ascii: "="))] = pad
        return t
    }()

    /// `table` pre-shifted for each position of a quantum, and 0xFF00_0000 for anything
    /// not in the alphabet, so a whole quantum is four loads, three ORs and one test.
    private static let quantumTables: [UInt32] = {
        var t = [UInt32](repeating: 0xFF00_0000, count: 4 * 256)
        for b in 0..<256 where table[b] < 64 {
            let v = UInt32(table[b])
            t[b] = v << 18
            t[256 + b] = v << 12
            t[512 + b] = v << 6
            t[768 + b] = v
        }
        return t
    }()

    private var acc: UInt32 = 0
    private var sextets = 0
    private(set) var sawGarbage = false
    private let out = OutputBlock()

    /// The loop keeps the quantum, the output position and the garbage flag in locals and
    /// writes them back only around a flush or a pad: as stored properties of a class they
    /// were loaded and stored on every byte (16 M instructions, 4.8 % of the steady state
    /// on the profile sample, docs/PERFORMANCE.md).
    ///
    /// Whole quanta go through `quantumRun` and line ends through a whitespace skip; both
    /// do exactly what the byte path would (the tests compare them with it, output and
    /// flush points alike: where a block is handed on is where the analyzer's calls end).
    func decode(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        var acc = self.acc
        var sextets = self.sextets
        var garbage = false
        let base = out.base
        let capacity = out.capacity
        var count = out.count
        let qt = Base64Decoder.quantumTables
        Base64Decoder.table.withUnsafeBufferPointer { t in
            qt.withUnsafeBufferPointer { qt in
                let bytes = input.bindMemory(to: UInt8.self)
                var i = 0
                let n = bytes.count
                while i < n {
                    if sextets == 0 && n &- i >= 4 {
                        // Whole quanta, the common case (76-character lines of the alphabet),
                        // as many as the block has room for; a full block is handed on first,
                        // as the byte path does before the quantum that would not fit.
                        if capacity &- count < 3 {
                            out.count = count
                            out.flush(emit)
                            count = out.count
                        }
                        let room = (capacity &- count) / 3
                        let (read, written) = Base64Decoder.quantumRun(
                            bytes, from: i, quanta: room, qt: qt, into: base + count)
                        i &+= read
                        count &+= written
                        // Stopped by the block's room (the top of the loop hands it on) or
                        // short of a quantum of input (the byte path keeps the sextets): go on
                        // from the top. Stopped by a byte outside the alphabet that is no line
                        // end: the byte path takes it now, as it would after a second run found
                        // no quantum.
                        if written == room &* 3 || n &- i < 4 { continue }
                    }
                    let b = bytes[i]
                    i &+= 1
                    let v = t[Int(b)]
                    if v < 64 {
                        acc = (acc << 6) | UInt32(v)
                        sextets &+= 1
                        if sextets == 4 {
                            if capacity &- count < 3 {
                                out.count = count
                                out.flush(emit)
                                count = out.count
                            }
                            base[count] = UInt8(truncatingIfNeeded: acc >> 16)
                            base[count &+ 1] = UInt8(truncatingIfNeeded: acc >> 8)
                            base[count &+ 2] = UInt8(truncatingIfNeeded: acc)
                            count &+= 3
                            acc = 0
                            sextets = 0
                        }
                    } else if v == Base64Decoder.whitespace {
                        // A line end: the rest of the blank run changes nothing either.
                        while i < n && t[Int(bytes[i])] == Base64Decoder.whitespace { i &+= 1 }
                        continue
                    } else if v == Base64Decoder.pad {
                        // Padding ends a quantum; concatenated base64 blocks then continue afresh.
                        out.count = count
                        self.acc = acc
                        self.sextets = sextets
                        drainPartial(emit)
                        count = out.count
                        acc = self.acc
                        sextets = self.sextets
                    } else {
                        garbage = true
                    }
                }
            }
        }
        self.acc = acc
        self.sextets = sextets
        if garbage { sawGarbage = true }
        out.count = count
        out.flush(emit)
    }

    /// Up to `quanta` whole quanta from `from` (the block's room), with the line ends between
    /// them (CR LF or LF), stopping before the first quantum that holds any other byte outside
    /// the alphabet or that the input does not hold whole: four lookups, one test and three
    /// bytes out each. Returns the bytes read and written (three for every quantum).
    ///
    /// Two quanta a step while a third has room: one test for both and their six bytes in one
    /// eight-byte store, whose last two bytes lie in the room of the quantum after them (32
    /// instructions for the two, against 34 one at a time). A line end is passed here, where
    /// the byte path would skip it with no quantum in progress (nothing is written or handed
    /// on there): ending the run at every 76-character line and starting the next through
    /// the byte path cost ~104 instructions a line, now ~63 (600 KB of 76-character lines:
    /// 5.2 -> 4.7 instructions a byte; 4.0 without line ends).
    @inline(__always)
    private static func quantumRun(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, quanta: Int, qt: UnsafeBufferPointer<UInt32>,
        into out: UnsafeMutablePointer<UInt8>
    ) -> (read: Int, written: Int) {
        guard let src = bytes.baseAddress, let q0 = qt.baseAddress else { return (0, 0) }
        let q1 = q0 + 256, q2 = q0 + 512, q3 = q0 + 768
        let end = src + bytes.count
        var p = src + start
        var o = out
        var k = 0
        while true {
            // The quanta both the room and the input hold from here, as one count: the loops
            // below test nothing else.
            let limit = min(quanta, k &+ (end - p) >> 2)
            // Runs of whole quanta and line ends in C, 32 bytes a step (AVX2), while eleven
            // quanta have room: ~1.2 instructions a byte of 76-character lines instead of
            // ~4.7. It stops where fewer fit, or before a quantum with any other byte outside
            // the alphabet, which the loops below take.
            if limit &- k >= 11 {
                var done = 0
                let read = hookline_base64_lines(p, end - p, quanta &- k, o, &done)
                if read > 0 {
                    p += read
                    o += done &* 3
                    k &+= done
                    continue
                }
            }
            while limit &- k >= 3 {
                let a = q0[Int(p[0])] | q1[Int(p[1])] | q2[Int(p[2])] | q3[Int(p[3])]
                let b = q0[Int(p[4])] | q1[Int(p[5])] | q2[Int(p[6])] | q3[Int(p[7])]
                if (a | b) >= 0x0100_0000 { break }
                UnsafeMutableRawPointer(o).storeBytes(of: (UInt64(a) << 40 | UInt64(b) << 16).bigEndian, as: UInt64.self)
                p += 8
                o += 6
                k &+= 2
            }
            while k < limit {
                let q = q0[Int(p[0])] | q1[Int(p[1])] | q2[Int(p[2])] | q3[Int(p[3])]
                if q >= 0x0100_0000 { break }
                o[0] = UInt8(truncatingIfNeeded: q >> 16)
                o[1] = UInt8(truncatingIfNeeded: q >> 8)
                o[2] = UInt8(truncatingIfNeeded: q)
                p += 4
                o += 3
                k &+= 1
            }
            // A line end between quanta: passed, and the run goes on after it.
            let left = end - p
            if left >= 2 && p[0] == ASCII.cr && p[1] == ASCII.lf {
                p += 2
                continue
            }
            if left >= 1 && p[0] == ASCII.lf {
                p += 1
                continue
            }
            break
        }
        return (p - (src + start), k &* 3)
    }

    func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
        drainPartial(emit)
        out.flush(emit)
    }

    private func drainPartial(_ emit: (UnsafeRawBufferPointer) -> Void) {
        if out.room < 3 { out.flush(emit) }
        switch sextets {
        case 1: sawGarbage = true
        case 2: out.append(UInt8(truncatingIfNeeded: acc >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: acc >> 10))
            out.append(UInt8(truncatingIfNeeded: acc >> 2))
        default: break
        }
        acc = 0
        sextets = 0
    }
}

extension Base64Decoder {
    /// A whole text at once, as `decode` and `finish` read it (standard and URL-safe
    /// alphabets, blanks skipped, a pad ends the quantum in progress, anything else is
    /// garbage), and whether it saw garbage (a stray byte, or a quantum of one sextet): for
    /// an RFC 2047 encoded word, without the streaming decoder's 8 KB block. Each byte of the
    /// alphabet adds at most one byte out, so the text's length bounds the output. The tests
    /// compare it with the streaming decoder on hostile text.
    static func decodeWhole(_ text: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], garbage: Bool) {
        var garbage = false
        let bytes = [UInt8](unsafeUninitializedCapacity: text.count) { out, count in
            var k = 0
            garbage = walkWhole(text) { b in
                out[k] = b
                k &+= 1
            }
            count = k
        }
        return (bytes, garbage)
    }

    /// `decodeWhole`'s garbage answer, and whether every byte it would write is 0x01–0x7F,
    /// without writing them: for ``HeaderDecoding/anomalies(_:into:)``, which needs of an
    /// encoded word only whether it is well formed and whether its bytes could make a
    /// charset decoder flag anything.
    static func checkWhole(_ text: UnsafeBufferPointer<UInt8>) -> (garbage: Bool, plain: Bool) {
        // No NUL, no high bit.
        var plain = true
        let garbage = walkWhole(text) { b in
            if b == 0 || b >= 0x80 { plain = false }
        }
        return (garbage, plain)
    }

    /// The one quantum walk of `decodeWhole` and `checkWhole`: each byte the text decodes to
    /// handed to `byte` in order; returns whether it saw garbage. Inlined into both, so the
    /// closure costs no call.
    @inline(__always)
    private static func walkWhole(_ text: UnsafeBufferPointer<UInt8>, _ byte: (UInt8) -> Void) -> Bool {
        var garbage = false
        var acc: UInt32 = 0
        var sextets = 0
        // The quantum in progress, ended (by a pad or the end of the text).
        @inline(__always) func drain() {
            switch sextets {
            case 1: garbage = true
            case 2: byte(UInt8(truncatingIfNeeded: acc >> 4))
            case 3:
                byte(UInt8(truncatingIfNeeded: acc >> 10))
                byte(UInt8(truncatingIfNeeded: acc >> 2))
            default: break
            }
            acc = 0
            sextets = 0
        }
        table.withUnsafeBufferPointer { t in
            for b in text {
                let v = t[Int(b)]
                if v < 64 {
                    acc = (acc << 6) | UInt32(v)
                    sextets &+= 1
                    if sextets == 4 {
                        byte(UInt8(truncatingIfNeeded: acc >> 16))
                        byte(UInt8(truncatingIfNeeded: acc >> 8))
                        byte(UInt8(truncatingIfNeeded: acc))
                        acc = 0
                        sextets = 0
                    }
                } else if v == pad {
                    drain()
                } else if v != whitespace {
                    garbage = true
                }
            }
        }
        drain()
        return garbage
    }
}
