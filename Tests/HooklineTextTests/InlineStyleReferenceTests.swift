import HooklineCore
import XCTest

@testable import HooklineText

/// `HTMLStyle.inline(_:)` (a plain style parsed where it is, capitals read as lowercase)
/// against `ReferenceInlineStyle` (lowered copy, exact compares) over generated and hostile
/// styles: every property the parser reads and others, in random case, with blanks inside
/// names, `!important`, comments, escapes, quotes, references and non-ASCII bytes.
final class InlineStyleReferenceTests: XCTestCase {
    static let names = [
        "display", "visibility", "font-size", "opacity", "mso-hide", "max-height", "height", "overflow", "position", "left",
        "top", "margin-left", "margin-top", "text-indent", "color", "background-color", "background", "padding", "font-family",
        "border", "width", "line-height", "font", "colour", "backgrounds", "margin", "d isplay", " font-size ", "fontsize",
        "text-indentx", "mso-hidex", "\\64isplay", "dis\tplay", "&#100;isplay", "displ&#97;y", "/*x*/color", "c\u{212A}olor",
        "col\u{00F6}r", "background-colour", "max-heigh", "background-color-x",
    ]
    static let values = [
        "none", "hidden", "collapse", "all", "absolute", "fixed", "transparent", "0", "0px", "0.0em", "0%", ".0", "0.", "0.5px",
        "00", "-600px", "-600em", "-40rem", "-31.25EM", "-499px", "-500", "-9999PX", "-1e3px", "#fff", "#FFFFFF", "#FfFeFd",
        "#12345678", "#1234", "#ggg", "white", "WHITE", "Snow", "black", "rgb(255,255,255)", "RGB(10%, 20%, 30%)",
        "rgba(0 0 0 / 5)", "url(x) #FFF", "#fff url(x)", "inherit", "block", "visible", "auto", "\u{212A}", "n\u{00F6}ne",
        "&quot;none&quot;", "none&#59;", "&#110;one", "/* c */none", "none /* c */", "'none'", "\"hidden\"", "\\6e one",
        "hidden !important", "none!IMPORTANT", "0 ! important", "", " ", "\t\r\n",
    ]

    /// Values that give the properties read an answer, so that most declarations matter.
    static let telling: [String: [String]] = [
        "display": ["none", "NONE !important", "block"], "visibility": ["hidden", "Collapse", "visible"],
        "font-size": ["0", "0PX", "1px", "0.0Em"], "opacity": ["0", "0.00", ".5"], "mso-hide": ["all", "ALL", "none"],
        "max-height": ["0", "0px"], "height": ["0", "1px"], "overflow": ["hidden", "HIDDEN", "auto"],
        "position": ["absolute", "FIXED", "static"], "left": ["-9999px", "-40EM", "-31rem"], "top": ["-600PX", "-1px"],
        "text-indent": ["-9999px", "-100Em", "-499px"],
        // The Kelvin sign lowers to "k" only as Unicode: "blac\u{212A}" is black on the slow path alone.
        "color": ["#FFF", "White", "transparent", "RGB(255, 255, 255)", "blac\u{212A}", "&#98;lack"],
        "background-color": ["#fff", "WHITE", "#FFFFFE", "BLAC\u{212A}"], "background": ["#FFF URL(x)", "White", "url(x)"],
    ]

    static func mixCase(_ s: String, _ rng: inout SplitMix64) -> [UInt8] {
        let bits = rng.next()
        let mode = bits % 4
        return Array(s.utf8).enumerated().map { k, b in
            switch mode {
            case 0: return b
            case 1: return ASCII.isAlpha(b) ? b & ~0x20 : b
            default: return ASCII.isAlpha(b) && (bits >> (2 + UInt64(k % 60))) & 1 == 1 ? b ^ 0x20 : b
            }
        }
    }

    static func describe(_ s: HTMLStyle) -> String { HTMLStyleMemoTests.describe(s) }

    func testInlineStylesMatchTheLoweredCopyParse() {
        var rng = SplitMix64(state: 0x5171E)
        var inputs: [[UInt8]] = [
            [], Array("DISPLAY:NONE".utf8), Array("Color:#FFF;Background:White".utf8), Array("font-size:0PX!IMPORTANT".utf8),
            Array("POSITION:ABSOLUTE;LEFT:-9999PX".utf8), Array("text-indent:-40REM".utf8), Array("Max-Height:0;Overflow:Hidden".utf8),
            Array("VISIBILITY:COLLAPSE".utf8), Array("mso-hide:ALL".utf8), Array("Opacity:0.0".utf8),
        ]
        let junk = Array(";:! \t\r\n/*\\&#\"'-0.AZaz[`{@".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        for _ in 0..<60_000 {
            var bytes: [UInt8] = []
            for d in 0..<Int(rng.next() % 7) {
                if d > 0 || rng.next() % 4 == 0 { bytes += Self.mixCase(rng.next() % 5 == 0 ? " ; " : ";", &rng) }
                let name = Self.names[Int(rng.next() % UInt64(Self.names.count))]
                bytes += Self.mixCase(name, &rng)
                bytes += Self.mixCase(rng.next() % 6 == 0 ? " : " : ":", &rng)
                let values = rng.next() % 3 != 0 ? Self.telling[name] ?? Self.values : Self.values
                bytes += Self.mixCase(values[Int(rng.next() % UInt64(values.count))], &rng)
            }
            // Hostile bytes dropped in, or bytes changed, now and then.
            for _ in 0..<(rng.next() % 5 == 0 ? Int(rng.next() % 4) : 0) {
                let b = junk[Int(rng.next() % UInt64(junk.count))]
                let at = Int(rng.next() % UInt64(bytes.count + 1))
                if at < bytes.count && rng.next() % 2 == 0 { bytes[at] = b } else { bytes.insert(b, at: at) }
            }
            inputs.append(bytes)
        }
        var hidden = 0, coloured = 0, slow = 0
        for input in inputs {
            let expected = ReferenceInlineStyle.style(input)
            let got = input.withUnsafeBytes { HTMLStyle.inline($0) }
            if expected.hidden { hidden += 1 }
            if expected.color != nil || expected.background != nil { coloured += 1 }
            if input.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "&") }) { slow += 1 }
            guard Self.describe(got) == Self.describe(expected) else {
                XCTFail("\(String(decoding: input, as: UTF8.self).debugDescription): \(Self.describe(got)) != \(Self.describe(expected))")
                return
            }
        }
        // Both answers of each question, and both paths, are reached.
        XCTAssertGreaterThan(hidden, 5000)
        XCTAssertGreaterThan(coloured, 5000)
        XCTAssertGreaterThan(slow, 3000)
    }
}
