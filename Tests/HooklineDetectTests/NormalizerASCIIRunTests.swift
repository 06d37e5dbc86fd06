import HooklineCore
import XCTest
@testable import HooklineDetect

/// The normaliser's ASCII run loop against the byte-at-a-time path it replaced: the same
/// output bytes, origins and flags for every input and every split of it.
final class NormalizerASCIIRunTests: XCTestCase {
    /// Pieces mixed into the random texts: every ASCII class (letters of both cases, digits,
    /// blanks, controls, NUL, DEL, punctuation), the non-ASCII that changes the word state
    /// (zero-width and bidi controls, combining marks, Cyrillic and Greek letters, full-width
    /// digits, no-break spaces) and broken UTF-8.
    static let pieces: [[UInt8]] = {
        var p: [[UInt8]] = (0...0x7F).map { [UInt8($0)] }
        let strings = [
            "Call", "MICROSOFT", "8", "64", " ", "  ", "\t", "\r\n", "-", "(", ")", "+1", ".", "x",
            "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}", "\u{301}", "\u{20DD}",
            "\u{202E}", "\u{202B}", "\u{202C}", "\u{2066}", "\u{2067}", "\u{2069}", "\u{200F}", "\u{200E}",
            "\u{61C}", "о", "М", "α", "\u{FF18}", "\u{0668}", "\u{00A0}", "\u{3000}", "ア", "ß", "é",
            "\u{1D7CE}", "\u{FE0F}", "\u{E0041}", "שלום", "مرحبا",
        ]
        p += strings.map { Array($0.utf8) }
        p += [[0xC3], [0xE2, 0x80], [0xF0, 0x9F, 0x98], [0x80], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90]]
        return p
    }()

    struct Result: Equatable {
        var out: [UInt8] = []
        var origins: [Int] = []
        var flags: [Bool] = []
        var hints: [String] = []
    }

    func run(_ bytes: [UInt8], cuts: [Int], runs: Bool, viewBreak: Int?) -> Result {
        var n = TextNormalizer()
        n.asciiRuns = runs
        let cap = TextNormalizer.maxOutput(forInput: bytes.count + 4)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        let origins = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
        defer { out.deallocate(); origins.deallocate() }
        var r = Result()
        func take(_ count: Int, base: Int) {
            for k in 0..<count {
                r.out.append(out[k])
                r.origins.append(base + Int(origins[k]))
            }
        }
        n.beginView()
        bytes.withUnsafeBufferPointer { all in
            var at = 0
            for cut in cuts + [all.count] where cut >= at {
                let slice = UnsafeBufferPointer(rebasing: all[at..<cut])
                take(n.normalize(slice, out: out, origins: origins), base: at)
                if let viewBreak, viewBreak >= at && viewBreak < cut {
                    take(n.finishView(out: out, origins: origins), base: cut)
                    n.beginView()
                }
                at = cut
            }
        }
        take(n.finishView(out: out, origins: origins), base: bytes.count)
        r.flags = [n.sawZeroWidth, n.sawMixedScript, n.sawDisguisedDigits, n.sawKana, n.sawArabicDigits]
        r.hints = n.regionHints
        return r
    }

    func testRunLoopMatchesByteLoop() {
        var rng = SplitMix(seed: 2222)
        for round in 0..<6000 {
            var bytes: [UInt8] = []
            let count = Int(rng.next() % 60)
            // Mostly ASCII words, as in mail, with the odd hostile piece.
            for _ in 0..<count {
                let r = rng.next()
                if r % 4 == 0 {
                    bytes += Self.pieces[Int((r >> 8) % UInt64(Self.pieces.count))]
                } else {
                    bytes += Self.pieces[0x20 + Int((r >> 8) % 0x5F)]
                }
            }
            var cuts: [Int] = []
            if !bytes.isEmpty {
                for _ in 0..<Int(rng.next() % 4) { cuts.append(Int(rng.next() % UInt64(bytes.count))) }
            }
            cuts.sort()
            let viewBreak = round % 5 == 0 && !bytes.isEmpty ? Int(rng.next() % UInt64(bytes.count)) : nil
            let fast = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak)
            let slow = run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak)
            XCTAssertEqual(fast, slow, "input \(bytes) cuts \(cuts) view break \(String(describing: viewBreak))")
            if fast != slow { return }
        }
    }

    func testEveryASCIIPairAfterEveryPrefix() {
        // Each state a word can be in before an ASCII run (after a letter, digit, mark,
        // zero-width character, Cyrillic letter, space...), followed by every pair of bytes.
        let prefixes = ["", "a", "8", "8\u{301}", "a\u{200B}", "о", "a\u{200B}о", " ", "\u{202E}x", "-"].map { Array($0.utf8) }
        for prefix in prefixes {
            for a in 0...0x7F {
                for b in stride(from: 0, through: 0x7F, by: 3) {
                    let bytes = prefix + [UInt8(a), UInt8(b)] + Array("о1".utf8)
                    XCTAssertEqual(
                        run(bytes, cuts: [], runs: true, viewBreak: nil), run(bytes, cuts: [], runs: false, viewBreak: nil),
                        "input \(bytes)")
                }
            }
        }
    }
}
