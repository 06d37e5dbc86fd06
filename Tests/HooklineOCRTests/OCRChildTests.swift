import XCTest
@testable import HooklineOCREngine
import Foundation
import Glibc
@testable import HooklineOCR
import HooklineCore

/// The daemon's OCR children: the wire carries a reading unchanged, and a child that
/// dies or hangs costs that reading only, within its deadline and grace.
final class OCRChildTests: XCTestCase {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    /// A worker serving on a thread of this process, over a real socketpair.
    func withServedChild(languages: String = "eng", _ body: (OCRChild) throws -> Void) throws {
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds), 0)
        let theirs = fds[1]
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            OCRWorker.serve(fd: theirs)
            close(theirs)
            done.signal()
        }
        do {
            let child = OCRChild(languages: languages, fd: fds[0], pid: 0)
            try body(child)
        }
        // The child is gone: its socket closed, the worker returns.
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
    }

    func testReadingThroughTheWireIsTheEnginesReading() throws {
        let image = try ImageReaderTests.fixture("lure-norton-invoice.png")
        let engine = try XCTUnwrap(TesseractEngine(languages: "eng"))
        let direct: (OCRStatus, String) = engine.read(image, maxPixels: 6_000_000, deadlineMillis: 20_000)
        try withServedChild { child in
            let first = try XCTUnwrap(child.read(image, maxPixels: 6_000_000, deadlineMillis: 20_000))
            XCTAssertEqual(first.0, direct.0)
            XCTAssertEqual(first.1, direct.1)
            XCTAssertTrue(first.1.contains("284-7391"), first.1)
            // Refusals travel too, and the child stays usable.
            let huge = try ImageReaderTests.fixture("hostile-huge-dimensions.png")
            XCTAssertEqual(child.read(huge, maxPixels: 6_000_000, deadlineMillis: 5000)?.0, .tooManyPixels)
            XCTAssertTrue(child.usable)
        }
    }

    func testMissingLanguageIsUnavailable() throws {
        let image = try ImageReaderTests.fixture("lure-norton-invoice.png")
        try withServedChild(languages: "xx-no-such-language") { child in
            XCTAssertNil(child.read(image, maxPixels: 6_000_000, deadlineMillis: 5000))
            XCTAssertTrue(child.unavailable)
            XCTAssertFalse(child.usable)
        }
    }

    /// A child that exits at once (here /bin/false) or never answers (a script that
    /// sleeps) is a failed reading, and the caller is free by the deadline plus grace.
    func testDeadOrHungChildIsAFailedReading() throws {
        let image = try ImageReaderTests.fixture("lure-norton-invoice.png")
        let dead = try XCTUnwrap(OCRChild.spawn(executable: "/bin/false", languages: "eng"))
        XCTAssertNil(dead.read(image, maxPixels: 6_000_000, deadlineMillis: 5000))
        XCTAssertFalse(dead.usable)
        XCTAssertFalse(dead.unavailable)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocrchild-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("hang")
        try "#!/bin/sh\nexec sleep 60\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o700)
        let hung = try XCTUnwrap(OCRChild.spawn(executable: script.path, languages: "eng"))
        let started = Date()
        XCTAssertNil(hung.read(image, maxPixels: 6_000_000, deadlineMillis: 1))
        let waited = Date().timeIntervalSince(started) * 1000
        XCTAssertLessThan(waited, Double(OCRChild.grace) + 1500)
        XCTAssertGreaterThanOrEqual(waited, Double(OCRChild.grace) - 50)
    }

    /// The OCR child gets OMP_THREAD_LIMIT from its parent (so it need not start itself again
    /// to set it) unless the daemon's own environment sets it: a default adds what is
    /// missing and never overrides.
    func testSpawnDefaultsAddOnlyWhatTheEnvironmentLacks() throws {
        setenv("HOOKLINE_TEST_SET", "mine", 1)
        unsetenv("HOOKLINE_TEST_UNSET")
        defer { unsetenv("HOOKLINE_TEST_SET") }
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds), 0)
        defer { close(fds[0]) }
        let started = SpawnChild.start(
            "/usr/bin/env", [], stdio: fds[1], defaults: ["HOOKLINE_TEST_SET=theirs", "HOOKLINE_TEST_UNSET=added"])
        close(fds[1])
        guard case .success(let pid) = started else { return XCTFail("spawn: \(started)") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = Glibc.read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("HOOKLINE_TEST_SET=") }, ["HOOKLINE_TEST_SET=mine"])
        XCTAssertEqual(lines.filter { $0.hasPrefix("HOOKLINE_TEST_UNSET=") }, ["HOOKLINE_TEST_UNSET=added"])
        XCTAssertTrue(lines.contains { $0.hasPrefix("PATH=") }, "the rest of the environment is inherited")
    }
}

/// The real worker, when the build put `hookline-ocr` beside the test bundle.
final class OCRWorkerExecutableTests: XCTestCase {
    func testBuiltWorkerReadsLikeTheEngine() throws {
        guard let worker = OCRPool.workerExecutable else { throw XCTSkip("hookline-ocr not built beside the tests") }
        let image = try ImageReaderTests.fixture("lure-paypal-receipt.jpg")
        let engine = try XCTUnwrap(TesseractEngine(languages: "eng"))
        let direct: (OCRStatus, String) = engine.read(image, maxPixels: 6_000_000, deadlineMillis: 20_000)
        let child = try XCTUnwrap(OCRChild.spawn(executable: worker, languages: "eng"))
        let read = try XCTUnwrap(child.read(image, maxPixels: 6_000_000, deadlineMillis: 20_000))
        XCTAssertEqual(read.0, direct.0)
        XCTAssertEqual(read.1, direct.1)
        XCTAssertTrue(child.usable)
    }

}
