import HooklineCore

/// Style bytes lowercased in place, eight at a time: a style attribute for
/// ``HTMLStyle/parse(bytes:)`` (marketing mail carries a few hundred bytes of style on many
/// tags, and a byte loop, a test, a compare and a store each, was half of reading them),
/// and the runs of a `<style>` block that ``HTMLStyleSheet`` keeps.
enum StyleLowering {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Lowercases the ASCII letters of `buf` and answers true when it is plain: no byte of
    /// 0x80 or more and no "&" (a reference, which the caller decodes on the slow path). On
    /// false the contents are partly lowered and not to be used.
    static func lowerIfPlain(_ buf: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard let base = buf.baseAddress else { return true }
        let raw = UnsafeMutableRawPointer(base)
        let n = buf.count
        var i = 0
        let amp = ones &* UInt64(UInt8(ascii: "&"))
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let x = w ^ amp
            // A high bit anywhere, or a zero byte in `x` (an "&"; exact, see MarkupScan).
            if w & highs != 0 || (x &- ones) & ~x & highs != 0 { return false }
            // Every byte is below 0x80, so adding 0x3F (or 0x25) carries into its own high
            // bit only: set for bytes >= "A" (0x41), and for bytes >= "[" (0x5B).
            let atLeastA = w &+ ones &* 0x3F
            let pastZ = w &+ ones &* 0x25
            let upper = atLeastA & ~pastZ & highs
            raw.storeBytes(of: (w | upper >> 2).littleEndian, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            let b = buf[i]
            if b >= 0x80 || b == UInt8(ascii: "&") { return false }
            buf[i] = ASCII.lower(b)
            i += 1
        }
        return true
    }

    /// Lowercases the ASCII letters of `count` bytes at `base` (what ``ASCII/lower(_:)`` does
    /// to each); bytes of 0x80 and more stay as they are.
    static func lower(_ base: UnsafeMutableRawPointer, count n: Int) {
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // The low seven bits of each byte, so the additions carry into no other byte;
            // `~w` then leaves out the bytes whose own high bit is set.
            let low = w & ~highs
            let atLeastA = low &+ ones &* 0x3F
            let pastZ = low &+ ones &* 0x25
            let upper = atLeastA & ~pastZ & ~w & highs
            base.storeBytes(of: (w | upper >> 2).littleEndian, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            base.storeBytes(of: ASCII.lower(base.load(fromByteOffset: i, as: UInt8.self)), toByteOffset: i, as: UInt8.self)
            i += 1
        }
    }
}
