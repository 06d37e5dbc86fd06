import CPhone
import Foundation
import XCTest

/// The shim's length pre-test (Sources/CPhone/region_plan.cpp) answers "no number" without
/// libphonenumber; wherever it does, libphonenumber itself must say so, for every region the
/// metadata has and both kinds of question. The digit strings are systematic, not the corpus:
/// every length the scanner asks (7 to 15), every two-digit start for every region, every
/// three-digit start for the countries messages are read in most, and the same with a trunk
/// "0" or "1", an international prefix or a country code in front.
/// `HOOKLINE_REGION_PLAN_FULL=1` asks every three-digit start for every region (minutes).
final class RegionPlanTests: XCTestCase {
    static let common = [
        "US", "CA", "GB", "AU", "IE", "IN", "NZ", "ZA", "ES", "MX", "AR", "CO", "CL", "PE", "DE", "AT", "CH", "FR", "BE",
        "BR", "PT", "IT", "NL", "PL", "SE", "FI", "DK", "NO", "CZ", "SK", "JP", "SG", "HK", "HU",
    ]

    func testRuledOutOnlyWhatLibphonenumberRejects() throws {
        let regions = Self.regions()
        XCTAssertGreaterThan(regions.count, 200)
        let full = ProcessInfo.processInfo.environment["HOOKLINE_REGION_PLAN_FULL"] == "1"
        var asked = 0
        var ruledOut = 0
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        for region in regions {
            let width = full || Self.common.contains(region) ? 3 : 2
            var starts = (0..<Int(pow(10, Double(width)))).map { String(format: "%0\(width)d", $0) }
            // International prefixes, country codes and trunk prefixes of several lengths.
            starts += ["00", "011", "0011", "001", "810", "8", "01", "1", "0"].flatMap { p in (0...9).map { p + String($0) } }
            // The region's own country code, with every two digits after it (path 2: the code
            // and national prefixes stripped), and with each plain trunk digit and two more.
            let code = String(region.withCString { hookline_phone_country_code($0) })
            starts += (0..<100).map { code + String(format: "%02d", $0) }
            starts += ["0", "1", "8", "9"].flatMap { trunk in (0..<100).map { code + trunk + String(format: "%02d", $0) } }
            guard Self.checkRuledOut(starts, region, seed: &seed, asked: &asked, ruledOut: &ruledOut) else { return }
        }
        print("region plan: ruled out \(ruledOut) of \(asked) questions over \(regions.count) regions")
        // The pre-test must earn its place: most of these strings are no number.
        XCTAssertGreaterThan(ruledOut, asked / 4, "ruled out \(ruledOut) of \(asked)")
    }

    /// Digits behind a plain-digit international prefix ("00" in Britain, "011" in America) are
    /// read by the country code after it, the pre-test's path 1: wherever it rules such digits
    /// out, libphonenumber rejects them too. Every country code of the metadata (and every
    /// one- and two-digit start that is none) behind the prefix, in every region that has one,
    /// each length the scanner asks; for one region of each prefix also every two digits after
    /// the code, and a trunk digit and one more (the national prefix stripped or not); and a
    /// "0" after the prefix, which the parse does not take as international.
    func testInternationalPrefixRuledOutOnlyWhatLibphonenumberRejects() throws {
        let regions = Self.regions()
        var codes = Set(regions.map { region in String(region.withCString { hookline_phone_country_code($0) }) })
        // The non-geographic codes ("001" in the metadata), which are asked, and starts that are no code.
        codes.formUnion(["800", "808", "870", "878", "881", "882", "883", "888", "979"])
        codes.formUnion((1...99).map { String($0) })
        let sortedCodes = codes.sorted()
        var asked = 0
        var ruledOut = 0
        var prefixed = 0
        var fullFor = Set<String>()
        var seed: UInt64 = 0x0D0D_1DD0_5EED_0001
        for region in regions {
            let idd = Self.internationalPrefix(region)
            guard !idd.isEmpty else { continue }
            prefixed += 1
            var starts = sortedCodes.map { idd + $0 }
            starts += (0...9).map { idd + "0" + String($0) }
            if fullFor.insert(idd).inserted {
                starts += sortedCodes.flatMap { code in (0..<100).map { idd + code + String(format: "%02d", $0) } }
                starts += sortedCodes.flatMap { code in ["0", "1", "8", "9"].flatMap { t in (0...9).map { idd + code + t + String($0) } } }
            }
            guard Self.checkRuledOut(starts, region, seed: &seed, asked: &asked, ruledOut: &ruledOut) else { return }
        }
        print("region plan: behind an international prefix (\(prefixed) regions, \(fullFor.sorted())), ruled out \(ruledOut) of \(asked)")
        XCTAssertGreaterThan(prefixed, 150)
        XCTAssertGreaterThan(ruledOut, asked / 4, "ruled out \(ruledOut) of \(asked)")
        // Numbers written behind the prefix are asked.
        for (digits, region) in [("00442079460018", "DE"), ("011442079460018", "US"), ("0033970801234", "GB"), ("0018005550199", "FR")] {
            let bytes = Array(digits.utf8)
            XCTAssertFalse(Self.ruledOut(bytes, region, 0), "\(digits) in \(region)")
            XCTAssertEqual(Self.reference(bytes, region, 0), 1, "\(digits) in \(region)")
        }
        // No country code "28" exists; "004420794" is too short for Britain.
        XCTAssertTrue(Self.ruledOut(Array("0028123456789".utf8), "DE", 0))
        XCTAssertTrue(Self.ruledOut(Array("004420794".utf8), "DE", 0))
    }

    /// Twins answer alike in every field of the shim's result, valid, possible or neither.
    func testTwinsAnswerAlike() {
        let regions = Self.regions()
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var shared = 0
        var numbers = 0
        var pairs = Set<String>()
        for region in regions {
            let wide = Self.common.contains(region)
            var starts = (0..<(wide ? 1000 : 100)).map { String(format: wide ? "%03d" : "%02d", $0) }
            starts += ["00", "011", "0011", "810", "8", "1", "0"].flatMap { p in (0...9).map { p + String($0) } }
            let complete = Self.forEachDigitString(starting: starts, seed: &seed) { digits in
                guard let twin = Self.twin(digits, region), twin != region else { return true }
                pairs.insert(region + "=" + twin)
                for allowPossible: Int32 in [0, 1] {
                    shared += 1
                    let mine = Self.answer(digits, region, allowPossible)
                    let theirs = Self.answer(digits, twin, allowPossible)
                    if mine.first == 1 { numbers += 1 }
                    XCTAssertEqual(mine, theirs, "\(String(decoding: digits, as: UTF8.self)) in \(region) and \(twin)")
                    if mine != theirs { return false }
                }
                return true
            }
            if !complete { return }
        }
        print("region plan: \(shared) questions answered by a twin (\(numbers) numbers), pairs \(pairs.sorted())")
        XCTAssertTrue(pairs.contains("US=CA") || pairs.contains("CA=US"))
        XCTAssertGreaterThan(numbers, 1000, "twins compared on numbers too, not only on digits that are none")
        // The digits that may part the two are never shared: a leading "1" is asked for each.
        XCTAssertNil(Self.twin(Array("18005550199".utf8), "US"))
        XCTAssertNil(Self.twin(Array("+0044207946001".utf8), "GB"))
        XCTAssertNil(Self.twin(Array("9876543210".utf8), "IN"))
    }

    /// "+" and a known country code: every region answers alike, so all share one twin; without
    /// a known code (a "+" before an international prefix) Parse reads the default region's.
    func testPlusNumbersAnswerAlikeInEveryRegion() {
        let regions = Self.regions()
        var seed: UInt64 = 0x2222_0000_2222
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var starts = (10...99).map { "+" + String($0) }
        starts += ["+1", "+7", "+1800", "+1416", "+4420", "+447", "+4930", "+3531", "+91987", "+6140", "+800", "+870", "+882", "+979"]
        starts += ["+0", "+00", "+0044", "+011", "+999", "+2"]
        var numbers = 0
        var shared = 0
        for start in starts {
            for _ in 0..<6 {
                var text = Array(start.utf8)
                let digitsWanted = 7 + next(9)
                while text.count - 1 < digitsWanted { text.append(UInt8(ascii: "0") + UInt8(next(10))) }
                let twins = Set(regions.map { Self.twin(text, $0) })
                guard twins.count == 1, let twin = twins.first ?? nil else {
                    XCTAssertEqual(twins, [nil], "\(String(decoding: text, as: UTF8.self)): a twin for some regions only")
                    continue
                }
                for allowPossible: Int32 in [0, 1] {
                    let theirs = Self.answer(text, twin, allowPossible)
                    if theirs.first == 1 { numbers += 1 }
                    for region in regions {
                        shared += 1
                        let mine = Self.answer(text, region, allowPossible)
                        XCTAssertEqual(mine, theirs, "\(String(decoding: text, as: UTF8.self)) in \(region) and \(twin)")
                        if mine != theirs { return }
                    }
                }
            }
        }
        print("region plan: \(shared) '+' questions answered by a twin (\(numbers) numbers)")
        XCTAssertGreaterThan(numbers, 250)
        XCTAssertNotNil(Self.twin(Array("+14165550199".utf8), "CA"))
        XCTAssertNotNil(Self.twin(Array("+8001234567".utf8), "GB"))
        XCTAssertNil(Self.twin(Array("+0044207946001".utf8), "GB"))
        XCTAssertNil(Self.twin(Array("+999123456789".utf8), "US"))
    }

    /// A length the country has, but no number of it starting so: ruled out by the first two
    /// digits (Australia's eight-digit numbers begin "13", none "19"; "1999-2026" in a footer).
    func testTwoDigitStartsRuleOut() {
        for (digits, region) in [("19992026", "AU"), ("19992026", "IN")] {
            let bytes = Array(digits.utf8)
            XCTAssertTrue(Self.ruledOut(bytes, region, 0), "\(digits) in \(region)")
            XCTAssertEqual(Self.reference(bytes, region, 0), 0, "\(digits) in \(region)")
        }
        XCTAssertFalse(Self.ruledOut(Array("13451234".utf8), "AU", 0))
    }

    func testNumbersAreNeverRuledOut() {
        let numbers: [(String, String)] = [
            ("8643472494", "US"), ("18005550199", "US"), ("4165550199", "CA"), ("02079460018", "GB"), ("07911123456", "GB"),
            ("08003301234", "DE"), ("0970801234", "FR"), ("900123456", "ES"), ("0212345678", "AU"), ("9876543210", "IN"),
        ]
        for (digits, region) in numbers {
            let bytes = Array(digits.utf8)
            XCTAssertFalse(Self.ruledOut(bytes, region, 0), "\(digits) in \(region)")
            XCTAssertEqual(Self.reference(bytes, region, 0), 1, "\(digits) in \(region)")
        }
        // Not digits, a "+", an unknown region: always asked.
        XCTAssertFalse(Self.ruledOut(Array("+12345678".utf8), "US", 0))
        XCTAssertFalse(Self.ruledOut(Array("123456789012".utf8), "XX", 0))
        XCTAssertFalse(Self.ruledOut(Array("123456789012".utf8), "usa", 0))
        XCTAssertTrue(Self.ruledOut(Array("234567890123".utf8), "US", 0))
    }

    /// Each of `starts` filled to every length from 7 to 15 with digits from the generator,
    /// in that order; false once `body` asks to stop.
    /// Asks both kinds of question for every digit string from `starts` in `region`; each one
    /// the pre-test rules out must be one libphonenumber rejects. False at the first that is not.
    static func checkRuledOut(
        _ starts: [String], _ region: String, seed: inout UInt64, asked: inout Int, ruledOut: inout Int
    ) -> Bool {
        Self.forEachDigitString(starting: starts, seed: &seed) { digits in
            for allowPossible: Int32 in [0, 1] {
                asked += 1
                guard Self.ruledOut(digits, region, allowPossible) else { continue }
                ruledOut += 1
                let reference = Self.reference(digits, region, allowPossible)
                XCTAssertEqual(
                    reference, 0, "\(String(decoding: digits, as: UTF8.self)) in \(region), allow_possible \(allowPossible)")
                if reference != 0 { return false }
            }
            return true
        }
    }

    static func forEachDigitString(starting starts: [String], seed: inout UInt64, _ body: ([UInt8]) -> Bool) -> Bool {
        for start in starts {
            for length in 7...15 where length > start.count {
                var digits = Array(start.utf8)
                while digits.count < length {
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    digits.append(UInt8(ascii: "0") + UInt8((seed >> 33) % 10))
                }
                if !body(digits) { return false }
            }
        }
        return true
    }

    static func regions() -> [String] {
        let size = hookline_phone_regions(nil, 0)
        var buffer = [CChar](repeating: 0, count: size + 1)
        _ = hookline_phone_regions(&buffer, buffer.count)
        let list = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return list.split(separator: ",").map(String.init)
    }

    static func internationalPrefix(_ region: String) -> String {
        var buffer = [CChar](repeating: 0, count: 8)
        let size = region.withCString { hookline_phone_international_prefix($0, &buffer, buffer.count) }
        guard size > 0, size < buffer.count else { return "" }
        return String(decoding: buffer.prefix(size).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func ruledOut(_ digits: [UInt8], _ region: String, _ allowPossible: Int32) -> Bool {
        let chars = digits.map { CChar(bitPattern: $0) }
        return region.withCString { hookline_phone_ruled_out(chars, chars.count, $0, allowPossible) == 1 }
    }

    static func twin(_ digits: [UInt8], _ region: String) -> String? {
        let chars = digits.map { CChar(bitPattern: $0) }
        var out = [CChar](repeating: 0, count: 4)
        guard region.withCString({ hookline_phone_twin(chars, chars.count, $0, &out) }) == 1 else { return nil }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The whole result, byte for byte, with the return value in front.
    static func answer(_ digits: [UInt8], _ region: String, _ allowPossible: Int32) -> [UInt8] {
        var result = hookline_phone_result()
        let chars = digits.map { CChar(bitPattern: $0) }
        let ok = region.withCString { hookline_phone_validate_reference(chars, chars.count, $0, allowPossible, &result) }
        return [UInt8(ok)] + withUnsafeBytes(of: &result) { Array($0) }
    }

    static func reference(_ digits: [UInt8], _ region: String, _ allowPossible: Int32) -> Int32 {
        var result = hookline_phone_result()
        let chars = digits.map { CChar(bitPattern: $0) }
        return region.withCString { hookline_phone_validate_reference(chars, chars.count, $0, allowPossible, &result) }
    }
}
