import XCTest
import HooklineCore
@testable import HooklineText

final class HTMLAndCalendarTests: XCTestCase {
    /// Feeds HTML (already UTF-8) through the extractor at every chunk size; all sizes must agree.
    func html(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> RecordingSink {
        let bytes = Array(source.utf8)
        var first: RecordingSink?
        for step in [bytes.count, 1, 2, 3, 7, 64] where step > 0 {
            let sink = RecordingSink()
            let recorder = AnomalyRecorder(sink: sink)
            let writer = ViewWriter(sink: sink)
            let x = HTMLTextExtractor(writer: writer, anomalies: recorder)
            bytes.withUnsafeBytes { buf in
                var i = 0
                while i < buf.count { let j = min(buf.count, i + step); x.feed(buf.slice(i, j)); i = j }
            }
            x.finish()
            writer.close()
            XCTAssertEqual(sink.violations, [], file: file, line: line)
            if let first {
                XCTAssertEqual(
                    first.runs.map { "\($0.view):\(String(decoding: $0.text, as: UTF8.self))" },
                    sink.runs.map { "\($0.view):\(String(decoding: $0.text, as: UTF8.self))" },
                    "step \(step)", file: file, line: line)
            } else {
                first = sink
            }
        }
        return first ?? RecordingSink()
    }

    func testInlineTagsDoNotSplitDigits() {
        XCTAssertEqual(html("8<span>6</span><b>4</b>").text(of: .html), "864")
    }

    func testBlockTagsSeparateWords() {
        XCTAssertEqual(html("call<br>now<p>x</p><td>a</td><td>b</td>").text(of: .html), "call\nnow\nx\n a  b ")
    }

    func testEntitiesNamedAndNumeric() {
        XCTAssertEqual(
            html("&amp;&lt;&gt;&quot;&nbsp;&#43;&#x31;&shy;&zwj;&zwnj;&euro;&bogus;&amp").text(of: .html),
            "&<>\" +1\u{AD}\u{200D}\u{200C}€&bogus;&")
    }

    func testScriptStyleAndCommentsAreDropped() {
        let s = html("a<script type=x>if (a<b) { '</scr' }</script>b<style>p{}</STYLE>c<!-- 1-800 -- >x -->d<!DOCTYPE html>e")
        XCTAssertEqual(s.text(of: .html), "abcde")
    }

    func testLiteralLessThanStaysText() {
        XCTAssertEqual(html("1 < 2 <3").text(of: .html), "1 < 2 <3")
    }

    func testTelLinksAreEmittedDecoded() {
        let s = html("<a href=\"tel:&#43;1%20864\">x</a><a href='https://x/tel:1'>y</a><A HREF=callto:123>z</A>")
        XCTAssertEqual(s.text(of: .link), "tel:+1864|callto:123", "visual separators dropped")
        XCTAssertEqual(s.text(of: .html), "xy|z")  // only tel-like links break the run
    }

    func testHiddenTextIsDroppedWithAnAnomaly() {
        let s = html("<p>seen</p><div style=\"display: none\">hid<b>den</b></div><font color=white>ghost</font><p>back</p>")
        XCTAssertEqual(s.text(of: .hiddenHTML), "", "hidden text is no view the reader sees")
        XCTAssertTrue(s.text(of: .html).contains("back"))
        XCTAssertFalse(s.text(of: .html).contains("ghost"))
        XCTAssertEqual(s.anomalies, [.hiddenHTMLText])
    }

    func testWhiteTextOnDarkBackgroundIsVisible() {
        let s = html("<div style=\"background:#222222;color:#ffffff\">visible</div>")
        XCTAssertEqual(s.text(of: .html), "\nvisible\n")
        XCTAssertEqual(s.anomalies, [])
    }

    func testUnclosedElementsAreBounded() {
        let s = html(
            String(repeating: "<div>", count: 1000) + "deep" + String(repeating: "</div>", count: 1000)
                + "<span style=display:none>x</span>")
        XCTAssertTrue(s.text(of: .html).contains("deep"))
        XCTAssertFalse(s.text(of: .html).contains("x"))
        XCTAssertEqual(s.anomalies, [.hiddenHTMLText])
    }

    func calendar(_ source: String, step: Int) -> String {
        let sink = RecordingSink()
        let writer = ViewWriter(sink: sink)
        let c = CalendarTextExtractor(writer: writer)
        Array(source.utf8).withUnsafeBytes { buf in
            var i = 0
            while i < buf.count { let j = min(buf.count, i + step); c.feed(buf.slice(i, j)); i = j }
        }
        c.finish()
        writer.close()
        return sink.text(of: .calendar)
    }

    func testCalendarUnfoldsAndUnescapesAtEveryChunkSize() {
        let ics =
            "BEGIN:VEVENT\r\nSUMMARY:Pay\\, now\r\nDESCRIPTION;ALTREP=\"cid:a:b\":Call 8\r\n 64\\n347\\;x\\\\y\r\nUID:123\r\nlocation:here\nEND:VEVENT"
        for step in 1...ics.utf8.count {
            XCTAssertEqual(calendar(ics, step: step), "Pay, now\nCall 864\n347;x\\y\nhere\n", "step \(step)")
        }
    }
}
