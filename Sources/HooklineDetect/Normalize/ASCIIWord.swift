/// Eight bytes of text classified at once, for the normaliser's ASCII run loop: which are
/// letters, digits and spaces, and which the eight-byte step cannot take.
///
/// Every mask holds 0x80 in the lanes it marks (byte k of the text is bits 8k...8k+7 of the
/// little-endian load). The lane tests add a constant to bytes cleared of their high bit, so
/// no lane ever carries into the next and each answer is exact, not just "some lane".
struct ASCIIWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The bytes as the output writes them: each ASCII capital lower-cased.
    let folded: UInt64
    let letters: UInt64
    let digits: UInt64
    let spaces: UInt64
    /// Lanes the step refuses: 8-bit bytes, controls (tab and line ends among them, whose
    /// runs collapse), DEL, and a space right after a space (or after `spaceBefore`).
    let refused: UInt64

    /// 0x80 in each lane of `x` (every lane below 0x80) that is at least `n` (1...0x80).
    @inline(__always)
    private static func atLeast(_ x: UInt64, _ n: UInt8) -> UInt64 {
        (x &+ ones &* UInt64(0x80 &- n)) & highs
    }

    @inline(__always)
    init(_ word: UInt64, spaceBefore: Bool) {
        let high = word & Self.highs
        let x = word & ~Self.highs
        let printable = Self.atLeast(x, 0x20) & ~Self.atLeast(x, 0x7F) & ~high
        let spaces = ~Self.atLeast(x, 0x21) & printable
        // A capital and its small letter differ in 0x20 alone.
        let y = x | (Self.ones &* 0x20)
        let letters = Self.atLeast(y, 0x61) & ~Self.atLeast(y, 0x7B) & ~high
        self.letters = letters
        digits = Self.atLeast(x, 0x30) & ~Self.atLeast(x, 0x3A) & ~high
        self.spaces = spaces
        folded = word | (letters >> 2)
        refused = (~printable & Self.highs) | (spaces & (spaces << 8)) | (spaceBefore ? spaces & 0x80 : 0)
    }
}
