import XCTest
import HooklineCore
@testable import HooklineText

/// The header fast paths of stop 23 against the code they replace (kept under Tests as
/// `Reference*`, or beside the fast path as its `...Bytewise`/`...OfString` twin), on
/// generated hostile values: quotes, escapes, comments, folds, encoded words, 8-bit and
/// NUL bytes, combining marks after the bytes the parsers look for.
final class HeaderReferenceTests: XCTestCase {
    static let pieces: [[UInt8]] = [
        Array("\"".utf8), Array("\\".utf8), Array("(".utf8), Array(")".utf8), Array("<".utf8), Array(">".utf8),
        Array(",".utf8), Array(";".utf8), Array(":".utf8), Array("@".utf8), Array("=".utf8), Array("?".utf8),
        Array(" ".utf8), Array("\t".utf8), Array("\r\n ".utf8), Array("\n\t".utf8), Array("\r".utf8), [0x00], [0x80],
        [0xE9], [0xC3, 0xA9], Array("\u{301}".utf8), Array("é€😀".utf8), Array("Alice Example".utf8),
        Array("bob@Example.COM".utf8), Array("=?utf-8?B?SGVsbG8gV29ybGQ=?=".utf8), Array("=?UTF-8?q?caf=C3=A9_x?=".utf8),
        Array("=?iso-8859-1?Q?=E9t=E9?=".utf8), Array("=?x-bogus?B?AAAA?=".utf8), Array("=?utf-8?B?SGVsbG8===?=".utf8),
        Array("=?utf-8?B?S?=".utf8), Array("=?us-ascii?Q?a=00b?=".utf8), Array("=?windows-1252?B?gICA?=".utf8),
        Array("=?utf-8?b?4pyT?= =?utf-8?b?8J+Ygg==?=".utf8), Array("group:".utf8), Array("@route:".utf8),
        Array("dkim=pass".utf8), Array("header.d=Example.org".utf8), Array("spf=fail (sender ip) smtp.mailfrom=x".utf8),
        Array("dmarc=pass header.from=\"a b\"".utf8), Array("arc/1=none".utf8), Array("mx.example.net".utf8),
        Array("for ".utf8), Array(" for <".utf8), Array("\tFOR ".utf8), Array("\nfor ".utf8), Array("X".utf8),
    ]

    static func value(_ rng: inout SplitMix64, maxPieces: Int = 14) -> [UInt8] {
        var v: [UInt8] = []
        for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
        return v
    }

    func testAuthenticationResultsMatchTheSliceParser() {
        var rng = SplitMix64(state: 2301)
        let ar: [[UInt8]] =
            Self.pieces + [
                Array("mx.google.com; ".utf8), Array("; ".utf8), Array(" = ".utf8), Array("\"q;u (o)te\"".utf8),
                Array("((nested) c)".utf8), Array("\\(".utf8), Array("\\\"".utf8), Array("/".utf8),
                // The kept keys, near misses of them, repeats and quoted or empty values.
                Array(" header.i=@Sub.Example.com".utf8), Array(" header.d=".utf8), Array(" header.from=\"".utf8),
                Array(" header.fro=a".utf8), Array(" header.dd=b".utf8), Array(" header.froM=c".utf8),
                Array(" header=d".utf8), Array(" headerxd=e".utf8), Array(" header.i".utf8), Array("header.from=x".utf8),
                Array(" smtp.mailfrom=f@g".utf8), Array(" dkim=pass header.d=one header.d=two".utf8),
            ]
        for round in 0..<20_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...18, using: &rng) { v += ar.randomElement(using: &rng) ?? [] }
            let s = String(decoding: v, as: UTF8.self)
            XCTAssertEqual(
                AuthenticationResultsParser.parse(s), ReferenceAuthenticationResultsParser.parse(s), "round \(round): \(s)")
        }
    }

    /// `parse(quietRaw:)` (what `HeaderFeatures.add` does with a quiet value) against parsing
    /// the decoded String as before, on values that decode quietly: upper case, CR, LF and NUL
    /// (which decoding drops), comments, quotes and escapes.
    func testAuthenticationResultsFromRawBytesMatchTheDecodedValue() {
        var rng = SplitMix64(state: 2604)
        let ar: [[UInt8]] =
            Self.pieces + [
                Array("MX.Google.COM; ".utf8), Array("; ".utf8), Array(" = ".utf8), Array("\"q;U (o)te\"".utf8),
                Array("((nested) C)".utf8), Array("\\(".utf8), Array("\\\"".utf8), Array("/".utf8), [0x00, 0x41],
                Array("DKIM=Pass Header.D=A.EXAMPLE".utf8), Array("\r\n\t(".utf8), Array(")\r\n".utf8),
            ]
        var quiet = 0
        for round in 0..<30_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...18, using: &rng) { v += ar.randomElement(using: &rng) ?? [] }
            v.withUnsafeBytes { raw in
                guard HeaderDecoding.decodesQuietly(raw) else { return }
                quiet += 1
                var none: Set<Anomaly> = []
                let decoded = HeaderDecoding.decode(raw, anomalies: &none)
                XCTAssertEqual(
                    AuthenticationResultsParser.parse(quietRaw: raw), AuthenticationResultsParser.parse(decoded),
                    "round \(round): \(v)")
            }
        }
        XCTAssertGreaterThan(quiet, 2_000)
    }

    func testMailboxesMatchTheScalarParser() {
        var rng = SplitMix64(state: 2302)
        for round in 0..<20_000 {
            let v = Self.value(&rng)
            Self.assertAddressParsersAgree(v, round: round)
        }
    }

    /// The byte parser and the scalar reference give the same mailboxes and anomalies for `v`.
    @discardableResult
    static func assertAddressParsersAgree(_ v: [UInt8], round: Int) -> [Mailbox] {
        var fast: Set<Anomaly> = []
        var slow: Set<Anomaly> = []
        let a = AddressParser.parse(v, anomalies: &fast)
        let b = ReferenceAddressParser.parse(v, anomalies: &slow)
        XCTAssertEqual(a, b, "round \(round): \(v)")
        XCTAssertEqual(fast, slow, "round \(round): \(v)")
        return a
    }

    func testHeaderDecodingMatchesTheOldDecoder() {
        var rng = SplitMix64(state: 2303)
        for round in 0..<20_000 {
            let v = Self.value(&rng)
            var fast: Set<Anomaly> = []
            var slow: Set<Anomaly> = []
            let a = v.withUnsafeBytes { HeaderDecoding.decode($0, anomalies: &fast) }
            let b = v.withUnsafeBytes { ReferenceHeaderDecoding.decode($0, anomalies: &slow) }
            XCTAssertEqual(Array(a.utf8), Array(b.utf8), "round \(round): \(v)")
            XCTAssertEqual(fast, slow, "round \(round): \(v)")
        }
    }

    func testEncodedWordTextEndsWhereTheByteWalkSays() {
        var rng = SplitMix64(state: 2316)
        let pieces: [[UInt8]] = [
            Array("?".utf8), Array("=".utf8), Array("?=".utf8), Array(" ".utf8), Array("\t".utf8), Array("abcdefghij".utf8),
            Array("SGVsbG8".utf8), [0x80], Array("_x".utf8),
        ]
        for round in 0..<20_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...10, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
            v.withUnsafeBufferPointer { b in
                for from in 0...b.count {
                    XCTAssertEqual(
                        HeaderDecoding.textEnd(b, from: from), HeaderDecoding.textEndBytewise(b, from: from),
                        "round \(round) from \(from): \(v)")
                }
            }
        }
    }

    func testUnfoldMatchesTheByteLoop() {
        var rng = SplitMix64(state: 2304)
        let folds: [[UInt8]] = [Array("\r\n\t".utf8), [0x0A], [0x0D], Array("abcdefghijklmnop".utf8), Array("xy".utf8), [0x80]]
        for round in 0..<10_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...20, using: &rng) { v += folds.randomElement(using: &rng) ?? [] }
            v.withUnsafeBytes { XCTAssertEqual(HeaderDecoding.unfold($0), HeaderDecoding.unfoldBytewise($0), "round \(round)") }
        }
    }

    /// `Base64Decoder.decodeWhole` against the streaming `Base64Decoder`, over the alphabet, pads, blanks and garbage.
    func testBase64WordsDecodeAsTheBase64Decoder() {
        var rng = SplitMix64(state: 2305)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_".utf8)
        let odd: [UInt8] = [0x3D, 0x3D, 0x20, 0x09, 0x0B, 0x0C, 0x0D, 0x0A, 0x21, 0x2E, 0x00, 0x80, 0xFF, 0x3F]
        for round in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                text.append(
                    Int.random(in: 0..<5, using: &rng) == 0
                        ? odd.randomElement(using: &rng) ?? 0 : alphabet.randomElement(using: &rng) ?? 0)
            }
            let (fast, garbage) = text.withUnsafeBufferPointer { Base64Decoder.decodeWhole($0) }
            let d = Base64Decoder()
            var slow: [UInt8] = []
            text.withUnsafeBytes { buf in d.decode(buf) { slow.append(contentsOf: $0) } }
            d.finish { slow.append(contentsOf: $0) }
            XCTAssertEqual(fast, slow, "round \(round): \(text)")
            XCTAssertEqual(garbage, d.sawGarbage, "round \(round): \(text)")
        }
    }

    func testFieldNamesReadOnBytesAsOnTheLowercasedString() {
        var rng = SplitMix64(state: 2306)
        let parts = [
            "From", "from", "SUBJECT", "Resent-", "resent-Date", "X-Original-From", "List-Id", "Received", "Content-Type",
            "x", ":", " ", "\t", "\u{7F}", "é", "K", "\u{212A}", "-", "Authentication-Results", "dkim-signature",
        ]
        let wanted = ["subject", "x-mailer", "list-id", "from", "k", "resent-date"]
        let many = (0..<40).map { "x-header-\($0)" } + wanted
        for round in 0..<20_000 {
            var name = ""
            for _ in 0..<Int.random(in: 0...4, using: &rng) { name += parts.randomElement(using: &rng) ?? "" }
            for kept in [nil, wanted, many, Self.dupes, ["\u{212A}", "x-mailer"]].map({ FieldNameTable(kept: $0) }) {
                let a = HeaderFeatures.readName(name, kept: kept)
                let b = HeaderFeatures.readNameOfString(name, kept: kept)
                XCTAssertEqual(a.field, b.field, "round \(round): \(name)")
                XCTAssertEqual(a.wellFormed, b.wellFormed, "round \(round): \(name)")
                XCTAssertEqual(a.keep, b.keep, "round \(round): \(name)")
                XCTAssertEqual(a.resent, b.resent, "round \(round): \(name)")
                XCTAssertEqual(a.lname ?? name.lowercased(), b.lname, "round \(round): \(name)")
            }
        }
    }

    static let dupes = ["from", "subject", "from", "x-a", "x-b", "x-c", "x-d", "x-e", "x-f", "subject", "list-id", "k"]

    /// The byte lookup (a scan, or the table past eight names) finds what the String
    /// lookup finds, duplicates and all; a list with a non-ASCII name answers by Strings.
    func testNameListFindsBytesAsStrings() {
        var rng = SplitMix64(state: 2313)
        let parts = ["from", "subject", "x-", "a", "b", "f", "list-id", "k", "-", "received", "content-type"]
        let lists = [
            HeaderNameList(HeaderField.names.map(\.0)), HeaderNameList(Self.dupes), HeaderNameList(["k", "from"]),
            HeaderNameList(["\u{212A}", "from", ";"] + (0..<40).map { "x-\($0)" }), HeaderNameList([String]()),
            HeaderNameList((0..<40).map { "x-\($0)" } + ["x-1", "from"]),
        ]
        for round in 0..<20_000 {
            var name = ""
            for _ in 0..<Int.random(in: 0...3, using: &rng) { name += parts.randomElement(using: &rng) ?? "" }
            if Int.random(in: 0..<4, using: &rng) == 0 { name = "x-\(Int.random(in: 0..<45, using: &rng))" }
            let bytes = Array(name.utf8)
            for list in lists {
                let fast = bytes.withUnsafeBufferPointer { list.index(ofBytes: $0, head: HeaderNameList.head($0)) }
                XCTAssertEqual(fast, list.index(of: name), "round \(round): \(name)")
            }
        }
    }

    func testReceivedForMatchesTheLowercasedNeedleSearch() {
        var rng = SplitMix64(state: 2307)
        for round in 0..<20_000 {
            let v = String(decoding: Self.value(&rng), as: UTF8.self)
            XCTAssertEqual(HeaderFeatures.receivedFor(v), Self.referenceReceivedFor(v), "round \(round): \(v)")
        }
    }

    func testTagsReadInPlaceAsByLoweredStrings() {
        var rng = SplitMix64(state: 2309)
        let items: [[UInt8]] = [
            Array("v=1; ".utf8), Array(" d = Example.ORG ;".utf8), Array("D=x".utf8), Array("dd=y;".utf8), Array("=".utf8),
            Array(";".utf8), Array(" \t".utf8), Array("s=sel; ".utf8), Array("b=abc\n def;".utf8), Array("d".utf8),
        ]
        for round in 0..<20_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...8, using: &rng) { v += items.randomElement(using: &rng) ?? [] }
            v.withUnsafeBufferPointer { b in
                for name in ["d", "s", "dd", "", "\u{212A}"] {
                    XCTAssertEqual(HeaderTagScan.tag(name, in: b), HeaderTagScan.tagByStrings(name, in: b), "round \(round): \(v)")
                }
            }
        }
    }

    /// `HeaderFeatures.receivedFor` as main 9b1ad2b wrote it.
    static func referenceReceivedFor(_ value: String) -> String? {
        HeaderFeatures.receivedForOfLowercased(value) { HeaderTagScan.receivedForByNeedles(lowercased: $0) }
    }

    /// The whole header reader, field by field, against one built on the reference parsers
    /// is what `cmp-json` checks over the corpus; here the fields that changed are read
    /// through `HeaderFeatures.add` and compared with the parsers' reference answers.
    func testHeaderFeaturesAddReadsAddressesAndAuthResultsAsTheReferences() {
        var rng = SplitMix64(state: 2308)
        for round in 0..<3000 {
            let from = Self.value(&rng)
            let ar = String(decoding: Self.value(&rng), as: UTF8.self)
            var h = HeaderFeatures()
            from.withUnsafeBytes { _ = h.add(name: "From", value: $0, limits: Limits()) }
            Array(ar.utf8).withUnsafeBytes { _ = h.add(name: "Authentication-Results", value: $0, limits: Limits()) }
            var ignored: Set<Anomaly> = []
            XCTAssertEqual(h.from, ReferenceAddressParser.parse(from, anomalies: &ignored).first, "round \(round)")
            let decoded = Array(ar.utf8).withUnsafeBytes { ReferenceHeaderDecoding.decode($0, anomalies: &ignored) }
            XCTAssertEqual(
                h.authenticationResults, ReferenceAuthenticationResultsParser.parse(decoded).map { [$0] } ?? [],
                "round \(round)")
        }
    }
}
