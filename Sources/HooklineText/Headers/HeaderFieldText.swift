import HooklineCore

extension HeaderFeatures {
    /// The text kept of Return-Path, List-Id, X-Original-To, Delivered-To, Message-ID and
    /// Precedence: the decoded value trimmed, then (`angle`) what its last "<" encloses,
    /// then (`lower`) lowercased. Each step made a String of its own, four a field and
    /// three fields a message.
    ///
    /// A value that decodes quietly (``HeaderDecoding/decodesQuietly(_:)``) is read on its
    /// bytes as they came, into one String: it decodes to those bytes without CR, LF and NUL,
    /// all ASCII, where trimming, ``angleContent(_:)`` and `lowercased()` only read or lower
    /// bytes. `HeaderFieldTextTests` holds the two ways to the same answers.
    static func fieldText(raw: UnsafeRawBufferPointer, quiet: Bool, decoded: () -> String, angle: Bool, lower: Bool) -> String {
        quiet ? quietFieldText(raw, angle: angle, lower: lower) : decodedFieldText(decoded(), angle: angle, lower: lower)
    }

    /// ``fieldText(raw:quiet:decoded:angle:lower:)`` of a quiet value, on its bytes.
    static func quietFieldText(_ raw: UnsafeRawBufferPointer, angle: Bool, lower: Bool) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(raw.count, 1)) { buf -> String in
            guard let base = buf.baseAddress else { return "" }
            var n = 0
            for b in raw where b != ASCII.cr && b != ASCII.lf && b != 0 {
                base[n] = b
                n &+= 1
            }
            /// Narrows `start..<end` past the blanks at either end.
            func trim(_ start: inout Int, _ end: inout Int) {
                while start < end && ASCII.isSpace(base[start]) { start &+= 1 }
                while end > start && ASCII.isSpace(base[end &- 1]) { end &-= 1 }
            }
            var start = 0
            var end = n
            trim(&start, &end)
            if angle {
                // The last "<" within the trimmed text; without one, the text whole.
                var lt = end
                while lt > start && base[lt &- 1] != UInt8(ascii: "<") { lt &-= 1 }
                if lt > start {
                    var gt = lt
                    while gt < end && base[gt] != UInt8(ascii: ">") { gt &+= 1 }
                    start = lt
                    end = gt
                    trim(&start, &end)
                }
            }
            if lower {
                var k = start
                while k < end {
                    base[k] = ASCII.lower(base[k])
                    k &+= 1
                }
            }
            return String(decoding: UnsafeBufferPointer(start: base + start, count: end &- start), as: UTF8.self)
        }
    }

    /// The same on the decoded String, a step at a time: the way for any other value, and
    /// the reference.
    static func decodedFieldText(_ decoded: String, angle: Bool, lower: Bool) -> String {
        var text = decoded.trimmingCharacters()
        if angle { text = angleContent(text) }
        return lower ? text.lowercased() : text
    }
}
