import XCTest
@testable import HooklineOCREngine
import Foundation
import HooklineCore
import HooklineText
@testable import HooklineEngine
@testable import HooklineLoader
import HooklineOffline

/// Images through the whole message path: which image parts the MIME layer keeps (and
/// which it refuses while they stream), and what the shipped rules make of the text OCR
/// reads from them.
final class MessageImageTests: XCTestCase, MessageFixtures {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    func testImageOnlyLuresAreFlaggedFromTheImageText() throws {
        let engine = try shippedEngine()
        for (name, phone) in [
            ("lure-image-only-norton.eml", "+18552847391"), ("lure-image-only-paypal-inline.eml", "+18883460921"),
            ("lure-image-only-pdf-scan.eml", "+18552847391"),
        ] {
            let v = FileScan.scan(bytes: try ImageReaderTests.fixture(name), engine: engine)
            XCTAssertGreaterThanOrEqual(v.action, .tag, "\(name): \(v.headerValue)")
            let finding = v.phoneFindings.first { $0.e164 == phone }
            XCTAssertEqual(finding?.views, [.image], "\(name): \(v.phoneFindings)")
            XCTAssertTrue(v.rules.contains { $0.id == "PHONE_ONLY_IN_IMAGE" }, v.headerValue)
            XCTAssertTrue(v.rules.contains { $0.id == "IMAGE_ONLY_BRAND_FROM_STRANGER" }, v.headerValue)
        }
    }

    func testLogoIsSkippedAndItsMessageAccepted() throws {
        let bytes = try ImageReaderTests.fixture("ham-logo-only.eml")
        let (images, anomalies) = parse(bytes)
        XCTAssertTrue(images.isEmpty)
        XCTAssertTrue(anomalies.isDisjoint(with: [.imageTooLarge, .imageTooManyPixels, .imageUndecodable]), "\(anomalies)")
        let v = FileScan.scan(bytes: bytes, engine: try shippedEngine())
        XCTAssertEqual(v.action, .accept, v.headerValue)
        XCTAssertFalse(v.phoneFindings.contains { $0.views.contains(.image) })
    }

    /// A long text body speaks for itself: its pictures are not read.
    func testImagesBesideALongBodyAreNotRead() throws {
        let body = String(repeating: "Minutes of the quarterly planning meeting, see the agenda below. ", count: 10)
        let msg = message(try ImageReaderTests.fixture("lure-norton-invoice.png"), body: body)
        XCTAssertEqual(parse(msg).0.count, 1)
        let v = FileScan.scan(bytes: msg, engine: try shippedEngine())
        XCTAssertFalse(v.phoneFindings.contains { $0.views.contains(.image) }, v.headerValue)
    }

    /// Refused while streaming, from the header or the byte count, before any decoder runs.
    func testHostileImagesAreRefusedWhileStreaming() throws {
        let cases: [(String, String, Anomaly)] = [
            ("hostile-huge-dimensions.png", "image/png", .imageTooManyPixels),
            ("hostile-decompression-bomb.png", "image/png", .imageTooManyPixels),
            ("hostile-gif-frame-larger-than-screen.gif", "image/gif", .imageTooManyPixels),
            ("hostile-zero-frames.gif", "image/gif", .imageUndecodable),
        ]
        for (name, type, anomaly) in cases {
            for chunk in [7, 4096] {
                let (images, anomalies) = parse(message(try ImageReaderTests.fixture(name), type: type), chunk: chunk)
                XCTAssertTrue(images.isEmpty, name)
                XCTAssertTrue(anomalies.contains(anomaly), "\(name) chunk \(chunk): \(anomalies)")
            }
        }
        var limits = Limits.default
        limits.maxImageBytes = 4000
        let (images, anomalies) = parse(message(try ImageReaderTests.fixture("lure-norton-invoice.png")), limits: limits)
        XCTAssertTrue(images.isEmpty)
        XCTAssertTrue(anomalies.contains(.imageTooLarge))
    }

    /// Hostile images that pass the header checks reach Leptonica through the whole scan:
    /// the verdict comes back, with an anomaly, and nothing traps.
    func testHostileImagesThroughTheScanEndInAVerdict() throws {
        let engine = try shippedEngine()
        for name in [
            "hostile-truncated.png", "hostile-truncated.jpg",
            "hostile-garbage-after-soi.jpg", "hostile-idat-overflow.png",
        ] {
            let started = Date()
            let v = FileScan.scan(bytes: message(try ImageReaderTests.fixture(name), name: name), engine: engine)
            XCTAssertLessThan(Date().timeIntervalSince(started), 5, name)
            XCTAssertEqual(v.action, .accept, "\(name): \(v.headerValue)")
        }
    }

    /// A PDF image object that says DCTDecode but holds garbage: decoded, refused, recorded.
    func testMalformedPDFImageStreamIsAnAnomaly() throws {
        let msg = message(try ImageReaderTests.fixture("hostile-pdf-image-stream.pdf"), type: "application/pdf", name: "x.pdf")
        for chunk in [5, 4096] { XCTAssertEqual(parse(msg, chunk: chunk).0.count, 1) }
        let v = FileScan.scan(bytes: msg, engine: try shippedEngine())
        XCTAssertTrue(v.anomalies.contains(.imageUndecodable), "\(v.anomalies)")
        XCTAssertEqual(v.action, .accept)
    }

    func testMoreImagesThanTheLimitAreCountedNotRead() throws {
        let png = try ImageReaderTests.fixture("lure-norton-invoice.png")
        let b64 = Data(png).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        var text = "From: a@example.net\nContent-Type: multipart/mixed; boundary=\"xx\"\n\n"
        for i in 0..<5 { text += "--xx\nContent-Type: image/png; name=\"p\(i).png\"\nContent-Transfer-Encoding: base64\n\n\(b64)\n" }
        text += "--xx--\n"
        var limits = Limits.default
        limits.maxImages = 2
        let (images, anomalies) = parse(Array(text.utf8), limits: limits)
        XCTAssertEqual(images.count, 2)
        XCTAssertTrue(anomalies.contains(.imageLimitReached))
        limits.ocrEnabled = false
        XCTAssertEqual(parse(Array(text.utf8), limits: limits).0.count, 0)
    }
}
