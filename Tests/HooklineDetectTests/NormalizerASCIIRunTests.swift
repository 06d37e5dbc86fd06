import CSIMD
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

    /// `skipBlank`: an input ``TextNormalizer/writesNothing(_:)`` passes is not normalised, as
    /// the analyzer does; `skipped` counts those inputs.
    func run(
        _ bytes: [UInt8], cuts: [Int], runs: Bool, words: Bool = true, blocks: Bool = true, viewBreak: Int?,
        skipBlank: Bool = false, skipped: UnsafeMutablePointer<Int>? = nil
    ) -> Result {
        var n = TextNormalizer()
        n.asciiRuns = runs
        n.asciiWords = words
        n.asciiBlocks = blocks
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
                if skipBlank && n.writesNothing(slice) {
                    skipped?.pointee += 1
                } else {
                    take(n.normalize(slice, out: out, origins: origins), base: at)
                }
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

    /// Mail-like text, where most eight-byte steps are taken: words of both cases and digits
    /// joined by single spaces and punctuation, with line ends, tabs, double spaces, controls
    /// and the non-ASCII that changes the word state (a Cyrillic letter before a Latin word, a
    /// zero-width space between digits) at random places, so a step starts in every state.
    func testWordStepsMatchByteSteps() {
        let words = [
            "Microsoft", "account", "CALL", "us", "at", "1-888-555-0199", "(800)", "555.0100", "renewal", "Norton",
            "x", "a1b2c3d4e5", "ABCDEFGHIJ", "0123456789", "e-mail:", "support@", "http://x.io/a?b=c", "~", "[]{}",
        ]
        let gaps = [" ", " ", " ", ", ", ". ", "  ", "\r\n", "\n", "\t", " \u{0}", "\u{7F}", " - "]
        let odd = ["о", "М", "\u{200B}", "\u{200D}", "\u{301}", "é", "\u{202E}", "\u{202C}", "α", "\u{00A0}", "\u{FF18}"]
        var rng = SplitMix(seed: 2323)
        for round in 0..<3000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 40) {
                let r = rng.next()
                if r % 9 == 0 { text += odd[Int((r >> 8) % UInt64(odd.count))] }
                text += words[Int((r >> 16) % UInt64(words.count))]
                if r % 5 == 0 { text += odd[Int((r >> 24) % UInt64(odd.count))] }
                text += gaps[Int((r >> 32) % UInt64(gaps.count))]
            }
            let bytes = Array(text.utf8)
            var cuts: [Int] = []
            if !bytes.isEmpty {
                for _ in 0..<Int(rng.next() % 6) { cuts.append(Int(rng.next() % UInt64(bytes.count))) }
            }
            cuts.sort()
            let viewBreak = round % 7 == 0 && !bytes.isEmpty ? Int(rng.next() % UInt64(bytes.count)) : nil
            let stepped = run(bytes, cuts: cuts, runs: true, words: true, blocks: false, viewBreak: viewBreak)
            let runLoop = run(bytes, cuts: cuts, runs: true, words: false, blocks: false, viewBreak: viewBreak)
            let byteLoop = run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak)
            let inC = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak)
            XCTAssertEqual(stepped, runLoop, "input \(text.debugDescription) cuts \(cuts)")
            XCTAssertEqual(stepped, byteLoop, "input \(text.debugDescription) cuts \(cuts)")
            XCTAssertEqual(inC, byteLoop, "input \(text.debugDescription) cuts \(cuts)")
            if stepped != runLoop || stepped != byteLoop || inC != byteLoop { return }
        }
    }

    /// Long clean runs, where the C run's 32-byte steps (`hookline_ascii_run`) take whole
    /// blocks: words of both cases, digits and punctuation joined by single spaces for up to
    /// ~400 bytes, after every word state (a Cyrillic letter, a zero-width space after a
    /// digit, a space), ended or cut by the bytes a step refuses (a line end, a double space,
    /// DEL, an 8-bit byte) in every lane; output, origins and flags as the Swift eight-byte
    /// and byte steps leave them. The C run must be taken where the CPU has AVX2, or this
    /// tests nothing new.
    func testLongRunsMatchByteSteps() {
        let words = ["Microsoft", "ACCOUNT", "call", "us", "1-888-555-0199", "a1b2", "x", "(800)", "e-mail:", "~[]{}", "Q"]
        let before = ["", "о", "8\u{200B}", "a\u{200B}", " ", "М", "\u{301}", "-"].map { Array($0.utf8) }
        let stops = ["\n", "  ", "\u{7F}", "é", "\t", "\u{0}", "\r\n"].map { Array($0.utf8) }
        var rng = SplitMix(seed: 3131)
        for round in 0..<3000 {
            var bytes = before[Int(rng.next() % UInt64(before.count))]
            for _ in 0..<Int(rng.next() % 3 + 1) {
                var clean: [UInt8] = []
                let length = Int(rng.next() % 400)
                while clean.count < length {
                    clean += Array(words[Int(rng.next() % UInt64(words.count))].utf8)
                    clean.append(rng.next() % 6 == 0 ? UInt8(ascii: ",") : UInt8(ascii: " "))
                    if rng.next() % 9 == 0 { clean.append(UInt8(ascii: " ")) }  // a double space now and then
                    if clean.count >= 2, clean[clean.count - 2] == UInt8(ascii: ","), rng.next() % 2 == 0 {
                        clean.append(UInt8(ascii: " "))
                    }
                }
                bytes += clean
                if rng.next() % 2 == 0 { bytes += stops[Int(rng.next() % UInt64(stops.count))] }
            }
            var cuts: [Int] = []
            for _ in 0..<Int(rng.next() % 3) { cuts.append(Int(rng.next() % UInt64(bytes.count + 1))) }
            cuts.sort()
            let viewBreak = round % 9 == 0 ? Int(rng.next() % UInt64(bytes.count + 1)) : nil
            let blocks = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak)
            let steps = run(bytes, cuts: cuts, runs: true, blocks: false, viewBreak: viewBreak)
            let byteLoop = run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak)
            XCTAssertEqual(blocks, steps, "input \(bytes) cuts \(cuts)")
            XCTAssertEqual(blocks, byteLoop, "input \(bytes) cuts \(cuts)")
            if blocks != steps || blocks != byteLoop { return }
        }
        let text = Array(String(repeating: "Call us\r\n at 555\u{1}0100, ", count: 5).utf8) + [0xC3]
        var written = 0
        var flags: UInt32 = 0
        let cap = TextNormalizer.maxOutput(forInput: text.count)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        let origins = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
        defer { out.deallocate(); origins.deallocate() }
        let taken = text.withUnsafeBufferPointer {
            hookline_ascii_run($0.baseAddress, text.count, 1, out, origins, 0, &written, &flags)
        }
        XCTAssertEqual(taken, hookline_has_avx2() != 0 ? text.count - 1 : 0)
    }

    /// Every ASCII byte (controls, DEL, every blank, runs of them) at random among words,
    /// with now and then an 8-bit byte, in inputs of every length from 0 to ~300 bytes, so
    /// the C run's blocks are refused in every lane and its padded last block and byte tail
    /// meet every class: output, origins and flags as the byte steps and the Swift steps.
    func testCRunOnEveryASCIIByte() {
        var rng = SplitMix(seed: 3333)
        let words = ["Norton", "CALL", "x", "8", "555", "a1"].map { Array($0.utf8) }
        for round in 0..<6000 {
            var bytes: [UInt8] = []
            let length = Int(rng.next() % 300)
            while bytes.count < length {
                let r = rng.next()
                switch r % 8 {
                case 0: bytes.append(UInt8(truncatingIfNeeded: r >> 8) & 0x7F)
                case 1: bytes.append([0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C][Int((r >> 8) % 6)])
                case 2 where (r >> 8) % 16 == 0: bytes += Self.pieces[0x80 + Int((r >> 12) % UInt64(Self.pieces.count - 0x80))]
                default:
                    bytes += words[Int((r >> 8) % UInt64(words.count))]
                    bytes.append(UInt8(ascii: " "))
                }
            }
            var cuts: [Int] = []
            for _ in 0..<Int(rng.next() % 3) { cuts.append(Int(rng.next() % UInt64(bytes.count + 1))) }
            cuts.sort()
            let viewBreak = round % 8 == 0 ? Int(rng.next() % UInt64(bytes.count + 1)) : nil
            let inC = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak)
            let byteLoop = run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak)
            XCTAssertEqual(inC, byteLoop, "input \(bytes) cuts \(cuts)")
            XCTAssertEqual(inC, run(bytes, cuts: cuts, runs: true, blocks: false, viewBreak: viewBreak), "input \(bytes)")
            if inC != byteLoop { return }
        }
    }

    /// ``ASCIIWord``'s masks lane by lane against the byte classes they stand for, for every
    /// byte value in every lane among random neighbours (a carry between lanes would show).
    func testASCIIWordMasks() {
        var rng = SplitMix(seed: 808)
        for round in 0..<20000 {
            var lanes = (0..<8).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if round < 256 * 8 { lanes[round % 8] = UInt8(round / 8) }
            if round % 3 == 0 { lanes = lanes.map { $0 & 0x7F } }
            let spaceBefore = round % 2 == 0
            var word: UInt64 = 0
            for (k, b) in lanes.enumerated() { word |= UInt64(b) << (8 * k) }
            let m = ASCIIWord(word, spaceBefore: spaceBefore)
            for (k, b) in lanes.enumerated() {
                let bit = UInt64(0x80) << (8 * k)
                let letter = (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                XCTAssertEqual(m.letters & bit != 0, letter, "lane \(k) of \(lanes)")
                XCTAssertEqual(m.digits & bit != 0, (0x30...0x39).contains(b), "lane \(k) of \(lanes)")
                XCTAssertEqual(m.spaces & bit != 0, b == 0x20, "lane \(k) of \(lanes)")
                let before = k == 0 ? spaceBefore : lanes[k - 1] == 0x20
                let refused = b < 0x20 || b >= 0x7F || (b == 0x20 && before)
                XCTAssertEqual(m.refused & bit != 0, refused, "lane \(k) of \(lanes)")
                let folded = UInt8(truncatingIfNeeded: m.folded >> (8 * k))
                XCTAssertEqual(folded, (0x41...0x5A).contains(b) ? b | 0x20 : b, "lane \(k) of \(lanes)")
            }
        }
    }

    /// The gaps between tags, passed over as a run of blanks: long runs of every blank byte
    /// (alone, as an input of their own, or cut anywhere) between words, digits, controls
    /// and the non-ASCII that changes the word state, as the byte path reads them.
    func testBlankRunsMatchByteSteps() {
        let blanks: [UInt8] = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
        let around = ["", "a", "Z9", "8", "-", "\u{0}", "\u{7F}", "\u{8}", "\u{200B}", "\u{301}", "о", "\u{202E}x", "é"]
        var rng = SplitMix(seed: 2424)
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(1 + rng.next() % 6) {
                let r = rng.next()
                bytes += Array(around[Int(r % UInt64(around.count))].utf8)
                for _ in 0..<Int((r >> 8) % 40) { bytes.append(blanks[Int(rng.next() % UInt64(blanks.count))]) }
            }
            var cuts: [Int] = []
            for _ in 0..<Int(rng.next() % 5) { cuts.append(Int(rng.next() % UInt64(bytes.count + 1))) }
            cuts.sort()
            let viewBreak = round % 6 == 0 ? Int(rng.next() % UInt64(bytes.count + 1)) : nil
            let fast = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak)
            XCTAssertEqual(fast, run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak), "input \(bytes) cuts \(cuts)")
            XCTAssertEqual(fast, run(bytes, cuts: cuts, runs: true, words: false, viewBreak: viewBreak), "input \(bytes)")
            if fast != run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak) { return }
        }
    }

    /// Inputs of blanks alone (the gaps between tags, cut where the tags were) passed over
    /// when ``TextNormalizer/writesNothing(_:)`` says normalising them writes nothing: the
    /// same output, origins and flags as normalising every input, whatever came before the
    /// gap (a word, a digit, a mark or zero-width character after one, a UTF-8 sequence cut
    /// in two, an open bidi embedding or a reversed run carried over, a view's start).
    func testPassingOverBlankInputsChangesNothing() {
        let blanks: [UInt8] = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
        let around = [
            "a", "Z9", "8", "-", ".", "\u{0}", "\u{7F}", "\u{200B}", "8\u{301}", "a\u{200D}", "о", "aо", "\u{202E}12",
            "\u{202B}3-4", "\u{202C}", "\u{2067}5", "\u{2069}", "é", "\u{FF18}", "\u{00A0}", "\u{3000}", "ア", "שלום 12",
            "\u{1D7CE}", "call us", "(800)",
        ].map { Array($0.utf8) }
        let broken: [[UInt8]] = [[0xE2, 0x80], [0xF0, 0x9F], [0xC3], [0x80], [0xFF]]
        var rng = SplitMix(seed: 2525)
        var skipped = 0
        var normalised = 0
        for round in 0..<5000 {
            var bytes: [UInt8] = []
            var cuts: [Int] = []
            for _ in 0..<Int(1 + rng.next() % 8) {
                let r = rng.next()
                if r % 3 != 0 {
                    bytes += around[Int((r >> 8) % UInt64(around.count))]
                } else if r % 7 == 0 {
                    bytes += broken[Int((r >> 8) % UInt64(broken.count))]
                }
                // A gap of its own, as the HTML extractor hands it over (now and then cut in
                // two, or with a word's bytes after it in the same input).
                cuts.append(bytes.count)
                for _ in 0..<Int((r >> 16) % 12) { bytes.append(blanks[Int(rng.next() % UInt64(blanks.count))]) }
                if (r >> 24) % 5 == 0 { cuts.append(bytes.count - Int((r >> 28) % 3)) }
                if (r >> 32) % 4 != 0 { cuts.append(bytes.count) }
            }
            cuts = cuts.filter { $0 >= 0 && $0 <= bytes.count }.sorted()
            let viewBreak = round % 6 == 0 ? Int(rng.next() % UInt64(bytes.count + 1)) : nil
            var count = 0
            let fast = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak, skipBlank: true, skipped: &count)
            let slow = run(bytes, cuts: cuts, runs: true, viewBreak: viewBreak)
            XCTAssertEqual(fast, slow, "input \(bytes) cuts \(cuts) view break \(String(describing: viewBreak))")
            XCTAssertEqual(fast, run(bytes, cuts: cuts, runs: false, viewBreak: viewBreak), "input \(bytes) cuts \(cuts)")
            if fast != slow { return }
            skipped += count
            normalised += cuts.count + 1 - count
        }
        // Both answers are given often (the test would hold nothing if the check always said no).
        XCTAssertGreaterThan(skipped, 5_000)
        XCTAssertGreaterThan(normalised, 5_000)
    }
}
