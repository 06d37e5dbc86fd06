import Foundation
import HooklineCore
import XCTest
@testable import HooklineText

/// The HTML extractor against its reference (the extractor before its fast paths): every
/// `begin`, `end` and anomaly and their order must be the same, and the same text between
/// them, whatever the input and however it is split. Consecutive `text` calls are compared
/// as the one run they make: the extractor gathers a feed's visible runs into one call, and
/// the analyzer downstream finds the same in a run however its calls cut it
/// (`ChunkSplitTests`).
final class HTMLExtractorReferenceTests: XCTestCase {
    /// Every sink call, in order, with its bytes; consecutive text calls as one.
    final class CallLog: TextSink {
        private var logged: [String] = []
        private var run: [UInt8]?
        var calls: [String] {
            flushRun()
            return logged
        }
        private func flushRun() {
            if let run { logged.append("text \(run)") }
            run = nil
        }
        func begin(_ view: TextView) {
            flushRun()
            logged.append("begin \(view)")
        }
        func text(_ utf8: UnsafeRawBufferPointer) { run = (run ?? []) + Array(utf8) }
        func end() {
            flushRun()
            logged.append("end")
        }
        func anomaly(_ anomaly: Anomaly) {
            flushRun()
            logged.append("anomaly \(anomaly)")
        }
    }

    func extract(_ bytes: [UInt8], cuts: [Int], reference: Bool) -> [String] {
        let log = CallLog()
        let recorder = AnomalyRecorder(sink: log)
        let writer = ViewWriter(sink: log)
        let fast = reference ? nil : HTMLTextExtractor(writer: writer, anomalies: recorder)
        let slow = reference ? ReferenceHTMLTextExtractor(writer: writer, anomalies: recorder) : nil
        bytes.withUnsafeBytes { buf in
            var at = 0
            for cut in cuts + [buf.count] where cut >= at {
                fast?.feed(buf.slice(at, cut))
                slow?.feed(buf.slice(at, cut))
                at = cut
            }
        }
        fast?.finish()
        slow?.finish()
        writer.close()
        return log.calls
    }

    func assertSame(_ bytes: [UInt8], cuts: [Int], _ message: @autoclosure () -> String = "") -> Bool {
        let fast = extract(bytes, cuts: cuts, reference: false)
        let slow = extract(bytes, cuts: cuts, reference: true)
        if fast == slow { return true }
        let at = (0..<min(fast.count, slow.count)).first { fast[$0] != slow[$0] } ?? min(fast.count, slow.count)
        XCTFail(
            "\(message()) input \(String(decoding: bytes, as: UTF8.self).debugDescription) cuts \(cuts): call \(at) "
                + "\(fast.dropFirst(at).first ?? "none") vs reference \(slow.dropFirst(at).first ?? "none")")
        return false
    }

    /// Pieces of hostile and ordinary HTML, glued at random.
    static let pieces: [String] = [
        "<", ">", "<p>", "</p>", "<br>", "<br/>", "<BR >", "<div>", "</div>", "<td>", "</td>", "<tr>", "<img src=x>",
        "<span>", "</span>", "<b>", "</b>", "<a href=\"tel:+1-864-347-2494\">", "<a href='TEL:%2B1%20(800)%20555'>",
        "<a href=\" callto:123\">", "<a href=&#116;el:5551234>", "<a href=\"&amp;tel:1\">", "<a href=sms:1?body=x>",
        "<a href=\"facetime-audio:+15551234;ext=9\">", "<area href=tel:1>", "<a href=\"http://x/tel:1\">",
        "<a href=\"mailto:a@b\">", "<a href=\"\u{212A}\">", "<a href=\"t\">", "<a href=\"\u{0130}tel:\">",
        "<a href=\"\tTel:1\">", "<a href>", "<a href=>", "</a>", "<a href=\"tel:\u{301}1\">",
        "<span style=\"display:none\">", "<span style='DISPLAY : NONE !important'>", "<div style=\"font-size:0\">",
        "<div style=\"font-size:0px;color:#fff\">", "<div style=\"font-size:00.0em\">", "<div style=\"font-size:0.5px\">",
        "<div style=\"font-size:.0\">", "<div style=\"font-size:0.\">", "<p style=\"color:#FFF;background-color:#fefefe\">",
        "<p style=\"color: white; background: WHITE url(x)\">", "<p style=\"color:rgb(255, 255, 255);background:#fff\">",
        "<p style=\"color:RGB(100%,100%,100%)\">", "<font color=\"#ffffff\">", "<font color=White>", "<body bgcolor=\"#FFFFFF\">",
        "<td bgcolor=#000 text=#010101>", "<p style=\"visibility:hidden\">", "<p style=\"visibility : collapse\">",
        "<p style=\"opacity:0\">", "<p style=\"mso-hide:all\">", "<p style=\"max-height:0;overflow:hidden\">",
        "<p style=\"position:absolute;left:-9999px\">", "<p style=\"text-indent:-50em\">", "<p style=\"margin-top:-600px;position:fixed\">",
        "<p style=\"color:transparent\">", "<p style=\"co lor:#fff; back ground-color : #fff\">", "<p style=\"color:#ff\u{E9}\">",
        "<p style=\"&#99;olor:#fff;background:#fff\">", "<p style=\"COLOR:\u{212A}\">", "<p style=\"color:#ggg\">",
        "<p style=\"color:#12345678\">", "<p style=\"color:#1234\">", "<p style=\"background-color:\u{0}\">",
        "<p style=\"color\u{0}:#fff\">", "<p style=\"background-colorx:#fff\">", "<p style=\"x\">", "<p style=>",
        "<p hidden>", "<p HIDDEN=\"\">", "<span class=\"j\">", "<span class=\"a j b\">", "<span id=k>", "<p class=j id=k>",
        "<style>.j{display:none}#k{color:#fff;background:#fff} p.x{font-size:0}</style>", "<style>@media x{.j{}} .q{}</style>",
        "<STYLE type=text/css>/* .j{display:none} */ span{visibility:hidden}</STYLE>", "<style>", "</style>",
        "<script>if (a<b) { '</scr' }</script>", "<script>", "</script>", "</scr", "<script/>", "<style/>",
        "<!-- 1-800 -->", "<!--", "-->", "--", "<!-->", "<!--->", "<!DOCTYPE html>", "<![CDATA[ 555 ]]>", "<?xml x?>",
        "<!x>", "&amp;", "&lt;", "&nbsp;", "&#43;", "&#x31;", "&#X31", "&#0;", "&#xD800;", "&#150;", "&#99999999;",
        "&shy;", "&bogus;", "&amp", "&", "&#", "&#x", "&NBSP;", "&Eacute;", "&eacute", "&zwj;", "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;",
        "8", "6", "4", "(864) 347-2494", "call us", "1-800-", " ", "\n", "\r\n", "\t", "\u{0}", "é", "\u{200B}", "☎",
        "<p\u{0}>", "<td\nstyle=\"color:#fff\"\nbgcolor=\"#fff\">", "<p style=\"a:b\" style=\"display:none\">",
        "<font color=\"#fff\" color=\"bogus\">", "<a href=\"x\" href=\"tel:9\">", "<p style='x\">'>y",
        "<p title=\"a>b\">", "<p title=a=\"b>c\">", "<p x='>'>", "<p =\"x\">", "</p x>", "</ p>", "</>", "<//p>",
        "<h1-x:y>", "<blockquote>", "</blockquote>", "<figcaption>", "<textarea>", "<ul><li>", "<table><tr><th>",
        // Void or self-closed tags (their attributes unread unless they link or hide a separator).
        "<meta style=\"display:none\" content=\"x\">", "<link href=\"tel:1\" rel=x>", "<wbr class=j>", "<col id=k/>",
        "<span style=\"display:none\"/>", "<area href=\"tel:5\"/>", "<a href=tel:7 />", "<img style=\"display:none\">",
        "<br style=\"display:none\">", "<hr hidden>", "<div style=\"display:none\"/>", "<td style=\"font-size:0\"/>",
        "<input style=\"opacity:0\">", "<META HTTP-EQUIV=x>", "<source src=x/>", "<keygen/>", "<embed hidden/>",
        "<?php echo 1 ?>", "<x-y style=\"display:none\"/>", "<style type=x/>", "<script src=x />",
        // Quotes the tag's scan (a quote opens after "=", blanks aside) and the attribute scan
        // (a quote opens a value only right after a name's "=") read differently.
        "<span a==\"x y\" style=\"display:none\">", "<a b=c=\"d e\" href=\"tel:5551\">",
        "<p style = \"color:#fff\" bgcolor= '#fff' >", "<p a=\"x\"=\"y\" style=\"display:none\">",
        "<p a='x\"y' style=\"font-size:0\">", "<p a=\"b'c\" title='d\"e' style='color:#fff;background:#fff'>",
        "<p a=x\"y style=\"display:none\" z\">", "<p \"a\"=\"b\" style=\"display:none\">",
        "<p a= ==\" b\" style=\"display:none\">", "<a x=\"x>y\" href=tel:1 style=\"display:none\">",
        "<p a=\"x style=\"display:none\">z\">", "<a href\n=\n\"tel:55\">", "<p a=\u{0}\"x\" style=\"display:none\">",
        "<p a=\"\"style=\"display:none\">", "<p a=''b=\"c\" style=\"display:none\">", "<p a=\"", "<p a='",
        "<p a==\"x y=\"z\" style=\"display:none\">",
        "<a " + String(repeating: "x=\"1\" y='2' ", count: 12) + "href=\"tel:12\" style=\"display:none\">",
        "<a " + String(repeating: "x==\"1\" ", count: 20) + "href=\"tel:13\" style=\"font-size:0\">",
    ]

    /// A start tag of random attributes made of the bytes quoting turns on: "=", both
    /// quotes, blanks, ">" and "/" among names and values that hide or link.
    static func randomQuotedTag(_ rng: inout SplitMix64) -> [UInt8] {
        let parts = [
            "=", "\"", "'", " ", "\n", ">", "/", "x", "a=", "b=\"", "style=", "href=", "\"display:none\"",
            "'tel:1'", "\"font-size:0\"", "color=\"#fff\"", "==", "= \"",
        ]
        var bytes = Array("<span ".utf8)
        for _ in 0..<Int(rng.next() % 24) { bytes += Array(parts[Int(rng.next() % UInt64(parts.count))].utf8) }
        return bytes + [UInt8(ascii: ">")]
    }

    static func randomHTML(_ rng: inout SplitMix64, pieces count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<count {
            let r = rng.next()
            switch r % 16 {
            case 0: bytes += [UInt8(truncatingIfNeeded: r >> 8)]  // any byte: NULs, invalid UTF-8
            case 1: bytes += Array(repeating: UInt8(ascii: "x"), count: Int((r >> 8) % 9000))  // long text or attribute
            case 2:
                bytes += Array("<p title=\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: Int((r >> 8) % 6000)) + Array("\">".utf8)
            case 3: bytes += randomQuotedTag(&rng)
            default: bytes += Array(pieces[Int((r >> 8) % UInt64(pieces.count))].utf8)
            }
        }
        return bytes
    }

    func testRandomHostileHTMLMatchesReference() {
        var rng = SplitMix64(state: 0x22)
        for round in 0..<3000 {
            let bytes = Self.randomHTML(&rng, pieces: Int(rng.next() % 40))
            var cuts: [Int] = []
            if !bytes.isEmpty {
                for _ in 0..<Int(rng.next() % 5) { cuts.append(Int(rng.next() % UInt64(bytes.count))) }
            }
            cuts.sort()
            if !assertSame(bytes, cuts: cuts, "round \(round)") { return }
        }
    }

    func testEveryPieceAloneAndPairedAtEverySplit() {
        for a in Self.pieces {
            let one = Array(a.utf8)
            for cut in 0...one.count { if !assertSame(one, cuts: [cut]) { return } }
            for b in Self.pieces.prefix(40) {
                let two = Array((a + "8" + b + "6").utf8)
                if !assertSame(two, cuts: []) { return }
            }
        }
    }

    /// The raw messages of the development corpus (when it is there) as HTML, split in 4 KB
    /// and 1 KB pieces: real markup, and real hostile bytes around it.
    func testCorpusMessagesMatchReference() throws {
        let (root, walker) = try corpusWalker()
        var compared = 0
        for case let path as String in walker where path.hasSuffix(".eml") {
            guard compared < 800, let d = FileManager.default.contents(atPath: root + "/" + path) else { continue }
            let bytes = [UInt8](d.prefix(200_000))
            guard bytes.count > 0 else { continue }
            compared += 1
            let step = compared % 2 == 0 ? 4096 : 1024
            if !assertSame(bytes, cuts: Array(stride(from: step, to: bytes.count, by: step)), path) { return }
        }
        if compared == 0 { throw XCTSkip("no .eml under \(root)") }
    }
}
