import XCTest
import HooklineCore
@testable import HooklineText

/// `HeaderDecoding.anomalies(_:into:)` (the byte pass for fields nothing reads) against
/// the anomalies of `HeaderDecoding.decode`, on generated hostile values: encoded words in
/// every charset group and both encodings, words broken every way the parser tells apart,
/// 8-bit and NUL bytes inside and outside words, controls and folds through words.
final class HeaderAnomalyScanTests: XCTestCase {
    static let labels = [
        "utf-8", "UTF-8", "utf8", "\"utf-8\"", "utf-8*en", "", "us-ascii", "ASCII", "iso-8859-1", "Latin1",
        "windows-1252", "cp1252", "gb2312", "shift_jis", "iso-2022-jp", "euc-kr", "big5", "koi8-r", "iso-8859-2",
        "x-bogus", "unknown-8bit", "u\u{00E9}tf", String(repeating: "a", count: 70),
    ]
    /// Encoded-word texts: plain, 8-bit or NUL once decoded, broken base64, odd Q escapes.
    static let bTexts = [
        "SGVsbG8gV29ybGQ=", "SGVsbG8", "SGVsbA==", "SGVsbG8===", "S", "SG", "SGV", "AAAA", "gICA", "4pyT", "8J+Ygg==",
        "wqA=", "YQ=Yg==", "Y-_x", "YW Jj", "YW\u{0B}Jj", "YW*j", "", "=", "QUJD\u{00E9}",
    ]
    static let qTexts = [
        "caf=C3=A9_x", "a=00b", "=E9t=E9", "plain_text", "=4", "=G1", "=", "==41", "a=7Fb", "a=80", "\u{00E9}",
        "x\u{01}y", "", "_", "=20=3F", "a=3d=3D",
    ]
    static let pieces: [[UInt8]] =
        HeaderReferenceTests.pieces + [
            Array("=?".utf8), Array("?=".utf8), Array("?".utf8), Array("=?utf-8?".utf8), Array("=?utf-8?B?".utf8),
            Array("=?utf-8?X?abc?=".utf8), Array("=??B?QQ==?=".utf8), Array("=?utf-8?Q?a b?=".utf8), [0x01], [0x1B],
            [0x7F], [0xFF], [0xC0, 0x80], Array("\r\n".utf8), Array("\n".utf8), Array(" ".utf8), Array("\t".utf8),
            Array("=?utf-8?Q?split\r\n word?=".utf8), Array("=?utf-\r\n 8?B?QQ==?=".utf8), Array("=\r\n?".utf8),
        ]

    static func word(_ rng: inout SplitMix64) -> [UInt8] {
        let label = labels.randomElement(using: &rng) ?? ""
        let b = Bool.random(using: &rng)
        let enc = b ? (Bool.random(using: &rng) ? "B" : "b") : (Bool.random(using: &rng) ? "Q" : "q")
        let text = (b ? bTexts : qTexts).randomElement(using: &rng) ?? ""
        return Array("=?\(label)?\(enc)?\(text)?=".utf8)
    }

    static func value(_ rng: inout SplitMix64) -> [UInt8] {
        var v: [UInt8] = []
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4: v += word(&rng)
            case 4: v += (0..<Int.random(in: 1...6, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            default: v += pieces.randomElement(using: &rng) ?? []
            }
        }
        return v
    }

    func testAnomaliesAreTheDecodersAnomalies() {
        var rng = SplitMix64(state: 2801)
        var byPass = 0
        var passFound = Set<Anomaly>()
        for round in 0..<40_000 {
            let v = Self.value(&rng)
            v.withUnsafeBytes { raw in
                var decoded: Set<Anomaly> = []
                _ = HeaderDecoding.decode(raw, anomalies: &decoded)
                var checked: Set<Anomaly> = []
                HeaderDecoding.anomalies(raw, into: &checked)
                XCTAssertEqual(checked, decoded, "round \(round): \(v)")
                // The byte pass alone, where it answers, says the same.
                if let pass = HeaderDecoding.quietAnomalies(raw) {
                    byPass += 1
                    var fromPass: Set<Anomaly> = []
                    if pass.eightBit { fromPass.insert(.eightBitHeader) }
                    if pass.badWord { fromPass.insert(.badEncodedWord) }
                    XCTAssertEqual(fromPass, decoded, "round \(round): \(v)")
                    passFound.formUnion(fromPass)
                }
            }
        }
        // Most values are answered by the byte pass itself, with both of its anomalies seen.
        XCTAssertGreaterThan(byPass, 10_000)
        XCTAssertEqual(passFound, [.eightBitHeader, .badEncodedWord])
    }

    /// `checkWhole` against `decodeWhole`: the same garbage answer, and plain exactly when
    /// every decoded byte is 0x01–0x7F.
    func testBase64CheckMatchesTheDecode() {
        var rng = SplitMix64(state: 2802)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \t\r\n*\u{00E9}".utf8)
        var plainSeen = 0
        for round in 0..<40_000 {
            let n = Int.random(in: 0...14, using: &rng)
            let text = (0..<n).map { _ in alphabet.randomElement(using: &rng) ?? 0 }
            text.withUnsafeBufferPointer { t in
                let (bytes, garbage) = Base64Decoder.decodeWhole(t)
                let check = Base64Decoder.checkWhole(t)
                let plain = bytes.allSatisfy { $0 != 0 && $0 < 0x80 }
                XCTAssertEqual(check.garbage, garbage, "round \(round): \(text)")
                XCTAssertEqual(check.plain, plain, "round \(round): \(text)")
                if plain && !bytes.isEmpty { plainSeen += 1 }
            }
        }
        XCTAssertGreaterThan(plainSeen, 1_000)
    }
}
