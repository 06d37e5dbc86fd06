import HooklineCore
import XCTest
@testable import HooklineText

/// The style sheet's bulk runs against `step(_:)` on every byte: the same rules kept.
final class HTMLStyleSheetRunTests: XCTestCase {
    static let pieces = [
        ".j{display:none}", "#k{color:#fff;background:#fff}", "p.x{font-size:0}", "span{visibility:hidden}", "/*", "*/",
        "/", "*", "**/", "/*/", "@media x{", "@import url(x);", "@charset \"x\";", "{", "}", ";", ":", ",", " ", "\n",
        "p", ".a", "#b", "span.j", "td#a.b", "*.c", ".a.b", "a > b", "a:hover", "DISPLAY", "NONE", "none", "display",
        "color:#FFF", "background-color:white", "font-size:0px", "opacity:0", "mso-hide:all", "x", "é", "\u{0}",
        String(repeating: "y", count: 1500), String(repeating: ".z", count: 900),
    ]

    func describe(_ sheet: HTMLStyleSheet) -> String {
        func style(_ s: HTMLStyle) -> String {
            "\(s.hidden) \(String(describing: s.zeroFont)) \(String(describing: s.invisible)) \(String(describing: s.color)) \(String(describing: s.background))"
        }
        func rules(_ d: [UInt64: [HTMLStyleSheet.Rule]]) -> [String] {
            d.map { k, v in "\(k): " + v.map { "\($0.element) \(style($0.style))" }.joined(separator: "; ") }.sorted()
        }
        let elements = sheet.byElement.map { k, v in "\(k): \(style(v))" }.sorted()
        return "\(sheet.selectorCount)\n\(rules(sheet.byClass))\n\(rules(sheet.byID))\n\(elements)"
    }

    func testBulkRunsMatchStepByStep() {
        var rng = SplitMix64(state: 41)
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 30) {
                let r = rng.next()
                if r % 8 == 0 {
                    bytes.append(UInt8(truncatingIfNeeded: r >> 8))
                } else {
                    bytes += Array(Self.pieces[Int((r >> 8) % UInt64(Self.pieces.count))].utf8)
                }
            }
            var cuts = bytes.isEmpty ? [] : (0..<Int(rng.next() % 6)).map { _ in Int(rng.next() % UInt64(bytes.count)) }
            cuts.sort()
            let newBlockAt = rng.next() % 3 == 0 ? cuts.first : nil
            let maxBytes = rng.next() % 4 == 0 ? Int(rng.next() % 3000) : 64 * 1024
            let maxSelectors = rng.next() % 4 == 0 ? Int(rng.next() % 4) : 1000
            var results: [String] = []
            for bulk in [true, false] {
                let sheet = HTMLStyleSheet(maxBytes: maxBytes, maxSelectors: maxSelectors)
                sheet.bulkRuns = bulk
                sheet.beginBlock()
                bytes.withUnsafeBytes { buf in
                    var at = 0
                    for cut in cuts + [buf.count] where cut >= at {
                        if cut == newBlockAt { sheet.beginBlock() }
                        sheet.feed(buf.slice(at, cut))
                        at = cut
                    }
                }
                // A rule left open by the bytes is closed by what follows it.
                Array("}.q{display:none}}".utf8).withUnsafeBytes { sheet.feed($0) }
                results.append(describe(sheet))
            }
            XCTAssertEqual(
                results[0], results[1], "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription) cuts \(cuts)")
            if results[0] != results[1] { return }
        }
    }
}
