import HooklineCore

/// Streaming HTML → text. State survives chunk boundaries (a tag, comment or
/// entity may be cut anywhere), memory is bounded (tag bytes, entity bytes and
/// the element stack are capped), and the visible text of a feed goes to the sink in as
/// few calls as a bounded buffer allows (``HTMLExtractorState``'s `pending`).
/// Inline tags vanish so "8<span>6</span>4" reads "864"; block tags become a
/// newline (table cells a space) so words in different blocks do not fuse.
///
/// Text hidden by CSS (inline or through the part's `<style>` blocks) is not text the
/// reader sees: it is dropped, leaving only the `hidden-html-text` anomaly, and it does
/// not end the visible run, so junk hidden between digits leaves the digits joined.
///
/// The work is ``HTMLExtractorState``'s: each `feed` is one access to it, checked at run
/// time like any class property, and the accesses per tag, entity and text run inside it
/// are checked by the compiler instead.
final class HTMLTextExtractor {
    private var state: HTMLExtractorState

    init(writer: ViewWriter, anomalies: AnomalyRecorder, limits: Limits = .default) {
        state = HTMLExtractorState(
            writer: writer, anomalies: anomalies,
            sheet: HTMLStyleSheet(maxBytes: limits.maxStyleBytes, maxSelectors: limits.maxStyleSelectors))
    }

    func feed(_ input: UnsafeRawBufferPointer) {
        state.feed(input)
    }

    func finish() {
        state.finish()
    }

    deinit {
        state.returnStyleMemo()
    }

    static let linkSchemes = ["tel:", "callto:", "sms:", "facetime:", "facetime-audio:"]

    /// Tag names as one integer, so set lookups and end-tag matching hash no arrays.
    static func key(_ name: [UInt8]) -> UInt64 {
        var k: UInt64 = 0
        for (i, b) in name.enumerated() {
            if i < 8 { k |= UInt64(b) << (8 * UInt64(i)) } else { k = (k &* 0x100000001B3) ^ UInt64(b) }
        }
        return k
    }

    /// The dial string of an href that names a dial scheme, else nil.
    static func dialTarget(_ raw: [UInt8]) -> String? {
        let decoded = HTMLEntities.decodeAll(raw).trimmingCharacters()
        let lower = decoded.lowercased()
        guard HTMLTextExtractor.linkSchemes.contains(where: { lower.hasPrefix($0) }) else { return nil }
        return TelLink.dialString(PercentDecoding.decode(decoded))
    }

    /// False when the value cannot name a dial scheme once decoded, trimmed and lowercased:
    /// its first byte after ASCII blanks is ASCII, no "&", and no scheme's first letter. So
    /// http:, https:, mailto: and "#" links (nearly all) are never decoded into Strings.
    /// A reference or a non-ASCII first byte goes the whole way.
    static func mayBeDialLink<C: Collection>(_ raw: C) -> Bool where C.Element == UInt8 {
        guard let first = raw.first(where: { !ASCII.isSpace($0) }) else { return false }
        if first >= 0x80 || first == UInt8(ascii: "&") { return true }
        switch ASCII.lower(first) {
        case UInt8(ascii: "t"), UInt8(ascii: "c"), UInt8(ascii: "s"), UInt8(ascii: "f"): return true
        default: return false
        }
    }
}
