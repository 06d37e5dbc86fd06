import XCTest

@testable import HooklineText

/// A field name lowercased on its bytes, with its well-formedness, as `lowercased()` and
/// the byte test on the result gave.
final class HeaderNameTests: XCTestCase {
    func testBytesAnswerAsLowercased() {
        var names = ["", "From", "X-Hookline-Verdict", "DKIM-Signature", "Bad Name", "Colon:Name", "K\u{212A}", "Ünïcödé", "İ", "\u{7f}"]
        for c in 0..<128 { names += ["X" + String(UnicodeScalar(UInt8(c))) + "y", String(UnicodeScalar(UInt8(c)))] }
        for n in names {
            let lname = n.lowercased()
            let wellFormed = !(lname.isEmpty || lname.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3A }))
            let (fast, fastWellFormed) = HeaderFeatures.lowercasedName(n)
            XCTAssertEqual(fast, lname, n.debugDescription)
            XCTAssertEqual(fastWellFormed, wellFormed, n.debugDescription)
        }
    }
}
