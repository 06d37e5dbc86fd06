import CPhone
import XCTest

/// `hookline_phone_validate` parses plain digits (and "+" digits) with the shim's parse
/// (digit_parse.cpp: Parse without the generic extraction patterns such text cannot need),
/// not libphonenumber's Parse; every answer must be Parse's, the error code and the number's
/// serialised fields byte for byte, for every region of the metadata and digits of every
/// kind the parse branches on: every two-digit start, the region's country code (bare, after
/// "+", after its international prefix), international prefixes before other digits and
/// before "0", trunk prefixes, unknown and non-geographic codes, runs of zeros, lengths 1 to 20.
final class DigitParseTests: XCTestCase {
    func testSameAnswersAsParse() {
        let regions = RegionPlanTests.regions() + ["001", "ZZ"]
        XCTAssertGreaterThan(regions.count, 200)
        var generator = Generator(seed: 0xD161_7A25)
        var asked = 0
        var numbers = 0
        var otherAnswers = 0
        var leftToParse = 0
        for region in regions {
            let code = String(region.withCString { hookline_phone_country_code($0) })
            let idd = RegionPlanTests.internationalPrefix(region)
            var starts = (0..<100).map { String(format: "%02d", $0) }
            for digit in 0...9 {
                let d = String(digit)
                starts += [code + d, "+" + code + d, idd + code + d, idd + d, "+" + d, code + "0" + d, code + "1" + d]
            }
            let prefixes = ["0", "00", "000", "011", "010", "8", "810", "1", "+0", "+00", "+999", "+800", "+882", "+1", "+7"]
            starts += (prefixes + ["001", "0011", "17", "19", "09", "0000000000000"]).map { $0 + String(generator.next(10)) }
            for start in starts {
                for digitsWanted in 1...20 {
                    var text = Array(start.utf8)
                    let plus = text.first == UInt8(ascii: "+") ? 1 : 0
                    while text.count - plus < digitsWanted { text.append(UInt8(ascii: "0") + UInt8(generator.next(10))) }
                    if text.count - plus > digitsWanted { text.removeLast(text.count - plus - digitsWanted) }
                    guard !text.isEmpty, text != [UInt8(ascii: "+")] else { continue }
                    let chars = text.map { CChar(bitPattern: $0) }
                    asked += 1
                    let answer = region.withCString { hookline_phone_parse_compare(chars, chars.count, $0) }
                    switch answer {
                    case 3: numbers += 1
                    case 1: otherAnswers += 1
                    case 2: leftToParse += 1
                    default: XCTFail("\(String(decoding: text, as: UTF8.self)) in \(region): not Parse's answer")
                    }
                }
            }
        }
        print("digit parse: \(asked) texts, \(numbers) numbers, \(otherAnswers) errors alike, \(leftToParse) left to Parse")
        // The comparison reaches numbers and errors of every path, and the shim answers most texts.
        XCTAssertGreaterThan(numbers, 300_000)
        XCTAssertGreaterThan(otherAnswers, 100_000)
        XCTAssertLessThan(leftToParse, asked / 5)
    }
}
