import HooklineCore
import XCTest

@testable import HooklineText

/// Return-Path, List-Id, X-Original-To, Delivered-To, Message-ID and Precedence read on the
/// bytes of a quiet value, against the decoded value trimmed, its angle content taken and
/// lowercased a String at a time. Generated folded values with brackets, blanks, quotes,
/// NUL, CR and LF alone, 8-bit bytes and encoded words (those two take the decoded way).
final class HeaderFieldTextTests: XCTestCase {
    private static let pieces: [[UInt8]] = [
        Array("<".utf8), Array(">".utf8), Array(" ".utf8), Array("\t".utf8), Array("\r\n ".utf8), Array("\r".utf8),
        Array("\n".utf8), [0x00], [0x0B], [0x0C], Array("Bounce+X@Mail.Example.ORG".utf8), Array("Name".utf8),
        Array("\"Q u\"".utf8), Array(";".utf8), Array("<<".utf8), Array(">>".utf8), Array("a".utf8), Array("LIST".utf8),
        Array("=?utf-8?q?A=3Cb=3E?=".utf8), Array("=?".utf8), [0xE9], [0xC3, 0xA9], Array("(c)".utf8), Array("@".utf8),
    ]

    private static func value(_ rng: inout SplitMix64) -> [UInt8] {
        var v: [UInt8] = []
        for _ in 0..<Int.random(in: 0...9, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
        return v
    }

    private static func decoded(_ raw: [UInt8]) -> String {
        var none: Set<Anomaly> = []
        return HeaderDecoding.decode(raw, anomalies: &none)
    }

    func testQuietBytesGiveTheTextOfTheDecodedValue() {
        var rng = SplitMix64(state: 3101)
        var quietOnes = 0
        for round in 0..<20_000 {
            let raw = Self.value(&rng)
            let quiet = raw.withUnsafeBytes { HeaderDecoding.decodesQuietly($0) }
            if quiet { quietOnes += 1 }
            for angle in [false, true] {
                for lower in [false, true] {
                    let expected = HeaderFeatures.decodedFieldText(Self.decoded(raw), angle: angle, lower: lower)
                    let got = raw.withUnsafeBytes {
                        HeaderFeatures.fieldText(
                            raw: $0, quiet: quiet, decoded: { Self.decoded(raw) }, angle: angle, lower: lower)
                    }
                    XCTAssertEqual(got, expected, "round \(round) angle \(angle) lower \(lower): \(raw)")
                }
            }
        }
        XCTAssertGreaterThan(quietOnes, 5000)
    }

    /// Through `add`, every field that reads its text this way, against the decoded way.
    func testFieldsThroughAddEqualTheDecodedWay() {
        var rng = SplitMix64(state: 3103)
        for round in 0..<3000 {
            let raw = Self.value(&rng)
            var h = HeaderFeatures()
            for name in ["Return-Path", "List-Id", "X-Original-To", "Delivered-To", "Message-ID", "Precedence"] {
                raw.withUnsafeBytes { _ = h.add(name: name, value: $0, limits: Limits()) }
            }
            let d = Self.decoded(raw)
            let context = "round \(round): \(raw)"
            XCTAssertEqual(h.returnPath, HeaderFeatures.angleContent(d.trimmingCharacters()).lowercased(), context)
            XCTAssertEqual(h.listId, HeaderFeatures.angleContent(d.trimmingCharacters()).lowercased(), context)
            XCTAssertEqual(h.xOriginalTo, d.trimmingCharacters().lowercased(), context)
            XCTAssertEqual(h.deliveredTo, d.trimmingCharacters().lowercased(), context)
            XCTAssertEqual(h.messageId, d.trimmingCharacters(), context)
            XCTAssertTrue(h.hasMailingListHeaders, context)  // List-Id says so whatever its value
            var p = HeaderFeatures()
            raw.withUnsafeBytes { _ = p.add(name: "Precedence", value: $0, limits: Limits()) }
            XCTAssertEqual(p.hasMailingListHeaders, d.trimmingCharacters().lowercased() == "list", context)
        }
    }
}
