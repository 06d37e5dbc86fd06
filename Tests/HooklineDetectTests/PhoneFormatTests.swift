import CPhone
import XCTest

/// `hookline_phone_validate` writes a number's E.164 from its country code and national
/// significant number, and its INTERNATIONAL and NATIONAL forms with FormatByPattern over the
/// region's own format lists (phone.cpp, `formatThree`); every form must be the one
/// libphonenumber's Format writes, and every answer the reference's, for the example number of
/// every region and type, each non-geographic code's, and variations of them: other last
/// digits, a digit more or less, zeros after the country code (Italy keeps them), and the
/// national forms with and without a trunk "0". The two forms are written by one
/// FormatByPattern over the combined list where the lists pair (`formatBoth`), else by two.
final class PhoneFormatTests: XCTestCase {
    static func examples() -> [(region: String, e164: String)] {
        let size = hookline_phone_examples(nil, 0)
        var buffer = [CChar](repeating: 0, count: size + 1)
        _ = hookline_phone_examples(&buffer, buffer.count)
        let list = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return list.split(separator: ",").compactMap { entry in
            guard let plus = entry.firstIndex(of: "+") else { return nil }
            return (region: String(entry.prefix(upTo: plus)), e164: String(entry.suffix(from: plus)))
        }
    }

    static func formats(_ text: String, _ region: String, viaFormat: Int32) -> String? {
        let chars = Array(text.utf8).map { CChar(bitPattern: $0) }
        var buffer = [CChar](repeating: 0, count: 256)
        let size = region.withCString { hookline_phone_formats(chars, chars.count, $0, viaFormat, &buffer, buffer.count) }
        guard size > 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func testFormsAreFormatsForEveryExample() {
        let examples = Self.examples()
        XCTAssertGreaterThan(examples.count, 1_000)
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var inputs: [(text: String, region: String)] = []
        for (region, e164) in examples {
            let home = region == "001" ? "US" : region
            let code = String(home.withCString { hookline_phone_country_code($0) })
            let digits = Array(e164.dropFirst())
            for other in 0...9 {
                inputs.append(("+" + String(digits.dropLast()) + String(other), home))
            }
            inputs.append(("+" + String(digits) + String(next(10)), home))
            inputs.append(("+" + String(digits.dropLast()), home))
            // Shorter still: lengths whose format has no international form ("NA": +1's seven
            // digits), or that no format matches.
            for cut in 2...4 where digits.count - cut > code.count {
                inputs.append(("+" + String(digits.dropLast(cut)), home))
            }
            if region != "001", e164.hasPrefix("+" + code) {
                let nsn = String(e164.dropFirst(1 + code.count))
                inputs.append((nsn, home))
                inputs.append(("0" + nsn, home))
                inputs.append((nsn, "US"))
                inputs.append(("+" + code + "0" + nsn, home))
                inputs.append(("+" + code + "00" + nsn, home))
            }
        }
        // Italy keeps the leading zeros of its fixed lines in the number itself.
        for length in 6...11 {
            for start in ["0", "00", "06", "02", "3", "8", "55"] {
                var text = "+39" + start
                while text.count < 3 + length { text += String(next(10)) }
                inputs.append((text, "IT"))
                inputs.append((String(text.dropFirst(3)), "IT"))
            }
        }
        var compared = 0
        var accepted = 0
        var regions = Set<String>()
        for (text, region) in inputs {
            let fast = Self.formats(text, region, viaFormat: 0)
            let reference = Self.formats(text, region, viaFormat: 1)
            XCTAssertEqual(fast, reference, "\(text) in \(region)")
            if reference != nil { compared += 1 }
            let chars = Array(text.utf8).map { CChar(bitPattern: $0) }
            var fastResult = hookline_phone_result()
            var referenceResult = hookline_phone_result()
            let fastOK = region.withCString { hookline_phone_validate(chars, chars.count, $0, 1, &fastResult) }
            let referenceOK = region.withCString { hookline_phone_validate_reference(chars, chars.count, $0, 1, &referenceResult) }
            XCTAssertEqual(fastOK, referenceOK, "\(text) in \(region)")
            guard fastOK == 1, referenceOK == 1 else { continue }
            accepted += 1
            let same = withUnsafeBytes(of: &fastResult) { a in withUnsafeBytes(of: &referenceResult) { b in a.elementsEqual(b) } }
            XCTAssertTrue(same, "\(text) in \(region)")
            regions.insert(withUnsafeBytes(of: &referenceResult.region) { String(decoding: $0.prefix(2), as: UTF8.self) })
        }
        print(
            "phone formats: \(examples.count) examples, \(inputs.count) inputs, \(compared) formatted, \(accepted) accepted, \(regions.count) regions"
        )
        XCTAssertGreaterThan(compared, 20_000)
        XCTAssertGreaterThan(accepted, 10_000)
        XCTAssertGreaterThan(regions.count, 200)
    }
}
