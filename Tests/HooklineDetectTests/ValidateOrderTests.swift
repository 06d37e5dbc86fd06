import CPhone
import XCTest

/// `hookline_phone_validate` asks for the number type first, and finds the region and the type in
/// one walk over the calling code's regions with libphonenumber's own patterns (phone.cpp,
/// `validateTypeFirst`; number_type.cpp) instead of GetNumberType and GetRegionCodeForNumber
/// (a leading-digits pattern matched whole instead of at the start fails it); every answer it gives must
/// be the reference's (region, then validity, then type), field for field, for every region
/// of the metadata, national and "+" forms, valid, possible-only and rejected alike.
final class ValidateOrderTests: XCTestCase {
    func testSameAnswersAsTheReference() {
        let regions = RegionPlanTests.regions()
        XCTAssertGreaterThan(regions.count, 200)
        var seed: UInt64 = 0x5DEE_CE66_D022
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var asked = 0
        var valid = 0
        var possibleOnly = 0
        var types = Set<Int32>()
        var regionsAnswered = Set<String>()
        for region in regions {
            let code = String(region.withCString { hookline_phone_country_code($0) })
            // Every two-digit start, the country code with each digit after it (national form
            // and "+"), and trunk prefixes, each filled to every length the scanner asks.
            var starts = (0..<100).map { String(format: "%02d", $0) }
            starts += (0...9).flatMap { [code + String($0), "+" + code + String($0)] }
            starts += ["0", "1", "00", "011", "+1"].map { $0 + String(next(10)) }
            for start in starts {
                for digitsWanted in 7...15 {
                    var text = Array(start.utf8)
                    while text.filter({ $0 != UInt8(ascii: "+") }).count < digitsWanted {
                        text.append(UInt8(ascii: "0") + UInt8(next(10)))
                    }
                    let chars = text.map { CChar(bitPattern: $0) }
                    for allowPossible: Int32 in [0, 1] {
                        asked += 1
                        var fast = hookline_phone_result()
                        var reference = hookline_phone_result()
                        let fastOK = region.withCString { hookline_phone_validate(chars, chars.count, $0, allowPossible, &fast) }
                        let referenceOK = region.withCString {
                            hookline_phone_validate_reference(chars, chars.count, $0, allowPossible, &reference)
                        }
                        let what = "\(String(decoding: text, as: UTF8.self)) in \(region), allow_possible \(allowPossible)"
                        XCTAssertEqual(fastOK, referenceOK, what)
                        guard fastOK == 1, referenceOK == 1 else { continue }
                        let same = withUnsafeBytes(of: &fast) { a in withUnsafeBytes(of: &reference) { b in a.elementsEqual(b) } }
                        XCTAssertTrue(same, what)
                        if reference.valid == 1 { valid += 1 } else { possibleOnly += 1 }
                        types.insert(reference.type)
                        regionsAnswered.insert(withUnsafeBytes(of: &reference.region) { String(decoding: $0.prefix(2), as: UTF8.self) })
                    }
                }
            }
        }
        print(
            "validate order: \(asked) questions, \(valid) valid, \(possibleOnly) possible only, types \(types.sorted()), \(regionsAnswered.count) regions"
        )
        // The comparison reaches numbers of every kind, not only digits that are none.
        XCTAssertGreaterThan(valid, 20_000)
        XCTAssertGreaterThan(possibleOnly, 20_000)
        XCTAssertGreaterThanOrEqual(types.count, 7)
        XCTAssertGreaterThan(regionsAnswered.count, 150)
    }
}
