import XCTest

@testable import HooklineText

/// `HTMLStyleMemo` answers for a value only what parsing that very value gives: values that
/// share a slot (same length, same first and last eight bytes, other bytes between) and
/// values past the size limit included.
final class HTMLStyleMemoTests: XCTestCase {
    static func describe(_ s: HTMLStyle) -> String {
        "\(s.hidden) \(String(describing: s.zeroFont)) \(String(describing: s.invisible)) "
            + "\(String(describing: s.color)) \(String(describing: s.background))"
    }

    static let middles = [
        "display:none", "display:nonx", "color:#ffffff", "color:#fffffe", "font-size:0px", "font-size:9px",
        "visibility:hidden", "visibility:hiddeX", "opacity:0", "opacity:1", "", "x",
    ]

    func testAnswersOnlyWhatParsingTheSameBytesGives() {
        var rng = SplitMix64(state: 0x57E1)
        var memo = HTMLStyleMemo()
        var hits = 0
        for round in 0..<60000 {
            let r = rng.next()
            var value: [UInt8]
            switch r % 4 {
            case 0:
                // Same ends and length, different middle: one slot, different styles.
                value =
                    Array("color:#000;".utf8) + Array(Self.middles[Int((r >> 8) % UInt64(Self.middles.count))].utf8)
                    + Array(";background:#fff".utf8)
            case 1:
                value = (0..<Int((r >> 8) % 9)).map { _ in Array("ab:;0#".utf8)[Int(rng.next() % 6)] }
            case 2:
                value =
                    Array("padding:0;".utf8) + Array(repeating: UInt8(ascii: " "), count: Int((r >> 8) % 600))
                    + Array(Self.middles[Int((r >> 20) % UInt64(Self.middles.count))].utf8)
            default:
                value = Array(Self.middles[Int((r >> 8) % UInt64(Self.middles.count))].utf8)
            }
            let ok = value.withUnsafeBytes { raw -> Bool in
                let parsed = HTMLStyle.parse(bytes: raw)
                if let known = memo.style(for: raw) {
                    hits += 1
                    return Self.describe(known) == Self.describe(parsed)
                }
                memo.keep(raw, parsed)
                return true
            }
            if !ok {
                XCTFail("round \(round): \(String(decoding: value, as: UTF8.self).debugDescription)")
                return
            }
        }
        XCTAssertGreaterThan(hits, 5000)
    }

    func testEqualMatchesArrayEquality() {
        var rng = SplitMix64(state: 0xE0)
        for _ in 0..<20000 {
            let n = Int(rng.next() % 40)
            let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() % 3) }
            var b = a
            if n > 0 && rng.next() % 2 == 0 { b[Int(rng.next() % UInt64(n))] ^= 1 }
            let got = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in HTMLStyleMemo.equal(pa, pb) } }
            XCTAssertEqual(got, a == b)
        }
    }
}
