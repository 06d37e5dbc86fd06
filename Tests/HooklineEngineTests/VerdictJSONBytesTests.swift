import Foundation
@testable import HooklineCore
import XCTest

@testable import HooklineEngine

/// `VerdictJSON.line`, now written as bytes (``JSONBytes``), against the `String` it was
/// built as before (``ReferenceVerdictJSON``): the same line for generated verdicts whose
/// strings hold every byte class JSON escapes or passes (controls, DEL, C1, U+2028/U+2029,
/// quotes, backslashes, multi-byte letters, invalid UTF-8 decoded to U+FFFD) and whose
/// numbers take both of `number`'s paths.
final class VerdictJSONBytesTests: XCTestCase {
    private static let pieces: [String] = {
        var p = [
            "", "plain", "/tmp/a b/c.eml", "\"", "\\", "\n", "\r", "\t", "caf\u{e9}", "\u{2028}", "\u{2029}", "\u{2027}",
            "\u{202A}", "\u{80}", "\u{9F}", "\u{A0}", "\u{85}", "\u{7F}", "\u{0}", "\u{1F}", "Micro\u{200B}soft", "ア",
            "\u{1F4DE}", "\u{FFFD}", "+18885550199", "1-888-555-0199", "e\u{301}", "\u{E2}\u{80}",
            String(decoding: [0x61, 0xFF, 0xE2, 0x80, 0x62, 0xC2], as: UTF8.self),
        ]
        for c in 0..<0x100 { p.append(String(UnicodeScalar(UInt8(c)))) }
        for c in 0x2000...0x2030 { p.append(String(UnicodeScalar(UInt32(c)).map(Character.init) ?? "?")) }
        return p
    }()

    private static func string(_ rng: inout SplitMix64) -> String {
        var s = ""
        for _ in 0..<Int(rng.next() % 6) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return s
    }

    private static func number(_ rng: inout SplitMix64) -> Double {
        switch rng.next() % 6 {
        case 0: return Double(Int(rng.next() % 2001) - 1000) / 10
        case 1: return 0
        case 2: return -0.0
        case 3: return Double(Int64(bitPattern: rng.next())) / 1e3
        case 4: return Double(Int(rng.next() % 200)) * 0.1 - 7.3
        default: return [1e15, -1e15, 1e16, 0.05, -0.05, 2.675, .pi][Int(rng.next() % 7)]
        }
    }

    func testBytesWriteWhatTheStringWrote() {
        var rng = SplitMix64(seed: 3030)
        let actions = Action.allCases
        let anomalies = Anomaly.allCases
        for _ in 0..<3000 {
            var rules: [RuleHit] = []
            for _ in 0..<Int(rng.next() % 5) {
                rules.append(
                    RuleHit(
                        id: Self.string(&rng), score: Self.number(&rng), description: "",
                        evidence: (0..<Int(rng.next() % 4)).map { _ in Self.string(&rng) }))
            }
            var v = Verdict(
                action: actions[Int(rng.next() % UInt64(actions.count))], score: Self.number(&rng), rules: rules,
                phones: (0..<Int(rng.next() % 3)).map { _ in Self.string(&rng) },
                platform: rng.next() % 2 == 0 ? nil : Self.string(&rng),
                anomalies: Set((0..<Int(rng.next() % 4)).map { _ in anomalies[Int(rng.next() % UInt64(anomalies.count))] }),
                bytes: Int(rng.next() % 10_000_000) - (rng.next() % 50 == 0 ? 1_000_000_000 : 0))
            if rng.next() % 3 == 0 { v.wouldBe = actions[Int(rng.next() % UInt64(actions.count))] }
            for _ in 0..<Int(rng.next() % 3) {
                v.cappedGroups.append(
                    GroupScore(
                        group: Self.string(&rng), sum: Self.number(&rng), counted: Self.number(&rng), maxScore: nil,
                        minScore: nil))
            }
            let decision: Decision? =
                switch rng.next() % 4 {
                case 0: nil
                case 1: .onError(cause: Self.string(&rng), policy: rng.next() % 2 == 0 ? .accept : .tempfail)
                default: .verdict(actions[Int(rng.next() % UInt64(actions.count))])
                }
            let file = Self.string(&rng)
            let micros = rng.next() % 10 == 0 ? Int.max - Int(rng.next() % 100) : Int(rng.next() % 100_000_000)
            let expected = ReferenceVerdictJSON.line(file: file, verdict: v, decision: decision, elapsedMicros: micros)
            let line = VerdictJSON.line(file: file, verdict: v, decision: decision, elapsedMicros: micros)
            XCTAssertEqual(line, expected)
            XCTAssertEqual(Array(line.utf8), Array(expected.utf8))
            if line != expected { return }
        }
    }

    /// Integers as `String(n)` writes them, at every power of ten and the ends of the range.
    func testIntegersAsString() {
        var values = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var p = 1
        for _ in 0..<18 {
            p *= 10
            values += [p - 1, p, p + 1, -p, -(p - 1)]
        }
        for n in values {
            var out: [UInt8] = []
            JSONBytes.append(n, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), String(n))
        }
    }

    /// The eight-byte plain test (``JSONBytes/plain(_:)``) inside strings: every byte value
    /// (and the first bytes of C1 and U+2028/2029) at every place of a plain run, quoted as
    /// ``ReferenceJSONString`` quotes it, and `quote` returns the same as a `String`.
    func testEveryByteAtEveryPlace() {
        let plain = Array("abcdefghijklmnop~ !#[]{}0123".utf8)
        var inserts: [[UInt8]] = (0..<0x80).map { [UInt8($0)] }
        inserts += [[0xC2, 0x80], [0xC2, 0x9F], [0xC2, 0xA0], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0xAA]]
        inserts += [[0xC3, 0xA9], [0xF0, 0x9F, 0x93, 0x9E]]
        for insert in inserts {
            for at in 0...plain.count {
                let s = String(decoding: plain[..<at] + insert + plain[at...], as: UTF8.self)
                var out: [UInt8] = []
                JSONBytes.appendQuoted(s, to: &out)
                XCTAssertEqual(String(decoding: out, as: UTF8.self), ReferenceJSONString.quote(s), "\(insert) at \(at)")
                XCTAssertEqual(JSONBytes.quote(s), ReferenceJSONString.quote(s), "\(insert) at \(at)")
            }
        }
        for k in 0..<256 {
            var lanes = Array(repeating: UInt8(ascii: "a"), count: 8)
            lanes[k % 8] = UInt8(k)
            var word: UInt64 = 0
            for (j, b) in lanes.enumerated() { word |= UInt64(b) << (8 * j) }
            XCTAssertEqual(JSONBytes.plain(word), k >= 0x20 && k < 0x7F && k != 0x22 && k != 0x5C, "\(k)")
        }
    }
}
