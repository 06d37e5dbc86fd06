import XCTest
import HooklineCore
@testable import HooklineText

/// `CalendarTextExtractor` reads skipped values with memchr and a value's plain bytes as one
/// run, with its state behind a pointer, and names its properties on their bytes;
/// `ReferenceCalendarTextExtractor` is the byte-at-a-time code it replaced. Both read the
/// same generated calendars (folds, escapes, quoted parameters, long values, bytes outside
/// ASCII) in the same random pieces and must make the same writer calls.
final class CalendarReferenceTests: XCTestCase {
    static let names: [[UInt8]] =
        [
            "SUMMARY", "summary", "Description", "DESCRIPTION;ALTREP=\"cid:a;b:c\"", "LOCATION", "COMMENT",
            " SUMMARY ", "\tCOMMENT\r", "UID", "X-SUMMARY", "SUMMARYX", "DTSTART;TZID=x", "BEGIN", "END",
            "SUMMARY\u{00A0}", "\u{3000}SUMMARY", "LOCATION\u{212A}", "COMMENT;X=\"é\"", "DESCRIPTIONDESCRIPTION",
            "", ";SUMMARY", "SUM\"MARY", "\"SUMMARY\"", "SUMMARY;X=" + String(repeating: "a", count: 300),
        ].map { Array($0.utf8) } + [[0xFF, 0x53], [0x53, 0x55, 0x4D, 0x4D, 0x41, 0x52, 0x59, 0xC3]]

    static let valueBytes: [UInt8] = Array("ab 18005550199,;:\\nN\"".utf8) + [0x0D, 0x0A, 0x09, 0xC3, 0xA9, 0xFF, 0x80]

    static func calendar(_ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            out += names.randomElement(using: &rng) ?? []
            if Int.random(in: 0..<10, using: &rng) != 0 { out.append(UInt8(ascii: ":")) }
            let long = Int.random(in: 0..<8, using: &rng) == 0
            for _ in 0..<Int.random(in: 0...(long ? 9_000 : 40), using: &rng) {
                switch Int.random(in: 0..<30, using: &rng) {
                case 0: out += Array("\r\n ".utf8)  // a fold
                case 1: out += Array("\n\t".utf8)
                case 2: out += Array("\\n".utf8)
                default: out.append(long ? UInt8(ascii: "x") : valueBytes.randomElement(using: &rng) ?? 0)
                }
            }
            out += Int.random(in: 0..<3, using: &rng) == 0 ? [0x0A] : [0x0D, 0x0A]
        }
        if Bool.random(using: &rng) { out += Array("SUMMARY:tail\\".utf8) }
        return out
    }

    static func run(_ bytes: [UInt8], cuts: [Int], reference: Bool) -> [String] {
        let sink = RecordingSink()
        let writer = ViewWriter(sink: sink)
        let ref = reference ? ReferenceCalendarTextExtractor(writer: writer) : nil
        let new = reference ? nil : CalendarTextExtractor(writer: writer)
        bytes.withUnsafeBytes { buf in
            var from = 0
            for to in cuts + [buf.count] where to >= from {
                ref?.feed(buf.slice(from, to))
                new?.feed(buf.slice(from, to))
                from = to
            }
        }
        ref?.finish()
        new?.finish()
        writer.close()
        return sink.runs.map { "\($0.view):\($0.text)" } + sink.violations
    }

    func testExtractorMatchesTheReference() {
        var rng = SplitMix64(state: 3030)
        for trial in 0..<1_500 {
            let bytes = Self.calendar(&rng)
            var cuts = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }.sorted()
            if trial % 50 == 0 { cuts = Array(stride(from: 1, to: bytes.count, by: 1)) }
            XCTAssertEqual(
                Self.run(bytes, cuts: cuts, reference: false), Self.run(bytes, cuts: cuts, reference: true),
                "trial \(trial)")
        }
    }

    /// Property names on their bytes against the String way, on the names above and on
    /// random names near the wanted ones.
    func testIsWantedMatchesTheStringWay() {
        var rng = SplitMix64(state: 17)
        var names = Self.names
        let alphabet = Array("DESCRIPTIONSUMMARYLOCATIONCOMMENTdescription; \t\r\n\"=:".utf8) + [0x00, 0xC3, 0xA9, 0xE2, 0x84, 0xAA]
        for _ in 0..<50_000 {
            var n = Array((["DESCRIPTION", "SUMMARY", "LOCATION", "COMMENT"].randomElement(using: &rng) ?? "").utf8)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let at = Int.random(in: 0...n.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: n.insert(alphabet.randomElement(using: &rng) ?? 0, at: at)
                case 1: if at < n.count { n.remove(at: at) }
                default: if at < n.count { n[at] = alphabet.randomElement(using: &rng) ?? 0 }
                }
            }
            names.append(n)
        }
        var wanted = 0
        for n in names {
            let fast = n.withUnsafeBytes { CalendarTextExtractor.isWanted(name: $0) }
            let slow = n.withUnsafeBytes { CalendarTextExtractor.isWantedByString(name: $0) }
            XCTAssertEqual(fast, slow, "\(n)")
            if slow { wanted += 1 }
        }
        XCTAssertGreaterThan(wanted, 1_000)
    }
}
