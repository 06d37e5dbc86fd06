import HooklineCore
import XCTest
@testable import HooklineDetect

/// The MIME layer splits text wherever its buffers end; findings must not depend on where.
final class ChunkSplitTests: XCTestCase {
    static let message =
        "Your account was charged 389.90 USD on 2026-11-25 (INV-22455340). "
        + "If you did not authorize this, contact the Fraud Detection Team at +1 (864) 347-2494 " + "or " + scalars(0xFF11)
        + "-8OO-642-7676. M" + scalars(0x0456) + "crosoft support: 1-888-MSFT-HELP, "
        + "tracking 1Z999AA10123456784, 8\u{200B}6\u{200B}4.555.0199 as well. " + "Call "
        + [8, 8, 8].map { scalars(0x1D7D8 + UInt32($0)) }.joined() + " 555 0100 now."

    static let patterns = streamPatterns([
        PatternSpec(id: 1, expression: "fraud detection team"),
        PatternSpec(id: 2, expression: "microsoft support"),
        PatternSpec(id: 3, expression: "charged \\d+\\.\\d\\d usd"),
        PatternSpec(id: 4, expression: "now\\.$"),
    ])

    struct Summary: Equatable {
        var phones: [String]
        var matches: [String]
        var anomalies: Set<Anomaly>
        var textBytes: Int
    }

    func summarize(_ f: TextFindings) -> Summary {
        Summary(
            phones: f.phones.map { "\($0.e164)|\($0.evidence)|\($0.offset)|\($0.views)" },
            matches: f.matches.map { "\($0.id)|\($0.start)|\($0.end)|\($0.evidence)|\($0.view)" },
            anomalies: f.anomalies, textBytes: f.textBytes)
    }

    func testWholeMessageFindings() {
        let f = analyze(Self.message, patterns: Self.patterns)
        XCTAssertEqual(Set(f.phones.map(\.e164)), ["+18643472494", "+18006427676", "+18886738435", "+18645550199", "+18885550100"])
        XCTAssertEqual(Set(f.matches.map(\.id)), [1, 2, 3, 4])
        XCTAssertTrue(f.anomalies.isSuperset(of: [.zeroWidthInText, .mixedScriptWord, .obfuscatedDigits]))
    }

    func testEverySplitPointGivesTheSameFindings() {
        let bytes = Array(Self.message.utf8)
        let expected = summarize(analyze([(.plain, [bytes])], patterns: Self.patterns))
        for cut in 0...bytes.count {
            let got = summarize(analyze([(.plain, [Array(bytes[..<cut]), Array(bytes[cut...])])], patterns: Self.patterns))
            XCTAssertEqual(got, expected, "split at byte \(cut)")
        }
    }

    func testByteAtATime() {
        let bytes = Array(Self.message.utf8)
        let expected = summarize(analyze([(.plain, [bytes])], patterns: Self.patterns))
        let got = summarize(analyze([(.plain, bytes.map { [$0] })], patterns: Self.patterns))
        XCTAssertEqual(got, expected)
    }

    func testRandomMultiSplits() {
        let bytes = Array(Self.message.utf8)
        let expected = summarize(analyze([(.plain, [bytes])], patterns: Self.patterns))
        var rng = SplitMix(seed: 42)
        for _ in 0..<200 {
            var chunks: [[UInt8]] = []
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, 1 + Int(rng.next() % 17))
                chunks.append(Array(bytes[at..<(at + n)]))
                at += n
            }
            XCTAssertEqual(summarize(analyze([(.plain, chunks)], patterns: Self.patterns)), expected)
        }
    }

    func testLargeChunkCrossesInternalSlices() {
        // The analyzer works in 1 KiB slices; put a phone and a phrase across the seam at 4 KiB.
        let filler = String(repeating: "lorem ipsum ", count: 340)  // 4080 bytes
        let text = filler + "call +1 (864) 347-2494, fraud detection team"
        let f = analyze(text, patterns: Self.patterns)
        XCTAssertEqual(f.phones.map(\.e164), ["+18643472494"])
        XCTAssertEqual(f.phones.first?.evidence, "+1 (864) 347-2494")
        XCTAssertEqual(f.matches.map(\.id), [1])
        XCTAssertEqual(f.matches.first?.evidence, "fraud detection team")
    }
}

/// Deterministic generator so a failing split can be reproduced.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
