import HooklineCore

/// Style bytes lowercased, eight at a time: the runs of a `<style>` block that
/// ``HTMLStyleSheet`` keeps, and the property names ``HTMLStyle/parse(bytes:)`` reads (a byte
/// loop, a test, a compare and a store each, was half of reading a style).
enum StyleLowering {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes of `w` (little-endian) with their ASCII capitals lowered: what
    /// ``ASCII/lower(_:)`` does to each; bytes of 0x80 and more stay as they are.
    @inline(__always)
    static func lowered(_ w: UInt64) -> UInt64 {
        // The low seven bits of each byte, so the additions carry into no other byte;
        // `~w` then leaves out the bytes whose own high bit is set.
        let low = w & ~highs
        let atLeastA = low &+ ones &* 0x3F
        let pastZ = low &+ ones &* 0x25
        return w | (atLeastA & ~pastZ & ~w & highs) >> 2
    }

    /// Lowercases the ASCII letters of `count` bytes at `base` (what ``ASCII/lower(_:)`` does
    /// to each); bytes of 0x80 and more stay as they are.
    static func lower(_ base: UnsafeMutableRawPointer, count n: Int) {
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            base.storeBytes(of: lowered(w).littleEndian, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            base.storeBytes(of: ASCII.lower(base.load(fromByteOffset: i, as: UInt8.self)), toByteOffset: i, as: UInt8.self)
            i += 1
        }
    }
}
