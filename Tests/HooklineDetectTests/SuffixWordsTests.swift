import XCTest

@testable import HooklineDetect

/// ``IdentifierContext/endsWithWord(_:in:)`` and ``CountryLabel/endingName(_:)`` compare only
/// the words that end in the window's last byte (``SuffixWords``); they must answer as the
/// whole lists do (kept: `endsWithWordReference`, `endingNameReference`), for windows that end
/// with a word of the lists, glued to letters or not, cut short, or anything else.
final class SuffixWordsTests: XCTestCase {
    private static let lists: [[[UInt8]]] = [
        IdentifierContext.labels, IdentifierContext.numberWords, IdentifierContext.currencies,
        IdentifierContext.demonstratives, IdentifierContext.extensionLabels, CountryLabel.fillers,
    ]
    private static let names = CountryLabel.names.flatMap { $0.1 }.map { Array($0.utf8) }

    private static func window(_ g: inout Generator, _ words: [[UInt8]]) -> [UInt8] {
        let noise = Array("abz AZ09 .:-#=()|\t\n".utf8) + [0x80, 0xC3, 0xA9]
        var w: [UInt8] = (0..<g.next(12)).map { _ in noise[g.next(noise.count)] }
        for _ in 0..<(1 + g.next(3)) {
            switch g.next(6) {
            case 0: w.append(0x20)
            case 1: w.append(noise[g.next(noise.count)])
            default: break
            }
            var word = words[g.next(words.count)]
            // Sometimes cut short, or with a letter too many.
            if g.next(5) == 0 { word = Array(word.dropFirst(g.next(word.count + 1))) }
            if g.next(7) == 0 { word.append(UInt8(ascii: "s")) }
            w += word
        }
        return w
    }

    func testSameAnswersAsTheWholeLists() {
        var g = Generator(seed: 2727)
        var found = 0
        let all = Self.lists.flatMap { $0 } + Self.names
        let indexed = Self.lists.map(SuffixWords.init)
        for _ in 0..<40_000 {
            let w = Self.window(&g, all)
            for (list, words) in zip(Self.lists, indexed) {
                let expected = IdentifierContext.endsWithWordReference(w, in: list)
                XCTAssertEqual(IdentifierContext.endsWithWord(w, in: words), expected, "\(w)")
                if expected != nil { found += 1 }
            }
            let name = CountryLabel.endingNameReference(w)
            XCTAssertEqual(CountryLabel.endingName(w), name, "\(w)")
            if name != nil { found += 1 }
        }
        XCTAssertGreaterThan(found, 10_000)
    }
}
