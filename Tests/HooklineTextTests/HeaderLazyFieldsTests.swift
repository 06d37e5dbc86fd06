import HooklineCore
import XCTest

@testable import HooklineText

/// DKIM's d= read on the raw bytes of a quiet value and the Received "for" worked out when
/// read, against what they replace: the tag of the decoded value, and the first of the top
/// Received fields scanned in arrival order as each came. Generated folded values (CR, LF,
/// blanks inside names and values), NUL, 8-bit bytes and encoded words.
final class HeaderLazyFieldsTests: XCTestCase {
    private static let dkimPieces: [[UInt8]] = [
        Array("v=1; ".utf8), Array(" d = Example.ORG ;".utf8), Array("D=x".utf8), Array("dd=y;".utf8), Array("d\r\n d=z;".utf8),
        Array("=".utf8),
        Array(";".utf8), Array(" \t".utf8), Array("s=sel; ".utf8), Array("b=abc\n def;".utf8), Array("d".utf8),
        Array("\r\n ".utf8), Array("\n\t".utf8), Array("\r".utf8), Array("\n".utf8), [0x00], [0xE9],
        Array("=?utf-8?q?d=3Dx?=".utf8), Array("=?".utf8), Array("h=from:to; ".utf8), Array("bh=AAAA+/=;".utf8),
    ]

    private static func dkim(_ rng: inout SplitMix64) -> [UInt8] {
        var v: [UInt8] = []
        for _ in 0..<Int.random(in: 0...10, using: &rng) { v += dkimPieces.randomElement(using: &rng) ?? [] }
        return v
    }

    /// The decoded way, as `add` read d= before.
    private static func referenceDomain(_ raw: [UInt8]) -> String? {
        var none: Set<Anomaly> = []
        return HeaderFeatures.tag("d", in: HeaderDecoding.decode(raw, anomalies: &none))
    }

    func testDomainOnRawBytesEqualsTheTagOfTheDecodedValue() {
        var rng = SplitMix64(state: 2401)
        var quietOnes = 0
        for round in 0..<30_000 {
            let raw = Self.dkim(&rng)
            let quiet = raw.withUnsafeBytes { HeaderDecoding.decodesQuietly($0) }
            guard quiet else { continue }
            quietOnes += 1
            XCTAssertEqual(
                raw.withUnsafeBytes { HeaderFeatures.dkimDomain(raw: $0) }, Self.referenceDomain(raw), "round \(round): \(raw)")
            // Longer names, where a fold may fall inside the name.
            let unfolded = raw.filter { $0 != ASCII.cr && $0 != ASCII.lf }
            for name in ["dd", "bh", "v"] where !raw.contains(0) {
                XCTAssertEqual(
                    raw.withUnsafeBufferPointer { HeaderTagScan.tag(name, in: $0, folded: true) },
                    unfolded.withUnsafeBufferPointer { HeaderTagScan.tag(name, in: $0) }, "round \(round): \(raw)")
            }
        }
        XCTAssertGreaterThan(quietOnes, 5000)
    }

    func testDkimDomainsThroughAddEqualTheDecodedWay() {
        var rng = SplitMix64(state: 2403)
        for round in 0..<4000 {
            var h = HeaderFeatures()
            var expected: [String] = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let raw = Self.dkim(&rng)
                raw.withUnsafeBytes { _ = h.add(name: "DKIM-Signature", value: $0, limits: Limits()) }
                if let d = Self.referenceDomain(raw) { expected.append(d.lowercased()) }
            }
            XCTAssertEqual(h.dkimDomains, expected, "round \(round)")
        }
    }

    /// Many signatures, some long and some without d=: the values kept (up to 64, or 64 KB)
    /// and the ones read as they come after give the first 64 domains in order, as reading
    /// each as it came did.
    func testDkimDomainsPastTheKeptBoundsEqualTheDecodedWay() {
        var rng = SplitMix64(state: 3008)
        let long = Array(repeating: UInt8(ascii: "b"), count: 9000)
        for round in 0..<200 {
            var h = HeaderFeatures()
            var expected: [String] = []
            for _ in 0..<Int.random(in: 50...90, using: &rng) {
                var raw = Self.dkim(&rng)
                if Int.random(in: 0..<8, using: &rng) == 0 { raw += Array("; b=".utf8) + long }
                raw.withUnsafeBytes { _ = h.add(name: "DKIM-Signature", value: $0, limits: Limits()) }
                if expected.count < 64, let d = Self.referenceDomain(raw) { expected.append(d.lowercased()) }
            }
            XCTAssertEqual(h.dkimDomains, expected, "round \(round)")
        }
    }

    func testReceivedForWhenReadEqualsTheScanInArrivalOrder() {
        var rng = SplitMix64(state: 2405)
        let received: [[UInt8]] = [
            Array("from a by mx.example.net with ESMTP id 1".utf8), Array(" for <Alice@Corp.example>; Mon".utf8),
            Array("\n\tfor bob@corp.example;".utf8), Array("\tFOR <x@y>".utf8), Array("by lmtp".utf8), Array(" for ".utf8),
            Array("\r\n ".utf8), Array("=?utf-8?q?for_z=40w?=".utf8), [0xE9], [0x00], Array("@".utf8), Array("<".utf8),
        ]
        for round in 0..<6000 {
            var h = HeaderFeatures()
            var found: String?
            var seen = 0
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                var raw: [UInt8] = []
                for _ in 0..<Int.random(in: 0...6, using: &rng) { raw += received.randomElement(using: &rng) ?? [] }
                let name = Int.random(in: 0..<5, using: &rng) == 0 ? "X-Other" : "Received"
                raw.withUnsafeBytes { _ = h.add(name: name, value: $0, limits: Limits()) }
                guard name == "Received" else { continue }
                // As `add` did it: each of the top three, while none had named one.
                if seen < HeaderFeatures.receivingHops && found == nil {
                    var none: Set<Anomaly> = []
                    found = HeaderFeatures.receivedFor(HeaderDecoding.decode(raw, anomalies: &none))
                }
                seen += 1
            }
            XCTAssertEqual(h.receivedFor, found, "round \(round)")
        }
    }
}
