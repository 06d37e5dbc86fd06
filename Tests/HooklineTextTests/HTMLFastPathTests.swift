import HooklineCore
import XCTest
@testable import HooklineText

/// Each byte-level helper of the HTML extractor against the slower path it replaced.
final class HTMLFastPathTests: XCTestCase {
    func key(_ s: String) -> UInt64 { HTMLTextExtractor.key(Array(s.utf8)) }

    func testElementKindSwitchAgreesWithTheNameLists() {
        let void = Set(HTMLElementKind.voidNames.map(key)), newline = Set(HTMLElementKind.newlineNames.map(key))
        let space = Set(HTMLElementKind.spaceNames.map(key))
        func expected(_ k: UInt64) -> HTMLElementKind {
            var e: HTMLElementKind = []
            if void.contains(k) { e.insert(.void) }
            if newline.contains(k) { e.insert(.newline) }
            if space.contains(k) { e.insert(.space) }
            return e
        }
        var names = HTMLElementKind.voidNames + HTMLElementKind.newlineNames + HTMLElementKind.spaceNames
        names += ["a", "span", "b", "font", "h7", "brr", "b r", "tdx", "blockquot", "blockquotes", "figcaptio", "", "html:p", "x-td"]
        var rng = SplitMix64(state: 5)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789-:".utf8)
        for _ in 0..<50_000 {
            let n = Int(rng.next() % 12) + 1
            names.append(String(decoding: (0..<n).map { _ in letters[Int(rng.next() % UInt64(letters.count))] }, as: UTF8.self))
        }
        for name in names {
            XCTAssertEqual(HTMLElementKind.of(key(name)), expected(key(name)), name)
        }
        for _ in 0..<50_000 {
            let k = rng.next() >> (rng.next() % 64)
            XCTAssertEqual(HTMLElementKind.of(k), expected(k))
        }
    }

    /// The extractor's name keys, written as literals, are the keys of their names.
    func testExtractorNameKeysAreTheKeysOfTheirNames() {
        XCTAssertEqual(HTMLExtractorState.keyA, key("a"))
        XCTAssertEqual(HTMLExtractorState.keyArea, key("area"))
        XCTAssertEqual(HTMLExtractorState.keyBr, key("br"))
        XCTAssertEqual(HTMLExtractorState.keyScript, key("script"))
        XCTAssertEqual(HTMLExtractorState.keyStyle, key("style"))
    }

    /// Property names with blanks, case, NULs, truncations and extensions of every name,
    /// against the name loop over the lowered bytes (capitals read as lowercase).
    func testStylePropertyMatchesTheNameLoop() {
        var inputs: [[UInt8]] = []
        for (name, _) in HTMLStyle.Property.names {
            let b = Array(name.utf8)
            inputs.append(b)
            inputs.append(Array(b.dropLast()))
            inputs.append(b + [UInt8(ascii: "x")])
            inputs.append(b + [0])
            inputs.append([0] + b)
            inputs.append([UInt8(ascii: " ")] + b + [UInt8(ascii: "\t")])
            for k in 0...b.count { inputs.append(Array(b[..<k]) + [UInt8(ascii: " "), UInt8(ascii: "\n")] + Array(b[k...])) }
            inputs.append(b.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
            inputs.append(b.enumerated().map { k, c in k % 2 == 0 && c >= 0x61 && c <= 0x7A ? c - 0x20 : c })
            inputs.append(b.map { $0 == UInt8(ascii: "-") ? 0x0D : $0 | 0x80 })
        }
        var rng = SplitMix64(state: 9)
        let alphabet = Array("abcdeghiklmnoprstuvxyzACDEGHILMNOPRSTVXYZ@[`{- \t\u{0}\u{7F}".utf8) + [0xC1, 0xE4, 0xFA]
        for _ in 0..<100_000 {
            let n = Int(rng.next() % 20)
            inputs.append((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        }
        for input in inputs {
            // Tight, and with 16 bytes after the name (the two-load path needs them).
            for tail in [[UInt8(ascii: ":")], [UInt8(ascii: ":")] + Array(repeating: UInt8(ascii: "x"), count: 16)] {
                let padded = [UInt8(ascii: ";")] + input + tail
                padded.withUnsafeBytes { buf in
                    let fast = HTMLStyle.Property(buf, 1, 1 + input.count)
                    let lowered = padded.map(ASCII.lower)
                    let slow = lowered.withUnsafeBytes { HTMLStyle.Property(reference: $0, 1, 1 + input.count) }
                    XCTAssertEqual(fast, slow, "\(input)")
                }
            }
        }
    }

    func colorInputs() -> [String] {
        var inputs = [
            "", " ", "#", "#f", "#fff", "#FFF", " #fFf\t", "#ffff", "#fffff", "#ffffff", "#FFFFFF", "#fffffff", "#ffffffff",
            "#fffffffff", "#ggg", "#12 3", "# 123", "##123", "#1234567", "white", "WHITE", " White ", "whitex", "whit",
            "snow", "ivory", "ghostwhite", "whitesmoke", "floralwhite", "seashell", "mintcream", "azure", "black", "red",
            "blue", "green", "gray", "grey", "silver", "yellow", "transparent", "rgb(255,255,255)", "RGB( 1 , 2 , 3 )",
            "rgba(1,2,3,0.5)", "rgb(100%,0%,50%)", "rgb(1 2 3 / 4)", "rgb", "rgbx", "rgb(", "\u{212A}", "whit\u{E9}",
            "#ff\u{E9}", "\u{FF03}fff", "white\u{0}", "\u{0}white", "#\r\nfff", "white\r\n", "\r\nwhite",
        ]
        var rng = SplitMix64(state: 13)
        let alphabet = Array("#0123456789abcdefABCDEFgrwhitebluyl ()%,.\t\r\n".utf8)
        for _ in 0..<60_000 {
            let n = Int(rng.next() % 12)
            inputs.append(String(decoding: (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self))
        }
        return inputs
    }

    func testParseColorOnBytesMatchesTheStringPath() {
        for s in colorInputs() {
            let bytes = Array(s.utf8)
            XCTAssertEqual(HTMLStyle.parseColor(bytes: bytes[...]), HTMLStyle.parseColor(s), s.debugDescription)
        }
        // Raw bytes that are not UTF-8 go through the String's repair, as before.
        for bytes: [UInt8] in [[0xFF], [0x23, 0xC3], [0x77, 0x68, 0x69, 0x74, 0x65, 0x80]] {
            XCTAssertEqual(HTMLStyle.parseColor(bytes: bytes[...]), HTMLStyle.parseColor(String(decoding: bytes, as: UTF8.self)))
        }
    }

    func testIsZeroOnBytesMatchesTheStringPath() {
        var inputs = [
            "", "0", "00", "000000000000000000000000000000", "0px", "0.0em", "0%", "0.5px", ".", ".0", "0.", "0.0.0", "1", "10", "01", "0x",
            "00000000001", "-0", " 0", "0 ", "9" + String(repeating: "9", count: 400),
        ]
        var rng = SplitMix64(state: 17)
        let alphabet = Array("0001.px9 -e".utf8)
        for _ in 0..<50_000 {
            let n = Int(rng.next() % 8)
            inputs.append(String(decoding: (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self))
        }
        for s in inputs {
            let bytes = Array(s.utf8)
            let slow = HTMLStyle.isZero(String(decoding: bytes.prefix { ASCII.isDigit($0) || $0 == UInt8(ascii: ".") }, as: UTF8.self))
            XCTAssertEqual(HTMLStyle.isZero(bytes[...]), slow, s)
        }
    }

    /// Whenever the first-byte filter says no, the full decode-trim-lowercase path says no too.
    func testDialLinkFilterNeverDropsADialLink() {
        var inputs = [
            "tel:1", "TEL:1", " tel:1", "\ttel:1", "&#116;el:1", "&#x74;el:1", "&amp;tel:", "callto:1", "sms:1", "facetime:1",
            "facetime-audio:1", "http://x", "https://tel:1", "mailto:x", "#", "", " ", "\u{212A}", "\u{0130}", "\u{FF54}el:1",
            "t\u{301}el:1", "tel:\u{301}1", "\u{0}tel:1", "&nbsp;tel:1", "&newline;tel:1", "&Tab;tel:1", "telx", "Sms:",
        ]
        var rng = SplitMix64(state: 21)
        let pieces = [
            "t", "T", "el:", "EL:", "tel:", "TEL:", "callto:", "CallTo:", "sms:", "facetime:", "facetime-audio:", "&#116;",
            "&#x74;", "&#84;", "&nbsp;", "&amp;", " ", "\t", "\n", "\u{0}", "h", "ttp:", "%20", "+1", "5", "\u{212A}",
            "\u{0130}", "\u{301}", "c", "s", "f", "&", ";", "#", "\u{80}", "é",
        ]
        for _ in 0..<60_000 {
            let n = Int(rng.next() % 5)
            inputs.append((0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined())
        }
        var kept = 0
        for s in inputs {
            let raw = Array(s.utf8)
            let target = HTMLTextExtractor.dialTarget(raw)
            if !HTMLTextExtractor.mayBeDialLink(raw[...]) {
                XCTAssertNil(target, s.debugDescription)
            } else if target != nil {
                kept += 1
            }
        }
        XCTAssertGreaterThan(kept, 100, "the inputs reach dial links")
    }

    /// The declaration end eight bytes at a time against a byte loop (the first ";", nil
    /// when a byte of 0x80 or more or an "&" comes first), over ";", "&", their neighbours,
    /// their high-bit twins, NUL, 0x7F and 0x80+, from every start.
    func testDeclarationEndMatchesTheByteLoop() {
        func byteLoop(_ bytes: [UInt8], _ from: Int) -> Int? {
            for k in from..<bytes.count {
                if bytes[k] == ASCII.semicolon { return k }
                if bytes[k] >= 0x80 || bytes[k] == UInt8(ascii: "&") { return nil }
            }
            return bytes.count
        }
        var rng = SplitMix64(state: 37)
        let edges: [UInt8] = [
            0x3B, 0x3A, 0x3C, 0x26, 0x25, 0x27, 0xBB, 0xA6, 0x00, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x41, 0x61, 0x1B, 0x06,
        ]
        var inputs: [[UInt8]] = [[], Array(0...0x7F), Array((0...0xFF).map { UInt8($0) }), Array("COLOR:#FFF;Font-Size:0PX".utf8)]
        for _ in 0..<100_000 {
            let n = Int(rng.next() % 40)
            let rare = rng.next() % 3 == 0
            inputs.append(
                (0..<n).map { _ in
                    let r = rng.next()
                    if rare && r % 7 == 0 { return edges[Int((r >> 8) % UInt64(edges.count))] }
                    return UInt8(truncatingIfNeeded: (r >> 8) % (rare ? 256 : 0x7F))
                })
        }
        var ends = 0, refused = 0
        for input in inputs {
            for from in 0...input.count {
                let expected = byteLoop(input, from)
                if expected == nil { refused += 1 } else if expected != input.count { ends += 1 }
                XCTAssertEqual(input.withUnsafeBytes { MarkupScan.declarationEnd(in: $0, from: from) }, expected, "\(input) from \(from)")
            }
        }
        XCTAssertGreaterThan(ends, 100_000)
        XCTAssertGreaterThan(refused, 100_000)
    }

    /// The in-place lowering of style sheet runs against `ASCII.lower` on every byte, over
    /// all byte values (0x80 and up stay), at every length and alignment of the word.
    func testStyleLoweringLowerMatchesASCIILower() {
        var rng = SplitMix64(state: 43)
        let edges: [UInt8] = [0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80, 0xC0, 0xC1, 0xDA, 0xDB, 0xFF, 0x00]
        var inputs: [[UInt8]] = [[], (0...0xFF).map { UInt8($0) }, (0...0xFF).reversed().map { UInt8($0) }]
        for _ in 0..<100_000 {
            let n = Int(rng.next() % 40)
            let rare = rng.next() % 2 == 0
            inputs.append(
                (0..<n).map { _ in
                    let r = rng.next()
                    return rare ? edges[Int((r >> 8) % UInt64(edges.count))] : UInt8(truncatingIfNeeded: r >> 8)
                })
        }
        for input in inputs {
            for offset in 0..<min(3, input.count + 1) {
                var fast = input
                fast.withUnsafeMutableBytes { buf in
                    if let base = buf.baseAddress { StyleLowering.lower(base + offset, count: buf.count - offset) }
                }
                XCTAssertEqual(fast, Array(input[..<offset]) + input[offset...].map(ASCII.lower), "\(input) from \(offset)")
            }
        }
    }

    /// `background:` keeps the colour of its first word, as the `split` on spaces did.
    func testBackgroundTakesTheFirstWordAsSplitDid() {
        var rng = SplitMix64(state: 47)
        let words = ["#fff", "#FFFFFF", "white", "url(x)", "no-repeat", "", " ", "  ", "\t", "\r\n", "#000", "rgb(1,2,3)", "red", "x"]
        for _ in 0..<30_000 {
            let value = (0..<Int(rng.next() % 5)).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(
                separator: rng.next() % 3 == 0 ? "  " : " ")
            let bytes = Array(value.utf8)
            var start = 0, end = bytes.count
            while start < end, ASCII.isSpace(bytes[start]) { start += 1 }
            while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
            let expected = bytes[start..<end].split(separator: ASCII.space).first.flatMap { HTMLStyle.parseColor(bytes: $0) }
            let got = HTMLStyle.parse(css: "background:" + value).background
            XCTAssertEqual(got, expected, value.debugDescription)
        }
    }

    /// The channel distance written out, against the nested function it replaced.
    func testIndistinguishableMatchesTheChannelFunction() {
        func reference(_ a: UInt32, _ b: UInt32) -> Bool {
            func d(_ s: UInt32) -> Int { abs(Int((a >> s) & 0xFF) - Int((b >> s) & 0xFF)) }
            return d(16) + d(8) + d(0) <= 24
        }
        var rng = SplitMix64(state: 53)
        var near = 0
        for _ in 0..<200_000 {
            let a = UInt32(truncatingIfNeeded: rng.next())
            let r = rng.next()
            let b = r % 2 == 0 ? UInt32(truncatingIfNeeded: r >> 8) : a ^ UInt32(truncatingIfNeeded: (r >> 8) & 0x0F_0F0F)
            if reference(a, b) { near += 1 }
            XCTAssertEqual(HTMLStyle.indistinguishable(a, b), reference(a, b), "\(a) \(b)")
        }
        XCTAssertGreaterThan(near, 1000, "the pairs reach both answers")
    }

    /// `isWord` and `startsWithRGB` against the String-view comparisons they replaced (on the
    /// lowered bytes: both read capitals as lowercase).
    func testWordComparesMatchTheUTF8ViewCompares() {
        let words: [StaticString] = ["none", "hidden", "collapse", "all", "absolute", "fixed", "transparent"]
        var inputs = [
            "", "none", "None", "nonе", "non", "nonee", " none", "hidden", "collapse", "all", "al", "absolute", "fixed", "transparent",
            "rgb", "RGB(", "rg", "r", "Rgb", "rgbx", "\u{0}rgb",
        ]
        var rng = SplitMix64(state: 59)
        let alphabet = Array("nonehidcaplsutfxrgbRGB\u{0} ".utf8)
        for _ in 0..<100_000 {
            let n = Int(rng.next() % 12)
            inputs.append(String(decoding: (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self))
        }
        for input in inputs {
            let bytes = [UInt8(ascii: ":")] + Array(input.utf8) + [UInt8(ascii: ";")]
            bytes.withUnsafeBytes { buf in
                let value = buf[1..<(buf.count - 1)]
                for word in words {
                    XCTAssertEqual(
                        HTMLStyle.isWord(value, word), value.map(ASCII.lower).elementsEqual("\(word)".utf8), "\(input) \(word)")
                }
                XCTAssertEqual(HTMLStyle.startsWithRGB(value), value.starts(with: "rgb".utf8, by: { ASCII.lower($0) == $1 }), input)
            }
        }
    }

    /// The word-at-a-time search against a byte loop, at every start, over bytes chosen to
    /// trip the zero-byte test (the targets, their neighbours and XORs, 0x00, 0x80, 0xFF).
    func testMarkupScanFindsTheFirstWantedByte() {
        var rng = SplitMix64(state: 31)
        let alphabet: [UInt8] = [
            0x3C, 0x3D, 0x3B, 0x26, 0x27, 0x25, 0x3E, 0x3F, 0x22, 0x23, 0x00, 0x01, 0x80, 0xFF, 0x7F, 0x61, 0x20, 0x1C, 0xBC, 0xA6,
        ]
        for round in 0..<20_000 {
            let n = Int(rng.next() % 40)
            let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let from = n == 0 ? 0 : Int(rng.next() % UInt64(n + 1))
            bytes.withUnsafeBytes { buf in
                let two = (from..<n).first { bytes[$0] == 0x3C || bytes[$0] == 0x26 } ?? n
                XCTAssertEqual(MarkupScan.first(0x3C, 0x26, in: buf, from: from), two, "round \(round) \(bytes) from \(from)")
                let semicolon = (from..<n).first { bytes[$0] == 0x3B } ?? n
                XCTAssertEqual(MarkupScan.first(0x3B, 0x3B, in: buf, from: from), semicolon, "round \(round) \(bytes) from \(from)")
                let three = (from..<n).first { bytes[$0] == 0x3E || bytes[$0] == 0x22 || bytes[$0] == 0x27 } ?? n
                XCTAssertEqual(MarkupScan.first(0x3E, 0x22, 0x27, in: buf, from: from), three, "round \(round) \(bytes) from \(from)")
            }
        }
    }
}
