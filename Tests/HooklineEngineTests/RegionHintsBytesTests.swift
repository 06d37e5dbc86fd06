import XCTest
@testable import HooklineEngine

/// The country code of an address on its bytes answers as the String form: every piece an
/// address may be built from (capitals, trailing dots, '>' and spaces, several "@", no "@",
/// vanity and three-letter TLDs, CR LF, letters outside ASCII) in every order.
final class RegionHintsBytesTests: XCTestCase {
    func testCountryCodeOnBytesAnswersAsOnStrings() {
        let pieces = ["a", "@", ".", ">", " ", "fr", "FR", "uk", "io", "com", "de", "x@y", "\r\n", "é", "1", "-", "mx"]
        var checked = 0
        func check(_ address: String) {
            XCTAssertEqual(RegionHints.countryCode(address), RegionHints.countryCodeOfString(address), address.debugDescription)
            checked += 1
        }
        for p in pieces {
            for q in pieces {
                for r in pieces {
                    check(p + q + r)
                    check("user@" + p + q + "." + r)
                    check("<jane@mail." + p + "." + q + r + ">")
                }
            }
        }
        for s in ["a@b.fr", "a@b.FR. ", "mx.example.de", "a@b.co.uk>", "a@b.io", "", "@", ".", "a@.fr", "a@fr", "a@b.f1"] {
            check(s)
        }
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertEqual(
            RegionHints.fromAddresses(["a@b.fr", "x@y.co.uk", "h.example.de", "z@q.io", "a@c.fr", "m@n.es"]), ["FR", "GB", "DE", "ES"])
    }
}
