import XCTest
import HooklineCore
@testable import HooklineText

/// `Base64Decoder` takes runs of whole quanta and of blanks at once; it must hand on the
/// same blocks as decoding a byte at a time (same bytes, same flush points: where a block
/// ends is where the analyzer's calls end) and flag the same garbage, whatever the input.
final class Base64FastPathTests: XCTestCase {
    /// The byte path alone: every byte through the table, a quantum written when its fourth
    /// sextet arrives, the block handed on when fewer than three bytes of room are left.
    final class Reference {
        private var acc: UInt32 = 0
        private var sextets = 0
        private(set) var sawGarbage = false
        private var block: [UInt8] = []
        private let capacity = 8192

        private static func value(_ b: UInt8) -> Int {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(b) - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(b) - 97 + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b) - 48 + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return -1
            case UInt8(ascii: "="): return -2
            default: return -3
            }
        }

        private func flush(_ emit: ([UInt8]) -> Void) {
            if !block.isEmpty { emit(block) }
            block.removeAll()
        }

        func decode(_ input: ArraySlice<UInt8>, _ emit: ([UInt8]) -> Void) {
            for b in input {
                let v = Self.value(b)
                if v >= 0 {
                    acc = (acc << 6) | UInt32(v)
                    sextets += 1
                    if sextets == 4 {
                        if capacity - block.count < 3 { flush(emit) }
                        block += [
                            UInt8(truncatingIfNeeded: acc >> 16), UInt8(truncatingIfNeeded: acc >> 8), UInt8(truncatingIfNeeded: acc),
                        ]
                        acc = 0
                        sextets = 0
                    }
                } else if v == -2 {
                    drain(emit)
                } else if v == -3 {
                    sawGarbage = true
                }
            }
            flush(emit)
        }

        func finish(_ emit: ([UInt8]) -> Void) {
            drain(emit)
            flush(emit)
        }

        private func drain(_ emit: ([UInt8]) -> Void) {
            if capacity - block.count < 3 { flush(emit) }
            switch sextets {
            case 1: sawGarbage = true
            case 2: block.append(UInt8(truncatingIfNeeded: acc >> 4))
            case 3: block += [UInt8(truncatingIfNeeded: acc >> 10), UInt8(truncatingIfNeeded: acc >> 2)]
            default: break
            }
            acc = 0
            sextets = 0
        }
    }

    /// Both decoders over `input` cut at `cuts`: the blocks each handed on, and its garbage flag.
    func run(_ input: [UInt8], cuts: [Int]) -> (fast: [[UInt8]], fastGarbage: Bool, slow: [[UInt8]], slowGarbage: Bool) {
        let fast = Base64Decoder()
        let slow = Reference()
        var fastBlocks: [[UInt8]] = []
        var slowBlocks: [[UInt8]] = []
        var start = 0
        for end in cuts + [input.count] where end >= start {
            input[start..<end].withUnsafeBytes { fast.decode($0) { fastBlocks.append(Array($0)) } }
            slow.decode(input[start..<end]) { slowBlocks.append($0) }
            start = end
        }
        fast.finish { fastBlocks.append(Array($0)) }
        slow.finish { slowBlocks.append($0) }
        return (fastBlocks, fast.sawGarbage, slowBlocks, slow.sawGarbage)
    }

    func check(_ input: [UInt8], cuts: [Int], _ what: String) {
        let r = run(input, cuts: cuts)
        XCTAssertEqual(r.fast, r.slow, what)
        XCTAssertEqual(r.fastGarbage, r.slowGarbage, what)
    }

    /// Inputs built from the pieces real and hostile base64 is made of.
    static func input(_ rng: inout SplitMix64, length: Int) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        while out.count < length {
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: out += Array("\r\n".utf8)
            case 1: out.append(0x0A)
            case 2: out += Array("=".utf8)
            case 3: out += Array("==".utf8)
            case 4: out.append(UInt8.random(in: 0...255, using: &rng))  // garbage, NUL, 8-bit
            case 5: out += [0x20, 0x09, 0x0B, 0x0C]
            case 6: out += Array("-_".utf8)
            default:
                // A run of the alphabet, often a whole 76-character line.
                let k = Bool.random(using: &rng) ? 76 : Int.random(in: 1...9, using: &rng)
                for _ in 0..<k { out.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]) }
            }
        }
        return out
    }

    func testMatchesTheBytePathOnRandomAndHostileInput() {
        var rng = SplitMix64(state: 20_261_206)
        for round in 0..<400 {
            let length = [3, 40, 300, 5000, 30_000][round % 5]
            let input = Self.input(&rng, length: length)
            var cuts: [Int] = []
            var at = 0
            let maxStep = [1, 2, 5, 77, 4096, 100_000][round % 6]
            while at < input.count {
                at += Int.random(in: 1...maxStep, using: &rng)
                cuts.append(min(at, input.count))
            }
            check(input, cuts: cuts, "round \(round)")
        }
    }

    /// Clean lines long enough to fill several blocks, so flushes fall inside quantum runs,
    /// at every offset a drained partial quantum can leave in the block.
    func testBlockBoundariesInsideRuns() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var rng = SplitMix64(state: 7)
        for lead in ["", "QQ==", "QUI=", "QQ==QUI="] {
            var input = Array(lead.utf8)
            for line in 0..<600 {
                for _ in 0..<(line % 7 == 0 ? 60 : 76) { input.append(alphabet[Int.random(in: 0..<64, using: &rng)]) }
                input += line % 3 == 0 ? [0x0A] : [0x0D, 0x0A]
            }
            check(input, cuts: [], "lead \(lead) whole")
            check(input, cuts: Array(stride(from: 4093, to: input.count, by: 4093)), "lead \(lead) odd chunks")
            check(input, cuts: Array(stride(from: 1, to: 200, by: 1)), "lead \(lead) byte chunks at the start")
        }
    }

    /// The 32-character steps (AVX2) against the byte path: every byte value at every
    /// place of lines of the whole alphabet (URL-safe characters too), so a step must stop
    /// before any block with one byte outside the alphabet and decode every one inside it.
    func testEveryByteAtEveryPlaceOfALine() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_".utf8)
        var rng = SplitMix64(state: 2026_1207)
        var line: [UInt8] = []
        for k in 0..<76 { line.append(alphabet[k % alphabet.count]) }
        var lines = line + [0x0D, 0x0A]
        for _ in 0..<8 {
            for _ in 0..<76 { lines.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]) }
            lines += [0x0D, 0x0A]
        }
        check(lines, cuts: [], "clean lines")
        for place in 0..<80 {
            for byte in 0...255 {
                var input = lines
                input[place + 78 * (byte % 8)] = UInt8(byte)
                check(input, cuts: [], "byte \(byte) at \(place)")
            }
        }
    }

    func testAbsurdLinesAndNoLineEnds() {
        let input = Array(String(repeating: "QUJD", count: 50_000).utf8) + Array("Q".utf8)
        check(input, cuts: [], "one line")
        check(input, cuts: [3, 8191, 8192, 8193, 16_381], "one line, cut")
        check(Array(repeating: 0x0A, count: 10_000) + Array("QUJD".utf8), cuts: [5000], "blank run")
        check(Array(repeating: 0, count: 1000), cuts: [], "NULs")
    }
}
