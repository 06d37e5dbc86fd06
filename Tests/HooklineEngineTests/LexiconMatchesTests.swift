import XCTest

@testable import HooklineDetect
@testable import HooklineEngine

/// `LexiconMatches` replaced `[Int: [PatternMatch]]`: the same matches must read back the
/// same way (nil where the dictionary had no key, stream order within a lexicon).
final class LexiconMatchesTests: XCTestCase {
    func testReadsLikeTheDictionaryItReplaced() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let lexicons = Int.random(in: 0...12, using: &generator)
            var array = LexiconMatches(count: lexicons)
            var dictionary: [Int: [PatternMatch]] = [:]
            for k in 0..<Int.random(in: 0...40, using: &generator) {
                // Indices past `count` too: the array grows rather than dropping them.
                let lexicon = Int.random(in: 0...(lexicons + 2), using: &generator)
                let m = PatternMatch(id: UInt32(k), view: .plain, start: k, end: k + 3, evidence: "m\(k)")
                array.append(m, to: lexicon)
                dictionary[lexicon, default: []].append(m)
            }
            for lexicon in -1...(lexicons + 4) {
                XCTAssertEqual(array[lexicon], dictionary[lexicon], "lexicon \(lexicon)")
            }
        }
    }
}
