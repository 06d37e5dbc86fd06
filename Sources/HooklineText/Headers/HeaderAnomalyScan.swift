import HooklineCore

/// What `decode` flags, without the decoded String: most fields that may carry an anomaly
/// (8-bit bytes, encoded words) are read by no rule and no output (Thread-Topic, vendor X-
/// fields, the address fields, parsed from their bytes), and decoding them only to find
/// their anomalies was ~17 k instructions a message.
extension HeaderDecoding {
    /// Inserts into `anomalies` exactly what `decode(raw, anomalies:)` would. `decode` flags
    /// a "=?" that starts no well-formed word (bad encoded word), an 8-bit byte outside the
    /// well-formed words (8-bit header), and what the charset decoder of a run of words says
    /// (unknown charset, invalid bytes). That decoder is needed only for a word whose bytes
    /// are not all 0x01–0x7F or whose charset is not UTF-8, US-ASCII or windows-1252 (which
    /// take such bytes as they are, with nothing to flag): then the value is decoded.
    static func anomalies(_ raw: UnsafeRawBufferPointer, into anomalies: inout Set<Anomaly>) {
        guard let found = quietAnomalies(raw) else {
            _ = decode(raw, anomalies: &anomalies)
            return
        }
        if found.eightBit { anomalies.insert(.eightBitHeader) }
        if found.badWord { anomalies.insert(.badEncodedWord) }
    }

    /// The byte pass of ``anomalies(_:into:)`` over the unfolded value (unfolded into a
    /// temporary buffer when it has CR or LF); nil when a word needs the charset decoder.
    static func quietAnomalies(_ raw: UnsafeRawBufferPointer) -> (eightBit: Bool, badWord: Bool)? {
        if raw.firstIndex(of: ASCII.lf, from: 0) == nil && raw.firstIndex(of: ASCII.cr, from: 0) == nil {
            return scanUnfolded(raw.assumingMemoryBound(to: UInt8.self))
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(raw.count, 1)) { tmp in
            guard let dst = tmp.baseAddress else { return nil }
            let n = unfold(raw, into: dst)
            return scanUnfolded(UnsafeBufferPointer(rebasing: tmp[0..<n]))
        }
    }

    /// `decodeUnfolded`'s walk from marker to marker, the words only checked.
    private static func scanUnfolded(_ s: UnsafeBufferPointer<UInt8>) -> (eightBit: Bool, badWord: Bool)? {
        let raw = UnsafeRawBufferPointer(s)
        var eightBit = false
        var badWord = false
        var plainStart = 0
        var from = 0
        // The label of the last word whose charset was found to take plain bytes quietly.
        var quietLabel = 0..<0
        while let eq = raw.firstIndex(of: ASCII.equals, from: from) {
            if eq &+ 1 >= s.count { break }
            if s[eq &+ 1] != UInt8(ascii: "?") {
                from = eq &+ 1
                continue
            }
            switch checkWord(s, at: eq, quietLabel: &quietLabel) {
            case .malformed:
                badWord = true
                from = eq &+ 2
            case .needsDecoder:
                return nil
            case .quiet(let end):
                if !eightBit && anyHigh(s, plainStart, eq) { eightBit = true }
                plainStart = end
                from = end
            }
        }
        if !eightBit && anyHigh(s, plainStart, s.count) { eightBit = true }
        return (eightBit, badWord)
    }

    private enum WordCheck {
        case malformed
        /// Well formed, but its bytes or charset may make the decoder flag something.
        case needsDecoder
        /// Well formed, nothing to flag; the word ends before `end`.
        case quiet(end: Int)
    }

    /// `word(in:at:)`'s answer on whether the word is well formed, and whether its bytes
    /// (written nowhere) are plain ASCII in a charset that flags none of them.
    private static func checkWord(
        _ s: UnsafeBufferPointer<UInt8>, at start: Int, quietLabel: inout Range<Int>
    )
        -> WordCheck
    {
        let q = UInt8(ascii: "?")
        var i = start &+ 2
        let csStart = i
        while i < s.count, s[i] != q, !ASCII.isSpace(s[i]), i &- csStart < 64 { i &+= 1 }
        guard i < s.count, s[i] == q, i > csStart else { return .malformed }
        let label = csStart..<i
        i &+= 1
        guard i &+ 1 < s.count, s[i &+ 1] == q else { return .malformed }
        let enc = ASCII.lower(s[i])
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return .malformed }
        i &+= 2
        let textStart = i
        guard let textEnd = textEnd(s, from: textStart) else { return .malformed }
        let text = UnsafeBufferPointer(rebasing: s[textStart..<textEnd])
        var plain: Bool
        if enc == UInt8(ascii: "b") {
            let (garbage, p) = Base64Decoder.checkWhole(text)
            if garbage { return .malformed }
            plain = p
        } else {
            plain = qPlain(text)
        }
        if !plain { return .needsDecoder }
        if quietLabel.isEmpty || !s[label].elementsEqual(s[quietLabel]) {
            let cs = CharsetDecoder.canonicalName(String(decoding: s[label], as: UTF8.self))
            guard cs == "utf-8" || cs == "us-ascii" || cs == "windows-1252" else { return .needsDecoder }
            quietLabel = label
        }
        return .quiet(end: textEnd &+ 2)
    }

    /// Whether every byte a Q word's text decodes to is 0x01–0x7F ("_" is a space, "=" and
    /// two hex digits one byte, anything else itself), as `word(in:at:)` decodes it.
    private static func qPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var j = 0
        while j < text.count {
            let b = text[j]
            var out = b
            if b == ASCII.equals, j &+ 2 < text.count, let h = ASCII.hexValue(text[j &+ 1]),
                let l = ASCII.hexValue(text[j &+ 2])
            {
                out = h << 4 | l
                j &+= 2
            }
            if out == 0 || out >= 0x80 { return false }
            j &+= 1
        }
        return true
    }

    /// Whether a byte of `s[from..<to]` is above 0x7F.
    private static func anyHigh(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        ByteWords.anyHighBit(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(s)[from..<to]))
    }
}
