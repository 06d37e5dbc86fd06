import CPhone
import XCTest

@testable import HooklineDetect

/// `PhoneMemo` finds a question asked before by its packed form before it asks for the twin
/// region; every answer must be libphonenumber's own for that question, and the packing must
/// tell every question apart.
final class PhoneMemoTests: XCTestCase {
    /// Questions drawn from a small pool, so most are repeats, some differ only in the region
    /// (Canada and America are twins) or in `allowPossible`; the memo's answer is the unmemoised one.
    func testSameAnswersAsUnmemoised() {
        var g = Generator(seed: 2323)
        let regions = ["US", "CA", "GB", "IN", "AU", "IE", "DE", "FR", "BR", "ZZ", "U", "USA"]
        var pool: [[UInt8]] = []
        for _ in 0..<400 {
            var digits: [UInt8] = g.next(5) == 0 ? [UInt8(ascii: "+")] : []
            let starts = ["1", "0", "8", "44", "91", "61", "353", "49", "55", "2", "7"]
            digits += Array(starts[g.next(starts.count)].utf8)
            let length = 1 + g.next(18)
            while digits.count < length { digits.append(UInt8(ascii: "0") + UInt8(g.next(10))) }
            if g.next(40) == 0 { digits.append(UInt8(ascii: "-")) }
            pool.append(digits)
        }
        var answered = 0
        for _ in 0..<40 {
            var memo = PhoneMemo()
            for _ in 0..<600 {
                let digits = pool[g.next(pool.count)]
                let region = regions[g.next(regions.count)]
                let allowPossible = g.next(2) == 0
                let memoised = memo.validate(digits, region: region, allowPossible: allowPossible)
                let direct = PhoneValidator.validate(digits, region: region, allowPossible: allowPossible)
                XCTAssertEqual(memoised, direct, "\(String(decoding: digits, as: UTF8.self)) \(region) \(allowPossible)")
                if direct != nil { answered += 1 }
            }
        }
        XCTAssertGreaterThan(answered, 1_000)
    }

    /// The packed table (``PhoneMemo/Digits`` packed once, tried in several regions, as the
    /// scanner asks): every answer is the unmemoised one, across the table's growth from 32
    /// slots to the 512 questions it holds and past them, with the twin regions sharing answers.
    func testPackedTableSameAnswersAsUnmemoised() {
        var g = Generator(seed: 2325)
        let regions = ["US", "CA", "GB", "IN", "AU", "DE", "FR", "BR", "MX", "ES", "IT", "NL", "ZZ", "USA"]
        var asked = 0
        for round in 0..<6 {
            var memo = PhoneMemo()
            // A pool as large as the memo in the later rounds, so it fills and stops remembering.
            let poolSize = [20, 60, 150, 300, 500, 700][round]
            var pool: [[UInt8]] = []
            for _ in 0..<poolSize {
                var digits: [UInt8] = g.next(6) == 0 ? [UInt8(ascii: "+")] : []
                let starts = ["1", "0", "8", "44", "91", "52", "34", "49", "55", "39", "31"]
                digits += Array(starts[g.next(starts.count)].utf8)
                let length = 7 + g.next(11)
                while digits.count < length { digits.append(UInt8(ascii: "0") + UInt8(g.next(10))) }
                pool.append(digits)
            }
            for _ in 0..<900 {
                let digits = PhoneMemo.Digits(pool[g.next(pool.count)])
                let allowPossible = g.next(3) == 0
                for _ in 0..<(1 + g.next(4)) {
                    let region = regions[g.next(regions.count)]
                    let memoised = memo.validate(digits, region: region, allowPossible: allowPossible)
                    let direct = PhoneValidator.validate(digits.bytes, region: region, allowPossible: allowPossible)
                    XCTAssertEqual(
                        memoised, direct, "\(String(decoding: digits.bytes, as: UTF8.self)) \(region) \(allowPossible)")
                    asked += 1
                }
            }
        }
        XCTAssertGreaterThan(asked, 10_000)
    }

    /// The packed form gives back the question it was made from, so no two share one.
    func testPackingIsOneToOne() {
        var g = Generator(seed: 2324)
        let alphabet = Array("0123456789+".utf8)
        for _ in 0..<200_000 {
            let length = g.next(19)
            let digits = (0..<length).map { _ in alphabet[g.next(alphabet.count)] }
            let region = ["US", "CA", "GB", "Z", "ZZZ", "é"][g.next(6)]
            let allowPossible = g.next(2) == 0
            guard let packed = PhoneMemo.pack(digits, region: region, allowPossible: allowPossible) else {
                XCTAssertTrue(length == 0 || length > 16 || region.utf8.count != 2)
                continue
            }
            var back: [UInt8] = []
            var code = packed.digits
            while code != 0 {
                let nibble = UInt8(code & 0xF)
                back.append(nibble == 11 ? UInt8(ascii: "+") : UInt8(ascii: "0") + nibble - 1)
                code >>= 4
            }
            XCTAssertEqual(back, digits)
            XCTAssertEqual([UInt8(packed.region >> 9), UInt8((packed.region >> 1) & 0xFF)], Array(region.utf8))
            XCTAssertEqual(packed.region & 1 == 1, allowPossible)
        }
    }
}
