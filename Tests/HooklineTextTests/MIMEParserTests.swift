import XCTest
import HooklineCore
@testable import HooklineText

final class MIMEParserTests: XCTestCase {
    let multipartHeaders = [("Content-Type", "multipart/mixed; boundary=\"XX\"")]

    func testImageOnlyMessageStopsAskingForBodyUnlessImagesAreRead() {
        for ocr in [false, true] {
            var limits = Limits()
            limits.ocrEnabled = ocr
            let parser = MIMEParser(limits: limits, sink: RecordingSink())
            var ct = "image/png"
            ct.withUTF8 { parser.header(name: "Content-Type", value: UnsafeRawBufferPointer($0)) }
            parser.endOfHeaders()
            // With OCR off an image cannot hold text Hookline reads; with it on, the picture is the text.
            XCTAssertEqual(parser.wantsMoreBody, ocr, "ocr \(ocr)")
        }
    }

    func testEpilogueStopsAskingForBody() {
        let sink = RecordingSink()
        let parser = MIMEParser(limits: .default, sink: sink)
        var ct = "multipart/mixed; boundary=XX"
        ct.withUTF8 { parser.header(name: "Content-Type", value: UnsafeRawBufferPointer($0)) }
        parser.endOfHeaders()
        XCTAssertTrue(parser.wantsMoreBody)
        var body = "--XX\r\n\r\nhello\r\n--XX--\r\n"
        body.withUTF8 { parser.body(UnsafeRawBufferPointer($0)) }
        XCTAssertFalse(parser.wantsMoreBody)
        parser.finish()
        XCTAssertEqual(sink.text(of: .plain), "hello\r\n")
        XCTAssertEqual(parser.anomalies, [])
    }

    func testPerPartTextBudgetCutsOnlyThatPart() {
        var limits = Limits()
        limits.maxPartTextBytes = 10
        let body = Array("--XX\n\n0123456789abcdef\n--XX\n\nsecond\n--XX--\n".utf8)
        let (sink, parser) = Harness.parse(body: body, headers: multipartHeaders, chunk: 3, limits: limits)
        XCTAssertEqual(sink.text(of: .plain), "0123456789|second\n")
        XCTAssertEqual(parser.anomalies, [.partTextLimitReached])
    }

    func testBudgetNeverSplitsACharacter() {
        var limits = Limits()
        limits.maxPartTextBytes = 4
        let (sink, _) = Harness.parse(body: Array("ab€cd".utf8), headers: [("Content-Type", "text/plain; charset=utf-8")], limits: limits)
        XCTAssertEqual(sink.violations, [])
        XCTAssertEqual(sink.text(of: .plain), "ab\u{E2}\u{201A}")  // the cut lead bytes are repaired, not torn
    }

    func testAttachmentsAreSkippedWithoutDecoding() {
        // Broken base64 in an attachment Hookline cannot read (zip) is never decoded, so it cannot raise bad-base64.
        let body = Array(
            "--XX\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n--XX\nContent-Type: text/plain\n\nvisible\n--XX--\n"
                .utf8)
        let (sink, parser) = Harness.parse(body: body, headers: multipartHeaders, chunk: 7)
        XCTAssertEqual(sink.text(of: .plain), "visible\n")
        XCTAssertEqual(parser.anomalies, [])
        XCTAssertEqual(parser.partCount, 3)
    }

    func testDepthLimitIsAnAnomalyNotACrash() {
        var limits = Limits()
        limits.maxMimeDepth = 2
        var body = ""
        for d in 0..<5 { body += "--B\(d)\nContent-Type: multipart/mixed; boundary=B\(d + 1)\n\n" }
        body += "--B5\n\ndeep\n"
        let (sink, parser) = Harness.parse(
            body: Array(body.utf8), headers: [("Content-Type", "multipart/mixed; boundary=B0")], limits: limits)
        XCTAssertEqual(sink.text(of: .plain), "")
        XCTAssertTrue(parser.anomalies.contains(.mimeDepthExceeded))
    }

    func testTopLevelHeadersFeedSubjectAndFromNameViews() {
        let (sink, _) = Harness.parse(
            body: [],
            headers: [
                ("Subject", "=?utf-8?q?Call_us?=\r\n  now"),
                ("From", "\"Billing +1 864 347 2494\" <x@y.z>"),
            ])
        XCTAssertEqual(sink.text(of: .subject), "Call us now")
        XCTAssertEqual(sink.text(of: .fromName), "Billing +1 864 347 2494")
    }

    func testBoundaryWithTransportPaddingAndCRLF() {
        let body = Array("preamble\r\n--XX  \r\nContent-Type: text/html\r\n\r\n<b>hi</b>\r\n--XX--\t\r\nepilogue".utf8)
        let (sink, parser) = Harness.parse(body: body, headers: multipartHeaders, chunk: 1)
        XCTAssertEqual(sink.text(of: .html), "hi\r\n")
        XCTAssertEqual(parser.anomalies, [])
    }
}
