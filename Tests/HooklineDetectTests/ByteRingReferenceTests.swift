import XCTest
@testable import HooklineDetect

/// ``ByteRing`` keeps its bytes in a `ManagedBuffer` it grows and copies itself: every read
/// must give what the Array-backed ring (``ReferenceByteRing``) gives after the same appends,
/// across growth, the wrap, appends longer than the ring, and copies of a ring appended to
/// apart (copy on write).
final class ByteRingReferenceTests: XCTestCase {
    func check(_ new: ByteRing, _ old: ReferenceByteRing, _ rng: inout SplitMix, _ label: String) {
        XCTAssertEqual(new.total, old.total, label)
        XCTAssertEqual(new.oldest, old.oldest, label)
        let capacity = old.capacity
        for _ in 0..<6 {
            // Reads inside, at the edge of and outside what is held.
            let from = old.total - Int(rng.next() % UInt64(capacity + 4)) + 1
            let to = from + Int(rng.next() % UInt64(capacity + 2)) - 1
            XCTAssertEqual(new.bytes(from: from, to: to), old.bytes(from: from, to: to), "\(label) bytes \(from)..<\(to)")
            XCTAssertEqual(
                new.withBytes(from: from, to: to) { Array($0) }, old.withBytes(from: from, to: to) { Array($0) },
                "\(label) withBytes \(from)..<\(to)")
            XCTAssertEqual(new.byte(at: from), old.byte(at: from), "\(label) byte \(from)")
            if to >= from {
                var out = [UInt8](repeating: 0, count: to - from)
                let copied = out.withUnsafeMutableBufferPointer { new.copy(from: from, to: to, into: $0) }
                let expected = old.bytes(from: from, to: to)
                XCTAssertEqual(copied, expected != nil, "\(label) copy \(from)..<\(to)")
                if let expected { XCTAssertEqual(out, expected, "\(label) copy \(from)..<\(to)") }
            }
        }
    }

    func testReadsAreTheArrayRingsWhateverTheAppends() {
        var rng = SplitMix(seed: 77)
        for capacity in [
            1, 2, 7, 64, 1000, 2048, ByteRing.initialBytes - 1, ByteRing.initialBytes, ByteRing.initialBytes + 1,
            3 * ByteRing.initialBytes + 5,
        ] {
            var new = ByteRing(capacity: capacity)
            var old = ReferenceByteRing(capacity: capacity)
            check(new, old, &rng, "capacity \(capacity), empty")
            for step in 0..<300 {
                let n =
                    step % 17 == 0
                    ? Int(rng.next() % UInt64(3 * capacity + 2)) : Int(rng.next() % UInt64(min(capacity, 600) + 1))
                let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                bytes.withUnsafeBufferPointer {
                    new.append($0)
                    old.append($0)
                }
                check(new, old, &rng, "capacity \(capacity), step \(step), appended \(n)")
            }
        }
    }

    /// A copy keeps what it held when the original is appended to, and the other way round.
    func testCopiesAreValues() {
        var rng = SplitMix(seed: 3)
        for capacity in [5, 100, 5000] {
            var a = ByteRing(capacity: capacity)
            var ra = ReferenceByteRing(capacity: capacity)
            for step in 0..<60 {
                var b = a
                var rb = ra
                let n = Int(rng.next() % UInt64(capacity / 2 + 2))
                let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                bytes.withUnsafeBufferPointer {
                    if step % 2 == 0 {
                        a.append($0)
                        ra.append($0)
                    } else {
                        b.append($0)
                        rb.append($0)
                    }
                }
                check(a, ra, &rng, "capacity \(capacity), step \(step), a")
                check(b, rb, &rng, "capacity \(capacity), step \(step), b")
                if step % 3 == 0 {
                    a = b
                    ra = rb
                }
            }
        }
    }
}
