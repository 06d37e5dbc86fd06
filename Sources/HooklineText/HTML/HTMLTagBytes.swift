import HooklineCore

/// A start or end tag's name and the attributes the extractor reads, found on the tag's
/// bytes in place: no array or string per tag or attribute.
enum HTMLTagBytes {
    struct Attributes {
        /// Ranges of the tag's bytes, read once the tag needs them.
        var style: Range<Int>?
        var href: Range<Int>?
        var color: UInt32?
        var background: UInt32?
        var hiddenAttribute = false
        /// The last `class` value, read once a style sheet has rules (``classHashes(_:)``):
        /// a range, not an array, keeps the struct plain data, copied and dropped per tag
        /// without retains.
        var classValue: Range<Int>?
        var id: UInt64?
    }

    /// The hashes (``HTMLStyleSheet/nameHash(_:)``) of the first 16 class names of `value`.
    static func classHashes(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt64] {
        value.split(whereSeparator: ASCII.isSpace).prefix(16).map { HTMLStyleSheet.nameHash($0) }
    }

    /// The key (``HTMLTextExtractor/key(_:)``) of the tag name starting at `start`,
    /// lowercased, and its length.
    static func nameKey(in tag: UnsafeBufferPointer<UInt8>, from start: Int) -> (key: UInt64, length: Int) {
        let n = tag.count
        if n &- start >= 8, let base = tag.baseAddress {
            // A name shorter than eight bytes (nearly every one) read from one word: its
            // lanes are the key's, capitals lowered; a longer one goes through the loop.
            let w = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            let lanes = TagWord.nameLanes(w)
            let length = (~lanes.name & TagWord.highs).trailingZeroBitCount >> 3
            if length < 8 {
                let lowered = w | (lanes.letters >> 2)
                return (length == 0 ? 0 : lowered & (UInt64.max >> UInt64(64 &- 8 &* length)), length)
            }
        }
        var k: UInt64 = 0
        var i = start
        while i < n {
            let b = tag[i]
            guard ASCII.isAlpha(b) || ASCII.isDigit(b) || b == ASCII.dash || b == UInt8(ascii: ":") else { break }
            let at = i - start
            if at < 8 { k |= UInt64(ASCII.lower(b)) << (8 * UInt64(at)) } else { k = (k &* 0x100000001B3) ^ UInt64(ASCII.lower(b)) }
            i += 1
        }
        return (k, i - start)
    }

    /// Reads the few attributes that matter: style, href, color/text, bgcolor, hidden, and
    /// class/id once a style sheet has rules to match them against.
    /// Names and values stay ranges of the tag until a name the extractor reads: copying
    /// every value out a byte at a time was 10 M instructions of the profile sample.
    static func attributes(in tag: UnsafeBufferPointer<UInt8>, afterName start: Int, sheetEmpty: Bool) -> Attributes {
        var a = Attributes()
        var i = start
        let n = tag.count
        while i < n {
            while i < n, ASCII.isSpace(tag[i]) || tag[i] == UInt8(ascii: "/") { i += 1 }
            let nameStart = i
            while i < n, !ASCII.isSpace(tag[i]), tag[i] != ASCII.equals, tag[i] != UInt8(ascii: "/") { i += 1 }
            let name = nameStart..<i
            while i < n, ASCII.isSpace(tag[i]) { i += 1 }
            var valueRange = i..<i
            if i < n, tag[i] == ASCII.equals {
                i += 1
                while i < n, ASCII.isSpace(tag[i]) { i += 1 }
                let quoted = i < n && (tag[i] == ASCII.quote || tag[i] == UInt8(ascii: "'"))
                let q = quoted ? tag[i] : 0
                if quoted { i += 1 }
                let from = i
                if quoted {
                    // Values are where the bytes are (long URLs, styles): found with memchr.
                    i = UnsafeRawBufferPointer(tag).firstIndex(of: q, from: i) ?? n
                } else {
                    while i < n, !ASCII.isSpace(tag[i]) { i += 1 }
                }
                valueRange = from..<i
                if quoted { i += 1 }
            }
            if name.isEmpty { i += 1; continue }
            guard let kind = HTMLAttributeName(tag[name]) else { continue }
            let value = tag[valueRange]
            switch kind {
            case .style: a.style = valueRange
            case .href: a.href = valueRange
            case .color: a.color = HTMLStyle.parseColor(bytes: value)
            case .background: a.background = HTMLStyle.parseColor(bytes: value)
            case .hidden: a.hiddenAttribute = true
            case .className where !sheetEmpty:
                a.classValue = valueRange
            case .id where !sheetEmpty: a.id = HTMLStyleSheet.nameHash(value)
            default: break
            }
        }
        return a
    }
}

/// Eight tag bytes at once (SWAR): a class of bytes as the high bit of each lane that holds
/// one. Exact lane by lane: the lanes' low seven bits are compared by additions that never
/// carry into the next lane, and bytes with the high bit set are in no class.
/// `HTMLTagBytesTests` compares each with the byte tests it stands for.
enum TagWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The lanes of `x` (each at most 0x7F) that are `c` or more (`c` in 1...0x80).
    @inline(__always)
    static func atLeast(_ x: UInt64, _ c: UInt8) -> UInt64 {
        (x &+ ones &* UInt64(0x80 &- c)) & highs
    }

    /// The lanes of `x` (each at most 0x7F) equal to `c` (below 0x7F).
    @inline(__always)
    static func equal(_ x: UInt64, _ c: UInt8) -> UInt64 {
        atLeast(x, c) & ~atLeast(x, c &+ 1)
    }

    /// A tag name's bytes (``HTMLTagBytes/nameKey(in:from:)``: ASCII letters, digits, "-"
    /// and ":"), and the letters among them.
    @inline(__always)
    static func nameLanes(_ w: UInt64) -> (name: UInt64, letters: UInt64) {
        let ascii = ~(w & highs) & highs
        let x = w & ~highs
        let folded = x | (ones &* 0x20)
        let letters = atLeast(folded, 0x61) & ~atLeast(folded, 0x7B) & ascii
        let digitsAndColon = atLeast(x, 0x30) & ~atLeast(x, 0x3B) & ascii
        return (letters | digitsAndColon | (equal(x, 0x2D) & ascii), letters)
    }
}
