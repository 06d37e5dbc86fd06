import XCTest

@testable import HooklineDetect

/// `PhoneCandidates.find` overwrites the first `n` entries of its scratch arrays instead of
/// emptying and refilling them for every run: what a longer run before it left in them must
/// change nothing, whatever the run and however the validator answers.
final class FindScratchTests: XCTestCase {
    private static let numbers = [
        ValidatedPhone(
            e164: "+18005550100", type: .tollFree, region: "US", internationalGroups: [1, 3, 3, 4],
            nationalGroups: [3, 3, 4]),
        ValidatedPhone(
            e164: "+442079460018", type: .fixed, region: "GB", internationalGroups: [2, 2, 4, 4],
            nationalGroups: [3, 4, 4]),
    ]

    /// Every byte a run can hold, digits weighted up so that most runs reach seven keys.
    private static func run(_ g: inout Generator, maxLength: Int) -> [UInt8] {
        let alphabet = Array("0123456789 -./~();*:+olixyzabcdefghjkmnpqrstuvw|OLI".utf8)
        let length = 1 + g.next(maxLength)
        return (0..<length).map { _ in g.next(2) == 0 ? UInt8(ascii: "0") + UInt8(g.next(10)) : alphabet[g.next(alphabet.count)] }
    }

    /// One `find`: the hits and every candidate it asked about, in order. The validator's
    /// answer depends on the candidate only, so both scratches are asked the same questions.
    private static func find(
        _ run: [UInt8], vanityStart: Int?, context: RunContext, _ scratch: inout PhoneCandidates.Scratch
    )
        -> ([PhoneHit], [[UInt8]])
    {
        var asked: [[UInt8]] = []
        let hits = PhoneCandidates.find(in: run, vanityStart: vanityStart, context: context, scratch: &scratch) { candidate in
            asked.append(candidate)
            let sum = candidate.reduce(0) { $0 + Int($1) }
            return sum % 3 == 0 ? nil : numbers[sum % 2]
        }
        return (hits, asked)
    }

    func testReusedScratchReadsAsAFreshOne() {
        var g = Generator(seed: 2601)
        let contexts: [RunContext] = [
            RunContext(), RunContext(before: (0x20, 0x61, 0x61), after: 0x20),
            RunContext(before: (UInt8(ascii: "-"), 0x61, 0x61), after: 0),
            RunContext(before: (0x20, 0x20, 0x20), after: 0x2E, extensionFirst: true),
        ]
        var reused = PhoneCandidates.Scratch()
        var found = 0
        var obfuscatedHits = 0
        for _ in 0..<60_000 {
            // A long run first, written over the same scratch, then the one compared.
            let before = Self.run(&g, maxLength: PhoneScanner.maxRunBytes)
            _ = Self.find(before, vanityStart: g.next(2) == 0 ? g.next(before.count + 1) : nil, context: contexts[0], &reused)
            let run = Self.run(&g, maxLength: 30)
            let vanityStart: Int? = g.next(3) == 0 ? g.next(run.count + 1) : nil
            let context = contexts[g.next(contexts.count)]
            var fresh = PhoneCandidates.Scratch()
            let expected = Self.find(run, vanityStart: vanityStart, context: context, &fresh)
            let got = Self.find(run, vanityStart: vanityStart, context: context, &reused)
            XCTAssertEqual(got.0, expected.0, String(decoding: run, as: UTF8.self))
            XCTAssertEqual(got.1, expected.1, String(decoding: run, as: UTF8.self))
            if !expected.0.isEmpty { found += 1 }
            if expected.0.contains(where: \.obfuscated) { obfuscatedHits += 1 }
        }
        // The generator reaches runs that are numbers, some of them written with letters for digits.
        XCTAssertGreaterThan(found, 1_000)
        XCTAssertGreaterThan(obfuscatedHits, 150)
    }
}
