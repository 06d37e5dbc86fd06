/// A block of matches' evidence bytes, filled by one ``PatternStreamState`` one match after the
/// other: a match keeps (block, offset, length) and its `String` is built only when a rule or
/// the output reads it (``PatternMatch/evidence``). Building a `String` per match (UTF-8
/// check, a heap block for every one over 15 bytes, its release) was ~1.2 k instructions of
/// the ~43 matches a message, and rules read the evidence of a few of them.
///
/// Fixed size, never moved or grown: a stream that fills one starts another, so the bytes a
/// match refers to stay where they are, written once before the match exists and never again
/// (later matches write only past them). That is why it may be shared between threads like
/// the immutable strings it replaces. Freed when the last match holding it goes, so a
/// message's evidence costs what its matches' strings did (at most
/// ``PatternStream/maxEvidenceBytes`` a match, matches bounded per pattern), not more.
final class EvidenceChunk: @unchecked Sendable {
    static let bytes = 4096
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int = EvidenceChunk.bytes) {
        self.capacity = capacity
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity, 1))
    }

    /// A chunk holding just `text`'s bytes (tests and the rare setter).
    convenience init(holding text: String) {
        let utf8 = Array(text.utf8)
        self.init(capacity: utf8.count)
        if !utf8.isEmpty { base.initialize(from: utf8, count: utf8.count) }
    }

    deinit { base.deallocate() }

    /// Bytes `offset ..< offset + length` decoded as the evidence string always was (invalid
    /// UTF-8 repaired the same way).
    func string(_ offset: Int32, _ length: Int32) -> String {
        String(decoding: UnsafeBufferPointer(start: base + Int(offset), count: Int(length)), as: UTF8.self)
    }
}
