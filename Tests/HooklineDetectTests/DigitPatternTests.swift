import CPhone
import XCTest

/// The number-type walk and the formats match the metadata's patterns with DigitPattern
/// (digit_pattern.cpp), not ICU, and write digit-group formats without GlobalReplace
/// (phone.cpp, `PreparedFormat.apply`); every answer must be ICU's: each pattern of every
/// region asked whole and at the start about digits near the region's example numbers (each
/// digit changed, lengths one shorter and longer) and every two-digit start; generated patterns
/// of the whole subset (nested groups, empty branches, open and counted repeats); and each
/// format written by both for every length it takes.
final class DigitPatternTests: XCTestCase {
    static func digits(_ generator: inout Generator, _ count: Int) -> String {
        String(decoding: (0..<count).map { _ in UInt8(ascii: "0") + UInt8(generator.next(10)) }, as: UTF8.self)
    }

    func testMetadataPatternsAnswerAsICU() {
        var generator = Generator(seed: 0xD161_7A77)
        var inputs: [(region: String, code: Int32, nsn: String)] = []
        for (region, e164) in PhoneFormatTests.examples() {
            let code = region == "001" ? Int32(e164.dropFirst().prefix(3)) ?? 0 : region.withCString { hookline_phone_country_code($0) }
            let nsn = Array(e164.dropFirst(1 + String(code).count).utf8)
            guard !nsn.isEmpty else { continue }
            inputs.append((region, code, String(decoding: nsn, as: UTF8.self)))
            for at in 0..<nsn.count {
                for digit in 0...9 {
                    let length = max(1, nsn.count - 1 + generator.next(3))
                    var text = Array(nsn.prefix(at)) + [UInt8(ascii: "0") + UInt8(digit)]
                    text += Array(Self.digits(&generator, max(0, length - text.count)).utf8)
                    inputs.append((region, code, String(decoding: text.prefix(length), as: UTF8.self)))
                }
            }
        }
        for region in RegionPlanTests.regions() {
            let code = region.withCString { hookline_phone_country_code($0) }
            for start in 0..<100 {
                let length = 2 + generator.next(16)
                inputs.append((region, code, String(format: "%02d", start) + Self.digits(&generator, length - 2)))
            }
        }
        XCTAssertGreaterThan(inputs.count, 140_000)
        var counts = [Int32](repeating: 0, count: 4)
        for input in inputs {
            let chars = Array(input.nsn.utf8).map { CChar(bitPattern: $0) }
            let same = input.region.withCString { hookline_phone_pattern_compare(chars, chars.count, $0, input.code, &counts) }
            XCTAssertEqual(same, 1, "\(input.nsn) in \(input.region)")
        }
        print(
            "digit patterns: \(inputs.count) numbers, \(counts[0]) questions, \(counts[1]) whole, \(counts[2]) at the start, \(counts[3]) left to ICU"
        )
        // Matches and misses both, and nearly every pattern of the metadata in the subset.
        XCTAssertGreaterThan(counts[1], 200_000)
        XCTAssertGreaterThan(counts[2], 800_000)
        XCTAssertGreaterThan(counts[0] - counts[2], 1_000_000)
        XCTAssertLessThan(counts[3], counts[0] / 1000)
    }

    /// Patterns of the subset, generated: an alternation of sequences of atoms, each maybe
    /// repeated. Open repeats only of single digits outside groups, groups two deep at most
    /// (ICU backtracks through nested open repeats for ever; the metadata has none).
    static func pattern(_ generator: inout Generator, depth: Int) -> String {
        var branches: [String] = []
        for _ in 0...(generator.next(4) == 0 ? generator.next(3) + 1 : 0) {
            var branch = ""
            for _ in 0..<generator.next(4) {
                var atom: String
                let kind = generator.next(depth >= 2 ? 3 : 5)
                switch kind {
                case 0: atom = String(generator.next(10))
                case 1: atom = "\\d"
                case 2:
                    atom = "["
                    for _ in 0...generator.next(3) {
                        let from = generator.next(10)
                        switch generator.next(6) {
                        case 0: atom += "\\d"
                        case 1, 2: atom += "\(from)-\(from + generator.next(10 - from))"
                        default: atom += String(from)
                        }
                    }
                    atom += "]"
                case 3: atom = "(?:" + pattern(&generator, depth: depth + 1) + ")"
                default: atom = "(" + pattern(&generator, depth: depth + 1) + ")"
                }
                let open = kind < 3 && depth == 0
                switch generator.next(8) {
                case 0: atom += "?"
                case 1: atom += open ? "*" : "?"
                case 2: atom += open ? "+" : "{1,2}"
                case 3: atom += "{\(generator.next(4))}"
                case 4: atom += open ? "{\(generator.next(3)),}" : "{0,2}"
                case 5:
                    let least = generator.next(kind < 3 ? 4 : 2)
                    atom += "{\(least),\(least + generator.next(kind < 3 ? 4 : 2))}"
                default: break
                }
                branch += atom
            }
            branches.append(branch)
        }
        return branches.joined(separator: "|")
    }

    func testGeneratedPatternsAnswerAsICU() {
        var generator = Generator(seed: 0x0D16_1770)
        var compared = 0
        var whole = 0
        var atStart = 0
        var leftToICU = 0
        for _ in 0..<3_000 {
            let pattern = Self.pattern(&generator, depth: 0)
            for _ in 0..<40 {
                let text = Array(Self.digits(&generator, generator.next(11)).utf8).map { CChar(bitPattern: $0) }
                let answer = hookline_phone_pattern_text_compare(pattern, text, text.count)
                XCTAssertGreaterThanOrEqual(
                    answer, 0, "\(pattern) over \(String(decoding: text.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
                if answer == 0 { leftToICU += 1 } else { compared += 1 }
                if answer > 0, answer & 2 != 0 { whole += 1 }
                if answer > 0, answer & 4 != 0 { atStart += 1 }
            }
        }
        print("generated patterns: \(compared) questions, \(whole) whole, \(atStart) at the start, \(leftToICU) left to ICU")
        XCTAssertEqual(leftToICU, 0)
        XCTAssertGreaterThan(whole, 5_000)
        XCTAssertGreaterThan(compared - atStart, 5_000)
        // Beyond the subset, the pattern is left to ICU.
        for beyond in ["1.3", "(?=1)2", "\\d{2}?", "1++", "[^1]", "[a-c]", "1{2}{3}", "\\D", "1(?i:2)", "12 "] {
            XCTAssertEqual(hookline_phone_pattern_text_compare(beyond, "123", 3), 0, beyond)
        }
    }

    func testDigitGroupFormatsWrittenAsICU() {
        var generator = Generator(seed: 0xF0_4A77)
        var codes = Set(RegionPlanTests.regions().map { $0.withCString { hookline_phone_country_code($0) } })
        codes.formUnion([800, 808, 870, 878, 881, 882, 883, 888, 979])
        var counts = [Int32](repeating: 0, count: 2)
        var leftToICU: Int32 = 0
        for code in codes.sorted() {
            for length in 1...17 {
                for _ in 0..<4 {
                    let before = counts[1]
                    let text = Array(Self.digits(&generator, length).utf8).map { CChar(bitPattern: $0) }
                    XCTAssertEqual(hookline_phone_format_compare(text, text.count, code, &counts), 1, "\(code) \(length)")
                    if length == 1 { leftToICU += counts[1] - before }
                    counts[1] = before
                }
            }
        }
        print("digit-group formats: \(counts[0]) written by both, \(leftToICU / 4) formats left to GlobalReplace")
        XCTAssertGreaterThan(counts[0], 3_000)
    }
}
