import XCTest
import HooklineCore
@testable import HooklineText

/// The loops that pass plain ASCII eight bytes at a time must hand on what the byte loops
/// they replace hand on, call by call, over text with NULs, 8-bit bytes, cut sequences and
/// absurd runs, at any chunking.
final class ByteWordTests: XCTestCase {
    static func input(_ rng: inout SplitMix64, length: Int) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("Call +1 (864) 347-2494 now ".utf8), Array("é€😀".utf8), [0x00], [0x80], [0xE2, 0x82], [0xF0, 0x9F],
            [0xC3], [0x93, 0x94], [0xFF], [0x7F], [0x01], Array("=?".utf8), Array("\r\n".utf8),
            Array(repeating: UInt8(ascii: "a"), count: 40),
            Array("Your account has been suspended. Verify your details at once to avoid closure. ".utf8),
        ]
        var out: [UInt8] = []
        while out.count < length { out += pieces.randomElement(using: &rng) ?? [] }
        return out
    }

    static func cuts(_ rng: inout SplitMix64, count: Int, maxStep: Int) -> [Int] {
        var cuts: [Int] = []
        var at = 0
        while at < count {
            at += Int.random(in: 1...maxStep, using: &rng)
            cuts.append(min(at, count))
        }
        return cuts
    }

    /// Each call's output as its own array, then the flags.
    func calls(_ input: [UInt8], cuts: [Int], charset: String, wordScan: Bool) -> ([[UInt8]], Bool, Bool) {
        let d = CharsetDecoder(charset: charset, wordScan: wordScan)
        var out: [[UInt8]] = []
        var start = 0
        for end in cuts + [input.count] where end >= start {
            input[start..<end].withUnsafeBytes { d.decode($0) { out.append(Array($0)) } }
            start = end
        }
        d.finish { out.append(Array($0)) }
        return (out, d.sawInvalid, d.droppedNUL)
    }

    func testCharsetDecodersMatchTheByteLoops() {
        var rng = SplitMix64(state: 1206)
        for round in 0..<300 {
            let input = Self.input(&rng, length: [5, 60, 700, 9000][round % 4])
            let cuts = Self.cuts(&rng, count: input.count, maxStep: [1, 7, 64, 100_000][round % 4])
            for charset in ["utf-8", "windows-1252", "x-nonsense", "iso-8859-2"] {
                let fast = calls(input, cuts: cuts, charset: charset, wordScan: true)
                let slow = calls(input, cuts: cuts, charset: charset, wordScan: false)
                XCTAssertEqual(fast.0, slow.0, "round \(round) \(charset)")
                XCTAssertEqual(fast.1, slow.1, "round \(round) \(charset)")
                XCTAssertEqual(fast.2, slow.2, "round \(round) \(charset)")
            }
        }
    }

    func testQuietHeaderTestMatchesTheByteLoop() {
        var rng = SplitMix64(state: 77)
        let pieces: [[UInt8]] = [
            Array("=?".utf8), Array("=".utf8), Array("?".utf8), Array("\r\n\t".utf8), [0x0A], [0x0D], [0x80], [0xE9], [0x00],
            Array("plain header text ".utf8), Array("=\r\n?".utf8), Array("=\n\n\r?".utf8), Array("abcdefg=".utf8),
        ]
        for round in 0..<5000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
            v.withUnsafeBytes {
                XCTAssertEqual(HeaderDecoding.decodesQuietly($0), HeaderDecoding.decodesQuietlyBytewise($0), "round \(round) \(v)")
            }
        }
    }

    func testWordTestsAgreeWithByteTests() {
        var rng = SplitMix64(state: 5)
        for _ in 0..<20_000 {
            var w = (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Mostly plain bytes, so the all-clear answers are exercised too.
            for k in 0..<8 where Int.random(in: 0..<4, using: &rng) != 0 { w[k] = UInt8.random(in: 0x01...0x7F, using: &rng) }
            w.withUnsafeBytes { b in
                XCTAssertEqual(ByteWords.allPlainASCII(b, at: 0), w.allSatisfy { $0 >= 0x01 && $0 < 0x80 }, "\(w)")
                XCTAssertEqual(ByteWords.anyHigh(b, at: 0), w.contains { $0 >= 0x80 }, "\(w)")
                for c: UInt8 in [0x3F, 0x00, 0x80, w[3]] { XCTAssertEqual(ByteWords.contains(c, b, at: 0), w.contains(c), "\(w) \(c)") }
            }
        }
    }

    func testLongStepsAgreeWithByteTests() {
        var rng = SplitMix64(state: 32)
        for _ in 0..<20_000 {
            var w = (0..<48).map { _ in UInt8.random(in: 0x01...0x7F, using: &rng) }
            // At most two bytes that stop a run, anywhere (or none), so the all-clear answers
            // and every lane's refusal are exercised.
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                w[Int.random(in: 0..<48, using: &rng)] = [0x00, 0x80, 0xC3, 0xFF].randomElement(using: &rng) ?? 0
            }
            let plain = { (b: UInt8) in b >= 0x01 && b < 0x80 }
            w.withUnsafeBytes { b in
                for at in [0, 5, 16] {
                    XCTAssertEqual(ByteWords.allPlainASCII32(b, at: at), w[at..<at + 32].allSatisfy(plain), "\(w) at \(at)")
                }
                for end in [8, 20, 40, 48] where w[0..<8].allSatisfy(plain) {
                    let part = UnsafeRawBufferPointer(rebasing: b[0..<end])
                    // The bytes passed over are plain, and the next 32 (when there are 32) are not.
                    let stop = ByteWords.plainASCIIRun(part, after: 0)
                    XCTAssertTrue(stop >= 8 && stop <= end && w[0..<stop].allSatisfy(plain), "\(w) end \(end) stop \(stop)")
                    if end - stop >= 32 { XCTAssertFalse(w[stop..<stop + 32].allSatisfy(plain), "\(w) end \(end) stop \(stop)") }
                    XCTAssertTrue((stop - 8) % 32 == 0, "\(w) end \(end) stop \(stop)")
                }
            }
        }
    }

    func testTrimmingMatchesTheWalk() {
        var rng = SplitMix64(state: 9)
        let pieces = [" ", "\t", "\r", "\n", "\r\n", "\u{B}", "\u{C}", "base64", "Quoted-Printable", "é", "\u{301}", "a b", "\u{A0}"]
        // Byte by byte from both ends: what the function did before its untrimmed answer.
        func walk(_ s: Substring) -> String {
            let u = s.utf8
            var start = u.startIndex, end = u.endIndex
            while start < end, ASCII.isSpace(u[start]) { start = u.index(after: start) }
            while end > start, ASCII.isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
            return String(s[start..<end])
        }
        for _ in 0..<5000 {
            var v = ""
            for _ in 0..<Int.random(in: 0...6, using: &rng) { v += pieces.randomElement(using: &rng) ?? "" }
            XCTAssertEqual(Array(v.trimmingCharacters().utf8), Array(walk(v[...]).utf8), v.debugDescription)
            let inner = v.dropFirst()
            XCTAssertEqual(Array(inner.trimmingCharacters().utf8), Array(walk(inner).utf8), v.debugDescription)
        }
    }

    func testAngleContentMatchesTheCharacterWalk() {
        var rng = SplitMix64(state: 3)
        let pieces = ["<", ">", " ", "\t", "\r\n", "a@b.example", "Name", "é", "<>", "\"q\"", "\u{0}", ";"]
        for _ in 0..<5000 {
            var v = ""
            for _ in 0..<Int.random(in: 0...8, using: &rng) { v += pieces.randomElement(using: &rng) ?? "" }
            XCTAssertEqual(HeaderFeatures.angleContent(v), HeaderFeatures.angleContentOfCharacters(v), v.debugDescription)
        }
    }

    func testHeaderDecodingHelpersMatchTheByteLoops() {
        var rng = SplitMix64(state: 11)
        let pieces: [[UInt8]] = [
            Array("=?".utf8), Array("=".utf8), Array("?".utf8), Array("\r\n\t".utf8), [0x0A], [0x0D], [0x80], [0xE9], [0x00],
            Array("from mx.example.net by x ".utf8), Array("?=".utf8), Array("==?".utf8), [0x7F], [0x01],
        ]
        for round in 0..<3000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...14, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
            v.withUnsafeBytes { XCTAssertEqual(HeaderDecoding.unfold($0), HeaderDecoding.unfoldBytewise($0), "round \(round)") }
            XCTAssertEqual(HeaderDecoding.isPlainASCII(v[...]), !v.contains { $0 >= 0x80 || $0 == 0 }, "round \(round)")
            if v.count > 3 {
                XCTAssertEqual(HeaderDecoding.isPlainASCII(v[2...]), !v[2...].contains { $0 >= 0x80 || $0 == 0 }, "round \(round)")
            }
            for from in 0...(v.count + 1) {
                XCTAssertEqual(
                    HeaderDecoding.findMarker(v, from: from), HeaderDecoding.findMarkerBytewise(v, from: from),
                    "round \(round) from \(from)")
            }
        }
    }
}
