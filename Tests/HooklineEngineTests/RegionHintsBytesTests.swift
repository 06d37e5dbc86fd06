import XCTest
@testable import HooklineEngine

/// The country code of an address on its bytes answers as the String form: every piece an
/// address may be built from (capitals, trailing dots, '>' and spaces, several "@", no "@",
/// vanity and three-letter TLDs, CR LF, letters outside ASCII) in every order.
final class RegionHintsBytesTests: XCTestCase {
    func testCountryCodeOnBytesAnswersAsOnStrings() {
        let pieces = ["a", "@", ".", ">", " ", "fr", "FR", "uk", "io", "com", "de", "x@y", "\r\n", "é", "1", "-", "mx"]
        var checked = 0
        var all: [String] = []
        func check(_ address: String) {
            XCTAssertEqual(RegionHints.countryCode(address), RegionHints.countryCodeOfString(address), address.debugDescription)
            XCTAssertEqual(RegionHints.region(of: address), Self.referenceRegion(address), address.debugDescription)
            all.append(address)
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
        // Lists of them, against the list built from the String form's codes as it was.
        var g = SplitMix64(seed: 29)
        for _ in 0..<3_000 {
            let list = (0..<Int(g.next() % 9)).map { _ in all[Int(g.next() % UInt64(all.count))] }
            XCTAssertEqual(RegionHints.fromAddresses(list), Self.referenceFromAddresses(list), list.debugDescription)
        }
        XCTAssertEqual(
            RegionHints.fromAddresses(["a@b.fr", "x@y.co.uk", "h.example.de", "z@q.io", "a@c.fr", "m@n.es"]), ["FR", "GB", "DE", "ES"])
    }

    /// The region as `fromAddresses` made it before the pair table: the String form's code,
    /// renamed or uppercased.
    static func referenceRegion(_ address: String) -> String? {
        RegionHints.countryCodeOfString(address).map { RegionHints.renamed[$0] ?? $0.uppercased() }
    }

    /// `fromAddresses` as it was, on the String form.
    static func referenceFromAddresses(_ addresses: [String]) -> [String] {
        var out: [String] = []
        for address in addresses {
            guard let region = referenceRegion(address) else { continue }
            if !out.contains(region) { out.append(region) }
            if out.count == 4 { break }
        }
        return out
    }
}
