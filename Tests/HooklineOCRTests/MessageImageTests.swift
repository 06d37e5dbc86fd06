import XCTest
import Foundation
import HooklineCore
import HooklineText
@testable import HooklineEngine
@testable import HooklineLoader
import HooklineOffline

/// Images through the whole message path: which image parts the MIME layer keeps (and
/// which it refuses while they stream), and what the shipped rules make of the text OCR
/// reads from them.
final class MessageImageTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped config compiles once per test target (a Vectorscan compile costs seconds);
    /// the Engine is immutable, so every test can share it.
    static let shippedLoad = ConfigLoader.load(path: MessageImageTests.repo.appendingPathComponent("Config/hookline.yaml").path)

    func shippedEngine() throws -> Engine {
        switch Self.shippedLoad {
        case .success(let e): return e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")
        }
    }

    final class NullSink: TextSink {
        var anomalies: Set<Anomaly> = []
        func begin(_ view: TextView) {}
        func text(_ utf8: UnsafeRawBufferPointer) {}
        func end() {}
        func anomaly(_ anomaly: Anomaly) { anomalies.insert(anomaly) }
    }

    /// The MIME layer alone, fed in `chunk`-byte pieces: the images it kept, and its anomalies.
    func parse(_ message: [UInt8], limits: Limits = .default, chunk: Int = 4096) -> ([CollectedImage], Set<Anomaly>) {
        let parser = MIMEParser(limits: limits, sink: NullSink())
        let splitter = MessageSplitter(
            limits: limits, onHeader: { parser.header(name: $0, value: $1) },
            onEndOfHeaders: { parser.endOfHeaders() }, onBody: { parser.body($0) })
        message.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count {
                splitter.feed(UnsafeRawBufferPointer(rebasing: raw[i..<min(raw.count, i + chunk)]))
                i += chunk
            }
        }
        splitter.finish()
        parser.finish()
        return (parser.images, parser.anomalies)
    }

    /// A one-image message around `image`, with `body` as its text.
    func message(_ image: [UInt8], type: String = "image/png", name: String = "scan.png", body: String = "") -> [UInt8] {
        let b64 = Data(image).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let text = """
            From: Billing <billing@example.net>\nTo: user@example.com\nSubject: Invoice\nMIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="xx"\n\n--xx\nContent-Type: text/plain\n\n\(body)
            --xx\nContent-Type: \(type); name="\(name)"\nContent-Transfer-Encoding: base64\n\n\(b64)
            --xx--\n
            """
        return Array(text.utf8)
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
            ("hostile-heic-brand.heic", "image/heic", .imageUnsupported),
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
