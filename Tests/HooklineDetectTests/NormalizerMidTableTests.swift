import HooklineCore
import XCTest
@testable import HooklineDetect

/// The normaliser's table for U+3000...U+FDFF (``FoldTable/mid``) against what it replaced:
/// each scalar there computed once per normaliser and cached (``TextNormalizer/midTable``
/// off). Same output bytes, origins and flags for texts that mix those scalars with ASCII
/// words and digits, cut anywhere (a sequence split between inputs).
final class NormalizerMidTableTests: XCTestCase {
    /// Scalars whose fold does something: the ideographic space, kana and their middle dot
    /// (a separator), circled and parenthesised numbers and letters, squared words, CJK,
    /// Hangul, Yi, compatibility ideographs, private use, presentation forms, variation
    /// selectors (ignorable), Cyrillic and Latin extensions whose letters pass for Latin.
    static let chosen: [UInt32] = [
        0x3000, 0x3001, 0x3002, 0x3005, 0x3041, 0x3042, 0x30A2, 0x30FB, 0x30FC, 0x3131, 0x3200, 0x3220,
        0x3251, 0x3280, 0x32D0, 0x3300, 0x33A1, 0x3400, 0x4E00, 0x4E8C, 0x9FFF, 0xA000, 0xA4D0, 0xA640,
        0xA641, 0xA722, 0xA7F8, 0xAB30, 0xAB53, 0xAC00, 0xD7A3, 0xE000, 0xF900, 0xFB00, 0xFB01, 0xFB1D,
        0xFB50, 0xFD3E, 0xFDF2,
    ]

    func run(_ bytes: [UInt8], cuts: [Int], table: Bool) -> NormalizerASCIIRunTests.Result {
        var n = TextNormalizer()
        n.midTable = table
        let cap = TextNormalizer.maxOutput(forInput: bytes.count + 4)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        let origins = UnsafeMutablePointer<Int32>.allocate(capacity: cap)
        defer { out.deallocate(); origins.deallocate() }
        var r = NormalizerASCIIRunTests.Result()
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
                take(n.normalize(UnsafeBufferPointer(rebasing: all[at..<cut]), out: out, origins: origins), base: at)
                at = cut
            }
        }
        take(n.finishView(out: out, origins: origins), base: bytes.count)
        r.flags = [n.sawZeroWidth, n.sawMixedScript, n.sawDisguisedDigits, n.sawKana, n.sawArabicDigits]
        r.hints = n.regionHints
        return r
    }

    func testTableMatchesComputedFolds() {
        var rng = SplitMix(seed: 3030)
        let ascii = ["a", "Z", "8", "42", " ", "-", "(", "\r\n", "\u{200B}", "о", "\u{301}"].map { Array($0.utf8) }
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 24) {
                let r = rng.next()
                let v: UInt32
                switch r % 4 {
                case 0: v = Self.chosen[Int((r >> 8) % UInt64(Self.chosen.count))]
                case 1: v = 0x3000 + UInt32((r >> 8) % 0xCE00)  // anywhere in the table
                default:
                    bytes += ascii[Int((r >> 8) % UInt64(ascii.count))]
                    continue
                }
                // Surrogates have no scalar: their three bytes are broken UTF-8, folded apart.
                if let scalar = Unicode.Scalar(v) { bytes += Array(String(scalar).utf8) } else { bytes += [0xED, 0xA0, 0x80] }
            }
            var cuts: [Int] = []
            if !bytes.isEmpty {
                for _ in 0..<Int(rng.next() % 4) { cuts.append(Int(rng.next() % UInt64(bytes.count))) }
            }
            cuts.sort()
            let table = run(bytes, cuts: cuts, table: true)
            let computed = run(bytes, cuts: cuts, table: false)
            XCTAssertEqual(table, computed, "round \(round) input \(bytes) cuts \(cuts)")
            if table != computed { return }
        }
    }
}
