import XCTest

@testable import HooklineText

/// Attribute names are matched packed into a word; the answers are the string switch's.
final class HTMLAttributeNameTests: XCTestCase {
    private func byString(_ name: [UInt8]) -> HTMLAttributeName? {
        guard name.count <= 7 else { return nil }
        switch String(decoding: name.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }, as: UTF8.self) {
        case "style": return .style
        case "href": return .href
        case "color", "text": return .color
        case "bgcolor": return .background
        case "hidden": return .hidden
        case "class": return .className
        case "id": return .id
        default: return nil
        }
    }

    func testPackedNamesAnswerAsTheStringSwitch() {
        var names = [
            "style", "STYLE", "Href", "color", "text", "bgColor", "hidden", "class", "id", "ID", "src", "alt", "",
            "styles", "bgcolorx", "i", "d", "\u{0}id", "id\u{0}", "ïd", "hréf",
        ].map { Array($0.utf8) }
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("idstylehrefcoltxbgnaIDST\u{0}".utf8) + [0xC3, 0xAF, 0xFF]
        for _ in 0..<50000 { names.append((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? 0 }) }
        for name in names {
            XCTAssertEqual(HTMLAttributeName(name[...]).map { "\($0)" }, byString(name).map { "\($0)" }, "\(name)")
        }
    }
}
