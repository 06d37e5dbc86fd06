import XCTest

@testable import HooklineDetect

/// `PhoneScanner.skipProse` skips "o", "l", "i" and "|" inside words where `scan` used to stop
/// at each and test it in its own loop; where the idle scanner next looks at a byte must be
/// where the old loop (kept here) did, for any bytes, from any index, after any byte of an
/// earlier chunk.
final class ProseSkipTests: XCTestCase {
    /// The old idle loop up to the first byte it went on to read a run from: skip bytes no
    /// number begins with; a letter that stands for a digit after a word byte (`prev` before
    /// index 0) goes back to the skip.
    static func referenceStart(_ bytes: [UInt8], from start: Int, prev: UInt8) -> Int {
        let table = PhoneScanner.startTable
        var i = start
        while i < bytes.count {
            while i < bytes.count && table[Int(bytes[i])] == 0 { i += 1 }
            if i == bytes.count { break }
            let before = i > 0 ? bytes[i - 1] : prev
            if table[Int(bytes[i])] == 2 && PhoneCandidates.isWordByte(before) {
                i += 1
                continue
            }
            break
        }
        return i
    }

    /// `skipProse`, then what `scan` still tests itself at index 0.
    static func fastStart(_ bytes: [UInt8], from start: Int, prev: UInt8) -> Int {
        PhoneScanner.startTable.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { buffer in
                var i = start
                while true {
                    i = PhoneScanner.skipProse(buffer, from: i, table)
                    if i == buffer.count { return i }
                    let before = i > 0 ? buffer[i - 1] : prev
                    if table[Int(buffer[i])] == 2 && PhoneCandidates.isWordByte(before) {
                        i += 1
                        continue
                    }
                    return i
                }
            }
        }
    }

    func testSameStartsAsTheOldLoop() {
        var g = Generator(seed: 2424)
        let alphabet = Array("oli|OLI0123456789+([]- .,:;/abcxyzXYZ\n".utf8) + [0x80, 0xC3, 0xE2, 0xFF, 0x00]
        var stops = 0
        for _ in 0..<20_000 {
            let bytes = (0..<g.next(24)).map { _ in alphabet[g.next(alphabet.count)] }
            let prev = alphabet[g.next(alphabet.count)]
            for start in 0...bytes.count {
                let reference = Self.referenceStart(bytes, from: start, prev: prev)
                XCTAssertEqual(
                    Self.fastStart(bytes, from: start, prev: prev), reference,
                    "\(String(decoding: bytes, as: UTF8.self)) from \(start) after \(prev)")
                if reference < bytes.count { stops += 1 }
            }
        }
        XCTAssertGreaterThan(stops, 50_000)
    }
}
