import XCTest

@testable import HooklineDetect

/// `PhoneScanner.endRun` skips a run `PhoneCandidates.mayHoldNumber` rules out; `find` must
/// then read nothing in it, even with a validator that accepts every candidate it is asked.
final class MayHoldNumberTests: XCTestCase {
    private static let anyNumber = ValidatedPhone(
        e164: "+18005550100", type: .tollFree, region: "US", internationalGroups: [1, 3, 3, 4],
        nationalGroups: [3, 3, 4])

    func testRuledOutRunsHoldNoNumber() {
        // Every byte a run can hold (digits, separators, ":", "+", "(", the obfuscation and
        // vanity letters), weighted towards digits so that runs sit around seven keys.
        let alphabet = Array("0123456789 -./~();*:+olixyzabcdefghjkmnpqrstuvw|".utf8)
        let digits = Array("0123456789".utf8)
        let contexts: [RunContext] = [
            RunContext(), RunContext(before: (0x20, 0x61, 0x61), after: 0x20),
            RunContext(before: (UInt8(ascii: "-"), 0x61, 0x61), after: 0),
            RunContext(before: (0x20, 0x20, 0x20), after: 0x2E, extensionFirst: true),
        ]
        var seed: UInt64 = 22
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var scratch = PhoneCandidates.Scratch()
        var ruledOut = 0
        var sevenKeysRead = 0
        for _ in 0..<200_000 {
            let length = 1 + next(24)
            var run: [UInt8] = []
            for _ in 0..<length {
                run.append(next(3) == 0 ? digits[next(digits.count)] : alphabet[next(alphabet.count)])
            }
            let vanityStart: Int? = next(3) == 0 ? next(run.count + 1) : nil
            let context = contexts[next(contexts.count)]
            let keys = run.filter { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == UInt8(ascii: "|") }
            let may = PhoneCandidates.mayHoldNumber(run)
            XCTAssertEqual(may, keys.count >= 7)
            var asked = 0
            let hits = PhoneCandidates.find(in: run, vanityStart: vanityStart, context: context, scratch: &scratch) { _ in
                asked += 1
                return Self.anyNumber
            }
            if !may {
                ruledOut += 1
                XCTAssertEqual(asked, 0, String(decoding: run, as: UTF8.self))
                XCTAssertEqual(hits, [], String(decoding: run, as: UTF8.self))
            } else if keys.count == 7 && !hits.isEmpty {
                sevenKeysRead += 1
            }
        }
        // The generator reaches both sides of the line.
        XCTAssertGreaterThan(ruledOut, 20_000)
        XCTAssertGreaterThan(sevenKeysRead, 100)
    }

    /// Runs the scanner would skip, read through the whole analyzer: no phone either way.
    func testShortRunsFindNothing() {
        XCTAssertEqual(phones(in: "Call 555-0123 or 12.50 on 2024-01-05"), [])
        XCTAssertEqual(phones(in: "Call 1-800-555-0199 now"), ["+18005550199"])
    }
}
