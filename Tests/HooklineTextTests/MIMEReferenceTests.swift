import XCTest
import HooklineCore
@testable import HooklineText

/// The MIME fast paths of stop 23 against the code they replace, on generated messages and
/// values: the splitter call for call at any chunking, the boundary-line search, and the
/// byte search in structured header values.
final class MIMEReferenceTests: XCTestCase {
    enum Call: Equatable {
        case header(String, [UInt8])
        case endOfHeaders
        case body([UInt8])
    }

    /// Every call, with adjacent body calls joined (the body is handed on uncopied in
    /// whatever pieces the chunks make; both splitters cut it at the same places anyway).
    static func calls(_ message: [UInt8], cuts: [Int], limits: Limits, reference: Bool) -> [Call] {
        var calls: [Call] = []
        let onHeader: (String, UnsafeRawBufferPointer) -> Void = { calls.append(.header($0, Array($1))) }
        let onEnd: () -> Void = { calls.append(.endOfHeaders) }
        let onBody: (UnsafeRawBufferPointer) -> Void = { calls.append(.body(Array($0))) }
        let feed: (UnsafeRawBufferPointer) -> Void
        let finish: () -> Void
        if reference {
            let s = ReferenceMessageSplitter(limits: limits, onHeader: onHeader, onEndOfHeaders: onEnd, onBody: onBody)
            feed = s.feed
            finish = s.finish
        } else {
            let s = MessageSplitter(limits: limits, onHeader: onHeader, onEndOfHeaders: onEnd, onBody: onBody)
            feed = s.feed
            finish = s.finish
        }
        var start = 0
        for end in cuts + [message.count] where end >= start {
            // Each chunk in its own storage, overwritten once fed: a splitter that kept a
            // pointer into it past the call would read the overwrite.
            var chunk = Array(message[start..<end])
            chunk.withUnsafeBytes { feed($0) }
            for k in chunk.indices { chunk[k] = 0xEE }
            start = end
        }
        finish()
        finish()
        return calls
    }

    func testSplitterMatchesTheClassPropertySplitterAtAnyChunking() {
        var rng = SplitMix64(state: 2310)
        let lines: [[UInt8]] = [
            Array("From: Alice <a@example.org>\r\n".utf8), Array("Subject: hi\n".utf8), Array(" folded\r\n".utf8),
            Array("\tfolded more\n".utf8), Array("X-Long: ".utf8) + Array(repeating: 0x61, count: 300) + [0x0A],
            Array("Bad Name: x\n".utf8), Array("Name : spaced\r\n".utf8), Array("NoColon\n".utf8), Array("\r\n".utf8),
            Array("\n".utf8), Array("From mbox line\n".utf8), Array(":empty\n".utf8), Array("K\u{E9}y: v\n".utf8),
            Array("Body text -- with dashes\r\n".utf8), Array("To: b@example.org\r\r\n".utf8), [0x0D],
            Array("A: b\r\n".utf8), Array(" c\r\n".utf8), Array("\td\r\n".utf8),
        ]
        var limits = Limits()
        for round in 0..<4000 {
            var message: [UInt8] = []
            for _ in 0..<Int.random(in: 0...16, using: &rng) { message += lines.randomElement(using: &rng) ?? [] }
            let cuts = ByteWordTests.cuts(&rng, count: message.count, maxStep: [1, 5, 40, 100_000][round % 4])
            limits.maxLineBytes = [998, 64, 20][round % 3]
            limits.maxHeaderBytes = [16_384, 100, 10, 8, 30][round % 5]
            XCTAssertEqual(
                Self.calls(message, cuts: cuts, limits: limits, reference: false),
                Self.calls(message, cuts: cuts, limits: limits, reference: true), "round \(round): \(message)")
        }
    }

    func testFieldStartTestMatchesTheByteLoop() {
        var rng = SplitMix64(state: 2318)
        let pieces: [[UInt8]] = [
            Array("X-Long-Header-Name".utf8), Array("a".utf8), [0x20], [0x09], [0x00], [0x7F], [0x80], [0xFF], [0x21], [0x7E],
            [0x7D], [0x3A], Array(": value".utf8), [0x0D], [0xA0], [0xA1],
        ]
        for round in 0..<50_000 {
            var v: [UInt8] = []
            for _ in 0..<Int.random(in: 0...10, using: &rng) { v += pieces.randomElement(using: &rng) ?? [] }
            v.withUnsafeBytes {
                XCTAssertEqual(MessageSplitter.isFieldStart($0), MessageSplitter.isFieldStartBytewise($0), "round \(round): \(v)")
            }
        }
    }

    func testNewlineBeforeDashMatchesTheLineWalk() {
        var rng = SplitMix64(state: 2311)
        let pieces: [[UInt8]] = [
            [0x0A], [0x2D], Array("\n-".utf8), Array("\n--b".utf8), Array("QUJD".utf8), Array("text-align".utf8), [0x0D],
        ]
        for round in 0..<20_000 {
            var b: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) { b += pieces.randomElement(using: &rng) ?? [] }
            b.withUnsafeBytes { buf in
                for from in 0...buf.count {
                    XCTAssertEqual(
                        MIMEParser.newlineBeforeDash(buf, from: from), MIMEParser.newlineBeforeDashByLines(buf, from: from),
                        "round \(round) from \(from): \(b)")
                }
            }
        }
    }

    func testPartFieldNamesMatchTheStringSwitch() {
        var rng = SplitMix64(state: 2314)
        let parts = [
            "Content-Type", "content-", "TYPE", "Transfer-Encoding", "disposition", "Subject", " ", "\t", "\r\n", "é",
            "\u{037E}", "x", "-",
        ]
        for round in 0..<20_000 {
            var name = ""
            for _ in 0..<Int.random(in: 0...4, using: &rng) { name += parts.randomElement(using: &rng) ?? "" }
            var bytes = Array(name.utf8)
            if Int.random(in: 0..<8, using: &rng) == 0 { bytes.append(0xFF) }
            XCTAssertEqual(
                bytes.withUnsafeBufferPointer { MIMEParser.partField($0) }, MIMEParser.partFieldOfString(bytes[...]),
                "round \(round): \(bytes)")
        }
    }

    func testStructuredValuesParseAsThroughStrings() {
        var rng = SplitMix64(state: 2315)
        let parts = [
            "Text/HTML", " ", "\t", "\r\n ", ";", "=", "\"", "\\", "(comment)", "(", "charset", "=\"UTF-8\"", "name",
            "filename", "*0*", "*", "=?utf-8?B?SGk=?=", "Attachment", "boundary=\"--=_x\"", "é", "\u{301}", "a b",
            // Names the parser reads in other cases and with blanks, names it does not read,
            // and a NUL (which packing must not lose).
            "CharSet", "FILENAME", " Name ", "boundary", "bOuNdArY", "format=flowed", "names", "nam", "\u{0}", "=x",
            // Whole parameters, so one name comes twice (the first counts).
            "; charset=b", "; name=\"q\"", "; FileName=z", "; boundary=w",
        ]
        for round in 0..<20_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...10, using: &rng) { s += parts.randomElement(using: &rng) ?? "" }
            var fast: Set<Anomaly> = []
            var slow: Set<Anomaly> = []
            let a = MIMEHeaderValue.parse(s, anomalies: &fast)
            let b = MIMEHeaderValue.parseAllOfStrings(s, anomalies: &slow)
            XCTAssertEqual(a.value, b.value, "round \(round): \(s)")
            XCTAssertEqual(a.params, MIMEParams(b.params), "round \(round): \(s)")
            XCTAssertEqual(fast, slow, "round \(round): \(s)")
        }
    }

    /// Quoted parameter values, taken straight from the bytes unless a backslash is in them:
    /// escapes first, last, doubled, before the closing quote and at the very end, values
    /// unterminated, long (past a small String) and empty, against the String parser.
    func testQuotedParametersReadAsThroughStrings() {
        var rng = SplitMix64(state: 2917)
        let parts = [
            "\"", "\\", "\\\"", "\\\\", "a", " ", ";", "=", "----=_Part_0123456789abcdef", "x\\y", "\t",
        ]
        let names = ["boundary", "charset", "name", "filename", "format"]
        for round in 0..<20_000 {
            var s = "multipart/mixed"
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                s += "; " + (names.randomElement(using: &rng) ?? "") + "=\""
                for _ in 0..<Int.random(in: 0...6, using: &rng) { s += parts.randomElement(using: &rng) ?? "" }
            }
            var fast: Set<Anomaly> = []
            var slow: Set<Anomaly> = []
            let a = MIMEHeaderValue.parse(s, anomalies: &fast)
            let b = MIMEHeaderValue.parseAllOfStrings(s, anomalies: &slow)
            XCTAssertEqual(a.value, b.value, "round \(round): \(s)")
            XCTAssertEqual(a.params, MIMEParams(b.params), "round \(round): \(s)")
        }
    }

    /// The first of a repeated parameter counts, as in the reference's dictionary.
    func testRepeatedParametersKeepTheFirst() {
        let s = "text/plain; charset=a; CHARSET=b; name=x; name=y; filename=\"p\"; filename=q; boundary=1; Boundary=2"
        var fast: Set<Anomaly> = []
        var slow: Set<Anomaly> = []
        let a = MIMEHeaderValue.parse(s, anomalies: &fast)
        XCTAssertEqual(a.params, MIMEParams(MIMEHeaderValue.parseAllOfStrings(s, anomalies: &slow).params))
        XCTAssertEqual([a.params.charset, a.params.name, a.params.filename, a.params.boundary], ["a", "x", "p", "1"])
    }

    func testFirstIndexInHeaderValuesMatchesTheCharacterSearch() {
        var rng = SplitMix64(state: 2312)
        let parts = ["text/html", "(", "*", "\u{301}", "é", "\r\n", " ", "name*0*", "a", "😀", ";"]
        for round in 0..<20_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...8, using: &rng) { s += parts.randomElement(using: &rng) ?? "" }
            for (byte, c) in [(UInt8(ascii: "("), Character("(")), (UInt8(ascii: "*"), Character("*"))] {
                XCTAssertEqual(MIMEHeaderValue.firstIndex(of: byte, in: s), s.firstIndex(of: c), "round \(round): \(s)")
            }
        }
    }
}
