/// The name an image is remembered by in ``OCRMemo``: 128 bits of SipHash-1-3 (the
/// standard library's `Hasher`'s rounds) in its 128-bit form, over the image's bytes, keyed
/// by a secret drawn once per process.
///
/// Why keyed and not a public digest such as SHA-256: the bytes are the sender's, and a
/// lure made to collide with a harmless picture read earlier would borrow its text. The
/// memo lives in one process and no key ever leaves it, so a sender cannot aim at a key it
/// never sees: a hash keyed by a secret resists that as well as a cryptographic digest
/// does, at a tenth of the cost per byte (a PDF page's raster is megabytes, and it is
/// hashed for every message that carries it, read or remembered). The salts are the key
/// itself, so they stay secret when the runtime is told to hash deterministically
/// (`SWIFT_DETERMINISTIC_HASHING`, for tests).
///
/// One state with the 128-bit output (the reference's `outlen` 16: its 256-bit state
/// gives the two words) rather than two 64-bit hashes under two keys: the same width of
/// key, at half the rounds a byte (two states took 4.6 instructions a byte, ~5.2 k a
/// message of the mix for its PDF rasters).
struct ImageDigest: Hashable, Sendable {
    var a: Int
    var b: Int

    /// The key: two random words.
    struct Salts: Sendable {
        var k0: UInt64, k1: UInt64
        static func random() -> Salts {
            var g = SystemRandomNumberGenerator()
            return Salts(k0: g.next(), k1: g.next())
        }
    }

    static let processSalts = Salts.random()

    static func of(_ bytes: [UInt8], salts: Salts = processSalts) -> ImageDigest {
        var state = SipHash(salts.k0, salts.k1, wide: true)
        // The length first, as a word of its own: SipHash's last word holds only the
        // length's low byte.
        state.compress(UInt64(bytes.count))
        bytes.withUnsafeBytes { raw in state = SipHash.words(raw, state) }
        let (first, second) = state.finalizeWide()
        return ImageDigest(a: Int(truncatingIfNeeded: first), b: Int(truncatingIfNeeded: second))
    }
}
