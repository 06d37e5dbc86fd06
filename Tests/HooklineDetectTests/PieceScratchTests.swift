import XCTest

@testable import HooklineDetect

/// `PhoneCandidates.check` writes a piece's digits, separators and group lengths into arrays
/// kept in the scratch (``PhoneCandidates/Piece``), and `search` its group list, instead of
/// allocating them for every piece: the hits and the questions asked of the validator must be
/// those of the code that built them afresh (``ReferencePhoneCandidates``), whatever the run,
/// what a run before it left in the scratch, and however the validator answers.
final class PieceScratchTests: XCTestCase {
    private static let numbers = [
        ValidatedPhone(
            e164: "+18005550100", type: .tollFree, region: "US", internationalGroups: [1, 3, 3, 4],
            nationalGroups: [3, 3, 4]),
        ValidatedPhone(
            e164: "+442079460018", type: .fixed, region: "GB", internationalGroups: [2, 2, 4, 4],
            nationalGroups: [3, 4, 4]),
        ValidatedPhone(
            e164: "+33142685300", type: .fixed, region: "FR", internationalGroups: [2, 1, 2, 2, 2, 2],
            nationalGroups: [2, 2, 2, 2, 2]),
    ]

    /// The validator's answer is a function of the candidate alone, so both paths are asked alike.
    private static func answer(_ candidate: [UInt8]) -> ValidatedPhone? {
        let sum = Int(candidate.reduce(UInt32(0)) { $0 &* 31 &+ UInt32($1) } >> 3)
        return sum % 4 == 0 ? nil : numbers[sum % 3]
    }

    /// Digit groups of every length joined by each separator, dates, amounts, addresses, "+",
    /// brackets, colons, letters that may be digits and keypad words: the shapes `check` tests.
    private static func run(_ g: inout Generator) -> [UInt8] {
        let separators = Array(" -./~();*:+".utf8)
        let letters = Array("olixyzabcdefghjkmnpqrstuvw|OLI".utf8)
        var out: [UInt8] = []
        if g.next(4) == 0 { out.append(UInt8(ascii: "+")) }
        if g.next(6) == 0 { out.append(UInt8(ascii: "(")) }
        for _ in 0..<(1 + g.next(8)) {
            for _ in 0..<(1 + g.next(g.next(3) == 0 ? 12 : 4)) {
                out.append(g.next(12) == 0 ? letters[g.next(letters.count)] : UInt8(ascii: "0") + UInt8(g.next(10)))
            }
            let sep = g.next(3) == 0 ? separators[g.next(separators.count)] : [0x20, 0x2E, 0x2D, 0x2F][g.next(4)]
            out.append(sep)
            if g.next(8) == 0 { out.append(sep) }
        }
        if g.next(2) == 0 { out.removeLast() }
        return Array(out.prefix(PhoneScanner.maxRunBytes))
    }

    func testScratchPiecesAnswerAsFreshArrays() {
        var g = Generator(seed: 2926)
        let contexts: [RunContext] = [
            RunContext(), RunContext(before: (0x20, 0x61, 0x61), after: 0x20),
            RunContext(before: (UInt8(ascii: "-"), 0x61, 0x61), after: 0),
            RunContext(before: (UInt8(ascii: "_"), 0x61, 0x61), after: UInt8(ascii: "-")),
            RunContext(before: (0x61, 0x61, 0x61), after: UInt8(ascii: ".")),
            RunContext(before: (0x20, 0x20, 0x20), after: 0x61, extensionFirst: true),
            RunContext(before: (0x20, 0x20, 0x20), after: UInt8(ascii: "@")),
        ]
        var reused = PhoneCandidates.Scratch()
        var hits = 0
        var held = 0
        var asked = 0
        for _ in 0..<40_000 {
            let run = Self.run(&g)
            let vanityStart: Int? = g.next(4) == 0 ? g.next(run.count + 1) : nil
            let context = contexts[g.next(contexts.count)]
            var expectedAsked: [[UInt8]] = []
            var fresh = PhoneCandidates.Scratch()
            let expected = ReferencePhoneCandidates.find(in: run, vanityStart: vanityStart, context: context, scratch: &fresh) {
                expectedAsked.append($0)
                return Self.answer($0)
            }
            var gotAsked: [[UInt8]] = []
            let got = PhoneCandidates.find(in: run, vanityStart: vanityStart, context: context, scratch: &reused) {
                gotAsked.append($0)
                return Self.answer($0)
            }
            let text = String(decoding: run, as: UTF8.self)
            XCTAssertEqual(got, expected, text)
            XCTAssertEqual(gotAsked, expectedAsked, text)
            hits += expected.filter { $0.phone != nil }.count
            held += expected.filter { $0.phone == nil }.count
            asked += expectedAsked.count
        }
        // The generator reaches the validator, its hits and the numbers held for later.
        XCTAssertGreaterThan(asked, 8_000)
        XCTAssertGreaterThan(hits, 2_000)
        XCTAssertGreaterThan(held, 250)
    }
}
