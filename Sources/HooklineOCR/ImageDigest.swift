/// The name an image is remembered by in ``OCRMemo``: 128 bits from two keyed hashes of
/// its bytes (SipHash-1-3, the standard library's `Hasher`'s function), each keyed by its own
/// secret salt drawn once per process.
///
/// Why keyed and not a public digest such as SHA-256: the bytes are the sender's, and a
/// lure made to collide with a harmless picture read earlier would borrow its text. The
/// memo lives in one process and no key ever leaves it, so a sender cannot aim at a key it
/// never sees: a hash keyed by a secret resists that as well as a cryptographic digest
/// does, at a tenth of the cost per byte (a PDF page's raster is megabytes, and it is
/// hashed for every message that carries it, read or remembered). The salts are the keys
/// themselves, so they stay secret when the runtime is told to hash deterministically
/// (`SWIFT_DETERMINISTIC_HASHING`, for tests).
///
/// The two hashes go over the bytes together, a word at a time (``SipHash``): two
/// `Hasher`s one after the other took 10 instructions a byte (1.5 M for the profile
/// sample's one page raster, every pass), the two together 4.6.
struct ImageDigest: Hashable, Sendable {
    var a: Int
    var b: Int

    /// Four random words: two per hash.
    struct Salts: Sendable {
        var a0: UInt64, a1: UInt64, b0: UInt64, b1: UInt64
        static func random() -> Salts {
            var g = SystemRandomNumberGenerator()
            return Salts(a0: g.next(), a1: g.next(), b0: g.next(), b1: g.next())
        }
    }

    static let processSalts = Salts.random()

    static func of(_ bytes: [UInt8], salts: Salts = processSalts) -> ImageDigest {
        var first = SipHash(salts.a0, salts.a1)
        var second = SipHash(salts.b0, salts.b1)
        // The length first, as a word of its own: SipHash's last word holds only the
        // length's low byte.
        let length = UInt64(bytes.count)
        first.compress(length)
        second.compress(length)
        bytes.withUnsafeBytes { raw in (first, second) = SipHash.both(raw, first, second) }
        return ImageDigest(
            a: Int(truncatingIfNeeded: first.finalize()), b: Int(truncatingIfNeeded: second.finalize()))
    }
}
