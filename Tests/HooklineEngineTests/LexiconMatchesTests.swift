import XCTest

@testable import HooklineDetect
@testable import HooklineEngine

/// `LexiconMatches` replaced `[Int: [PatternMatch]]`, then an array of arrays appended to
/// match by match (main 9b1ad2b): the same matches must read back the same way (nil where
/// the dictionary had no key, stream order within a lexicon), owners and ids out of range
/// included. Read since as positions in the stream's array: long streams are drawn too.
final class LexiconMatchesTests: XCTestCase {
    func testReadsLikeTheDictionaryItReplaced() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let lexicons = Int.random(in: 0...12, using: &generator)
            // Owners past `count` too (the old array grew for them) and -1 (no lexicon).
            let owners = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                Int.random(in: -1...(lexicons + 2), using: &generator)
            }
            var matches: [PatternMatch] = []
            var dictionary: [Int: [PatternMatch]] = [:]
            for k in 0..<Int.random(in: 0...(Bool.random(using: &generator) ? 8 : 300), using: &generator) {
                // Ids past the owners too: they belong to no lexicon.
                let id = Int.random(in: 0...(owners.count + 3), using: &generator)
                let m = PatternMatch(id: UInt32(id), view: .plain, start: k, end: k + 3, evidence: "m\(k)")
                matches.append(m)
                // What MessageFeatures and the old append did, match by match.
                guard id < owners.count, owners[id] >= 0 else { continue }
                dictionary[owners[id], default: []].append(m)
            }
            let grouped = LexiconMatches(matches, owners: owners, count: lexicons)
            for lexicon in -1...(lexicons + 4) {
                XCTAssertEqual(grouped.matched(lexicon) ? Array(grouped[lexicon]) : nil, dictionary[lexicon], "lexicon \(lexicon)")
                XCTAssertEqual(Array(grouped[lexicon]), dictionary[lexicon] ?? [], "lexicon \(lexicon)")
            }
        }
    }
}
