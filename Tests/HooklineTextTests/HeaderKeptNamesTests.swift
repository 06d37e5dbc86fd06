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
        // Rules read `all` by the names they asked for, and nothing else reads it.
        XCTAssertEqual(some.all.map(\.name), ["x-kept"])
        XCTAssertEqual(some.all.map(\.value), all.all.filter { $0.name == "x-kept" }.map(\.value))
        XCTAssertTrue(some.all.contains { $0.name == "x-kept" && $0.value == "kept value" })
        XCTAssertFalse(some.all.contains { $0.name == "arc-seal" || $0.name == "x-vendor" || $0.name == "x-nul" })
    }

    /// Every feature, with fields decoded only when kept, read or possibly flagged, is what
    /// decoding every field gives, over random header blocks of real and hostile values.
    func testLazyDecodingChangesNoFeature() {
        let names = HeaderField.names.map(\.0) + ["Resent-From", "X-Kept", "ARC-Seal", "List-Unsubscribe", "FROM", "Received"]
        let values: [[UInt8]] = [
            Array("\"A\" <a@example.com>".utf8), Array("=?utf-8?B?w6k=?= <b@example.org>".utf8),
            Array("<list.example.org>".utf8), Array("mx.example.net; dkim=pass header.d=example.com; dmarc=fail header.from=x.org".utf8),
            Array("v=1; a=rsa-sha256; d=Example.COM; s=k1;\r\n\tb=abc".utf8),
            Array("from a.example ([192.0.2.1])\r\n\tby mx.example.net for <User@Example.net>; Mon, 1 Jan 2024".utf8),
            Array("by x\r\n for <u@example.org>;".utf8), Array("=?x?Q?".utf8), Array("a=\r\n?b".utf8), [0x61, 0xE9, 0x62],
            [0x61, 0x00, 0x62], Array("=?x-nonsense?Q?abc?=".utf8), Array("  list  ".utf8), Array("".utf8),
            Array("=?utf-8?Q?=E2=82=AC?= =?utf-8?Q?1?=".utf8), Array(repeating: UInt8(ascii: "x"), count: 5000),
            Array("a@b, \"C, D\" <c@d>, (comment) e@f".utf8), Array("=?utf-8?B?!!!?=".utf8), [0xFF, 0xFE, 0x3D, 0x3F],
        ]
        var rng = SplitMix64(state: 42)
        for round in 0..<300 {
            var block: [(String, [UInt8])] = []
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                block.append((names.randomElement(using: &rng) ?? "to", values.randomElement(using: &rng) ?? []))
            }
            func features(kept: Set<String>?) -> HeaderFeatures {
                var f = HeaderFeatures()
                f.keptNames = kept
                for (name, value) in block { value.withUnsafeBytes { f.add(name: name, value: $0, limits: .default) } }
                return f
            }
            let kept: Set<String> = ["x-kept", "list-id", "received"]
            let every = features(kept: nil)
            let some = features(kept: kept)
            let what = "round \(round)"
            XCTAssertEqual(some.anomalies, every.anomalies, what)
            XCTAssertEqual(some.from, every.from, what)
            XCTAssertEqual(some.sender, every.sender, what)
            XCTAssertEqual(some.originalFrom, every.originalFrom, what)
            XCTAssertEqual(some.originalSender, every.originalSender, what)
            XCTAssertEqual(some.replyTo, every.replyTo, what)
            XCTAssertEqual(some.to, every.to, what)
            XCTAssertEqual(some.cc, every.cc, what)
            XCTAssertEqual(some.returnPath, every.returnPath, what)
            XCTAssertEqual(some.subject, every.subject, what)
            XCTAssertEqual(some.listId, every.listId, what)
            XCTAssertEqual(some.xOriginalTo, every.xOriginalTo, what)
            XCTAssertEqual(some.deliveredTo, every.deliveredTo, what)
            XCTAssertEqual(some.receivedFor, every.receivedFor, what)
            XCTAssertEqual(some.hasResentHeaders, every.hasResentHeaders, what)
            XCTAssertEqual(some.hasMailingListHeaders, every.hasMailingListHeaders, what)
            XCTAssertEqual(some.authenticationResults, every.authenticationResults, what)
            XCTAssertEqual(some.dkimDomains, every.dkimDomains, what)
            XCTAssertEqual(some.messageId, every.messageId, what)
            XCTAssertEqual(some.headerCount, every.headerCount, what)
            let expected = every.all.filter { kept.contains($0.name) }
            XCTAssertEqual(some.all.map(\.name), expected.map(\.name), what)
            XCTAssertEqual(some.all.map(\.value), expected.map(\.value), what)
        }
    }

    /// The field table and the name list answer as a dictionary and a set of the same names.
    func testFieldNamesAnswerAsASetWould() {
        let table = Dictionary(HeaderField.names, uniquingKeysWith: { a, _ in a })
        var probes = HeaderField.names.map(\.0) + ["", "t", "tO", "fro", "fromm", "received ", "list-", "resent-from", "x-kept"]
        for n in HeaderField.names.map(\.0) { probes += [String(n.dropLast()), n + "x", "x" + String(n.dropFirst())] }
        for p in probes {
            let field = HeaderField(p)
            if let known = table[p] { XCTAssertEqual(field, known, p) } else { XCTAssertEqual(field, .other, p) }
        }
        for count in [0, 3, 40] {
            let names = (0..<count).map { "x-name-\($0)" } + ["list-id"]
            let list = HeaderNameList(names)
            let set = Set(names)
            for p in probes + names + ["x-name-", "x-name-400"] { XCTAssertEqual(list.contains(p), set.contains(p), "\(count) \(p)") }
        }
    }

    /// Names built once for every message (``HeaderFeatures/keep(_:)``) keep exactly what
    /// setting ``HeaderFeatures/keptNames`` keeps, and read back the same.
    func testPrebuiltKeptNamesKeepTheSameFields() {
        let sets: [Set<String>] = [
            [], ["x-kept"], ["x-kept", "arc-seal", "subject", "from"],
            Set((0..<40).map { "x-name-\($0)" } + ["x-vendor", "x-nul"]),
        ]
        for kept in sets {
            var direct = HeaderFeatures()
            direct.keptNames = kept
            var prebuilt = HeaderFeatures()
            prebuilt.keep(HeaderFeatures.KeptHeaderNames(kept))
            for (name, value) in Self.headers {
                value.withUnsafeBytes {
                    direct.add(name: name, value: $0, limits: .default)
                    prebuilt.add(name: name, value: $0, limits: .default)
                }
            }
            XCTAssertEqual(prebuilt.keptNames, kept)
            XCTAssertEqual(prebuilt.all.map(\.name), direct.all.map(\.name), "\(kept)")
            XCTAssertEqual(prebuilt.all.map(\.value), direct.all.map(\.value), "\(kept)")
            XCTAssertEqual(prebuilt.anomalies, direct.anomalies)
            XCTAssertEqual(prebuilt.subject, direct.subject)
        }
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
