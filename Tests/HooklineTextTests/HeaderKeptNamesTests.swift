import XCTest
import HooklineCore
@testable import HooklineText

/// Fields no rule reads are not decoded when decoding could flag nothing: everything a
/// rule can see (features, anomalies, the kept fields' values) is what decoding every
/// field gives.
final class HeaderKeptNamesTests: XCTestCase {
    static let headers: [(String, [UInt8])] = [
        ("From", Array("\"A\" <a@example.com>".utf8)),
        ("ARC-Seal", Array("i=1; a=rsa-sha256; b=abc\r\n\tdef".utf8)),
        ("X-Vendor", Array("plain ascii".utf8)),
        ("X-Encoded", Array("=?utf-8?B?w6k=?= tail".utf8)),
        ("X-Bad-Word", Array("=?x?Q?".utf8)),
        ("X-Folded-Marker", Array("a=\r\n?b".utf8)),
        ("X-Eight-Bit", [0x61, 0xE9, 0x62]),
        ("X-Nul", [0x61, 0x00, 0x62]),
        ("X-Unknown-Charset", Array("=?x-nonsense?Q?abc?=".utf8)),
        ("Resent-From", Array("b@example.org".utf8)),
        ("X-Kept", Array("kept value".utf8)),
        ("Subject", Array("=?utf-8?Q?Hello?=".utf8)),
    ]

    func features(kept: Set<String>?) -> HeaderFeatures {
        var f = HeaderFeatures()
        f.keptNames = kept
        for (name, value) in Self.headers {
            value.withUnsafeBytes { f.add(name: name, value: $0, limits: .default) }
        }
        return f
    }

    func testSkippingChangesNothingARuleSees() {
        let all = features(kept: nil)
        let some = features(kept: ["x-kept"])
        XCTAssertEqual(some.anomalies, all.anomalies)
        XCTAssertFalse(all.anomalies.isEmpty)
        XCTAssertEqual(some.headerCount, all.headerCount)
        XCTAssertEqual(some.subject, all.subject)
        XCTAssertEqual(some.from?.address, all.from?.address)
        XCTAssertEqual(some.hasResentHeaders, all.hasResentHeaders)
        XCTAssertTrue(some.hasResentHeaders)
        let keptOrRead = Set(["x-kept", "from", "subject", "resent-from"])
        let expected = all.all.filter { keptOrRead.contains($0.name) || !HeaderDecodingProbe.quiet($0.name) }
        XCTAssertEqual(some.all.map(\.name), expected.map(\.name))
        XCTAssertEqual(some.all.map(\.value), expected.map(\.value))
        XCTAssertTrue(some.all.contains { $0.name == "x-kept" && $0.value == "kept value" })
        XCTAssertFalse(some.all.contains { $0.name == "arc-seal" || $0.name == "x-vendor" || $0.name == "x-nul" })
    }

    func testQuietMeansNoEightBitAndNoMarker() {
        func quiet(_ b: [UInt8]) -> Bool { b.withUnsafeBytes { HeaderDecoding.decodesQuietly($0) } }
        XCTAssertTrue(quiet(Array("a=b ?c".utf8)))
        XCTAssertFalse(quiet(Array("a=?b".utf8)))
        XCTAssertFalse(quiet(Array("a=\n?b".utf8)))
        XCTAssertFalse(quiet(Array("a=\r\n?b".utf8)))
        XCTAssertTrue(quiet(Array("a= ?b".utf8)))
        XCTAssertFalse(quiet([0x61, 0x80]))
    }
}

/// Which of the sample fields decode quietly (so are left out when not kept).
enum HeaderDecodingProbe {
    static func quiet(_ lname: String) -> Bool {
        guard let (_, v) = HeaderKeptNamesTests.headers.first(where: { $0.0.lowercased() == lname }) else { return false }
        return v.withUnsafeBytes { HeaderDecoding.decodesQuietly($0) }
    }
}
