import XCTest
@testable import HooklineOCR

/// The memo's key: the same bytes always give the same key in a process, any change of a
/// bit, of the length or of the secret gives another, and the two halves differ.
final class ImageDigestTests: XCTestCase {
    /// Pseudo-random bytes from a fixed seed (xorshift), so a failure repeats.
    func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        return (0..<count).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    func testSameBytesSameKey() {
        for count in [0, 1, 7, 8, 9, 63, 64, 65, 1000] {
            let b = bytes(count, seed: UInt64(count) + 11)
            XCTAssertEqual(ImageDigest.of(b), ImageDigest.of(Array(b)))
        }
    }

    func testEveryBitFlipChangesBothHalves() {
        for count in [1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 129] {
            let original = bytes(count, seed: UInt64(count) * 31)
            let key = ImageDigest.of(original)
            for i in 0..<count {
                for bit in 0..<8 {
                    var changed = original
                    changed[i] ^= UInt8(1 << bit)
                    let other = ImageDigest.of(changed)
                    XCTAssertNotEqual(other.a, key.a, "length \(count), byte \(i), bit \(bit)")
                    XCTAssertNotEqual(other.b, key.b, "length \(count), byte \(i), bit \(bit)")
                }
            }
        }
        // A megabyte (a page raster's size): a flip near each end and in the middle.
        let page = bytes(1 << 20, seed: 5)
        let key = ImageDigest.of(page)
        for i in [0, 1 << 19, (1 << 20) - 1] {
            var changed = page
            changed[i] ^= 0x10
            XCTAssertNotEqual(ImageDigest.of(changed), key)
        }
    }

    func testLengthIsPartOfTheKey() {
        var seen = Set<ImageDigest>()
        for count in 0..<200 { seen.insert(ImageDigest.of([UInt8](repeating: 0, count: count))) }
        XCTAssertEqual(seen.count, 200)
    }

    func testNoCollisionAmongManyShortBuffers() {
        var inputs = Set<[UInt8]>()
        var seen = Set<ImageDigest>()
        for i in 0..<50_000 {
            let b = bytes(4 + i % 40, seed: UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            inputs.insert(b)
            seen.insert(ImageDigest.of(b))
        }
        XCTAssertGreaterThan(inputs.count, 49_000)
        XCTAssertEqual(seen.count, inputs.count)
    }

    func testTheSecretIsPartOfTheKey() {
        let image = bytes(4096, seed: 99)
        let one = ImageDigest.Salts(k0: 1, k1: 2)
        XCTAssertEqual(ImageDigest.of(image, salts: one), ImageDigest.of(image, salts: one))
        for changed in [ImageDigest.Salts(k0: 9, k1: 2), ImageDigest.Salts(k0: 1, k1: 9)] {
            XCTAssertNotEqual(ImageDigest.of(image, salts: changed).a, ImageDigest.of(image, salts: one).a)
            XCTAssertNotEqual(ImageDigest.of(image, salts: changed).b, ImageDigest.of(image, salts: one).b)
        }
        // Two salts drawn at random are (almost surely) different secrets.
        XCTAssertNotEqual(ImageDigest.of(image, salts: .random()), ImageDigest.of(image, salts: .random()))
    }

    func testTheHalvesAreTwoWords() {
        // The second word is rounds past the first: equal halves would make the key 64 bits.
        for i in 0..<1000 {
            let key = ImageDigest.of(bytes(i, seed: UInt64(i) + 3))
            XCTAssertNotEqual(key.a, key.b)
        }
    }
}
