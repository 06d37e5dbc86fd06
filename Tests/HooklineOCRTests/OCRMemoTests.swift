import XCTest
@testable import HooklineOCREngine
import Foundation
@testable import HooklineOCR
import HooklineCore

/// The memo of readings: keyed by the image's digest, returns exactly what Tesseract read,
/// and stays within its bounds.
final class OCRMemoTests: XCTestCase {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    func testSecondReadingIsRememberedAndIdentical() throws {
        let image = try ImageReaderTests.fixture("lure-paypal-receipt.jpg")
        var fresh = Limits.default
        fresh.ocrMemoEntries = 0
        let read = ImageReader.read([image], limits: fresh)
        XCTAssertEqual(read.remembered, 0)
        let first = ImageReader.read([image], limits: .default)
        let second = ImageReader.read([image], limits: .default)
        XCTAssertEqual(second.remembered, 1)
        XCTAssertEqual(second.millis, [0])
        XCTAssertEqual(first.texts, read.texts)
        XCTAssertEqual(second.texts, read.texts)
        XCTAssertEqual(second.anomalies, read.anomalies)
        // Other languages are another reading.
        var other = Limits.default
        other.ocrLanguages = ["eng", "deu"]
        XCTAssertEqual(ImageReader.read([image], limits: other).remembered, 0)
    }

    func testBoundedByEntriesAndText() {
        let memo = OCRMemo()
        func key(_ i: Int) -> OCRMemo.Key {
            OCRMemo.Key(
                digest: ImageDigest.of([UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8)]), languages: "eng", maxPixels: 1)
        }
        for i in 0..<10 { memo.remember("text \(i)", for: key(i), capacity: 4) }
        XCTAssertEqual(memo.state.count, 4)
        XCTAssertEqual(memo.text(for: key(9)), "text 9")
        XCTAssertNil(memo.text(for: key(0)))
        // Used recently survives the next eviction.
        XCTAssertEqual(memo.text(for: key(6)), "text 6")
        memo.remember("text 10", for: key(10), capacity: 4)
        XCTAssertEqual(memo.text(for: key(6)), "text 6")
        XCTAssertNil(memo.text(for: key(7)))
        let big = String(repeating: "x", count: OCRMemo.maxTextBytes / 2 + 1)
        memo.remember(big, for: key(20), capacity: 100)
        memo.remember(big, for: key(21), capacity: 100)
        XCTAssertLessThanOrEqual(memo.state.textBytes, OCRMemo.maxTextBytes)
        XCTAssertNil(memo.text(for: key(20)))
        memo.remember("gone", for: key(22), capacity: 0)
        XCTAssertEqual(memo.state.count, 0)
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
