import Foundation
import HooklineCore
import XCTest
@testable import HooklineDetect

/// What Vectorscan reports must depend on the bytes scanned only, never on where they lie in
/// memory: libvectorscan 5.4.9's AVX-512 code missed matches near a buffer's end for some
/// end addresses, and the heap layout (moved by Swift's per-process hash seed) chose them.
final class ScanStagingTests: XCTestCase {
    /// The message that showed it (blind set final51, toad 061): its start finder's window,
    /// scanned in place at 23 of the 64 possible end addresses, reported no match, so the
    /// evidence quoted 48 bytes before the end instead of "pending verification". Fails on
    /// the old code on a CPU with AVX-512 only (elsewhere Vectorscan takes another path).
    func testFinderFindsTheStartWhereverItsWindowLies() throws {
        let expression =
            "\\bpending (?:activation|verification|release|acceptance)\\b|\\bupgraded? (?:\\S+ )?to a (?:business|merchant|premium) account\\b"
        let text =
            "rbc royal bank\n\ninterac e-transfer of $1,980.00 on hold\n\ninterac e-transfer of $1,980.00 on hold\n\n"
            + "rbc royal bank\n\nrbc royal bank - security notice an interac e-transfer of $1,980.00 from your "
            + "chequing account is on hold pending verification."
        let bytes = Array(text.utf8)
        let end = bytes.count - 1
        let expected = bytes.count - 1 - "pending verification".utf8.count
        let (finders, widths) = PatternCompiler.compileFinders(
            [PatternSpec(id: 7, expression: expression)], withoutStart: [])
        XCTAssertNotNil(finders[7])
        let finder = StartFinder(finders, widths: widths, mapping: nil)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        var missed: [Int] = []
        for offset in 0..<128 {
            buffer.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "x"), count: 4096)
            let at = (buffer + offset).assumingMemoryBound(to: UInt8.self)
            at.update(from: bytes, count: bytes.count)
            var starts = [end - PatternDatabase.approximateSpan]
            finder.starts(
                id: 7, ends: [end], into: &starts, window: UnsafeBufferPointer(start: at, count: bytes.count), base: 0)
            if starts[0] != expected { missed.append(offset) }
        }
        XCTAssertEqual(missed, [], "window offsets (mod 4096) where the start was not found")
    }

    /// Whatever was staged before, the bytes come back unchanged, ending on a 64-byte boundary,
    /// with 64 zero bytes on either side.
    func testPlacedBytesEndOnABoundaryBetweenZeros() {
        let capacity = 700
        let base = ScanStaging.allocate(capacity: capacity)
        defer { base.deallocate() }
        var rng = SystemRandomNumberGenerator()
        for round in 0..<400 {
            let n = round < 200 ? round % (capacity + 1) : Int.random(in: 0...capacity, using: &rng)
            let bytes = (0..<n).map { _ in UInt8.random(in: 1...255, using: &rng) }
            ScanStaging.start(base).update(from: bytes, count: n)
            let placed = ScanStaging.place(base, count: n)
            XCTAssertEqual(Array(placed), bytes)
            guard let start = placed.baseAddress else { return XCTFail("no address") }
            XCTAssertEqual(Int(bitPattern: start + n) % ScanStaging.alignment, 0, "\(n) bytes")
            let before = UnsafeBufferPointer(start: start - ScanStaging.alignment, count: ScanStaging.alignment)
            let after = UnsafeBufferPointer(start: start + n, count: ScanStaging.alignment)
            XCTAssertTrue(before.allSatisfy { $0 == 0 } && after.allSatisfy { $0 == 0 }, "\(n) bytes")
            // Leftovers of the last placement, as a stream's next batch finds them.
            ScanStaging.start(base).update(repeating: 0xEE, count: capacity)
        }
    }

    /// Text over a batch long given in one call is scanned in batches, every match kept and
    /// its start exact, as when the same text comes in small slices.
    func testLongSlicesMatchAsSmallOnes() throws {
        let specs = [
            PatternSpec(id: 0, expression: "\\bpending (?:activation|verification)\\b|\\bupgraded? to a premium account\\b"),
            PatternSpec(id: 1, expression: "call us now", length: 11),
        ]
        let db = try PatternDatabase(specs, mode: .stream)
        var text = ""
        var k = 0
        while text.utf8.count < 3 * PatternStream.batchBytes {
            text += ["filler words here ", "pending verification. ", "call us now ", "upgraded to a premium account "][k % 4]
            text += String(repeating: "z", count: k % 37) + " "
            k += 1
        }
        let bytes = Array(text.utf8)
        var limits = Limits.default
        limits.maxMatchesPerPattern = 100_000
        func matches(_ slices: [[UInt8]]) -> [PatternMatch] {
            let stream = PatternStream(database: db, limits: limits)
            for slice in slices { slice.withUnsafeBufferPointer { stream.scan($0) } }
            stream.close()
            return stream.matches
        }
        let whole = matches([bytes])
        let sliced = matches(stride(from: 0, to: bytes.count, by: 1000).map { Array(bytes[$0..<min(bytes.count, $0 + 1000)]) })
        XCTAssertGreaterThan(whole.count, 100)
        XCTAssertEqual(whole.map(\.id), sliced.map(\.id))
        XCTAssertEqual(whole.map(\.start), sliced.map(\.start))
        XCTAssertEqual(whole.map(\.end), sliced.map(\.end))
        XCTAssertEqual(whole.map(\.evidence), sliced.map(\.evidence))
    }
}
