/// The name an image is remembered by in ``OCRMemo``: 128 bits from two keyed hashes of
/// its bytes (the standard library's `Hasher`, SipHash), each started from its own secret
/// salt drawn once per process.
///
/// Why keyed and not a public digest such as SHA-256: the bytes are the sender's, and a
/// lure made to collide with a harmless picture read earlier would borrow its text. The
/// memo lives in one process and no key ever leaves it, so a sender cannot aim at a key it
/// never sees: a hash keyed by a secret resists that as well as a cryptographic digest
/// does, at a tenth of the cost per byte (a PDF page's raster is megabytes, and it is
/// hashed for every message that carries it, read or remembered). The salts are our own,
/// not only `Hasher`'s seed, so the key stays secret when the runtime is told to hash
/// deterministically (`SWIFT_DETERMINISTIC_HASHING`, for tests).
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
        var first = Hasher()
        var second = Hasher()
        first.combine(salts.a0)
        first.combine(salts.a1)
        second.combine(salts.b0)
        second.combine(salts.b1)
        // The length first: `combine(bytes:)` feeds the bytes alone, and a key must tell
        // apart buffers that differ only in trailing zeros.
        first.combine(bytes.count)
        second.combine(bytes.count)
        bytes.withUnsafeBytes { raw in
            first.combine(bytes: raw)
            second.combine(bytes: raw)
        }
        return ImageDigest(a: first.finalize(), b: second.finalize())
    }
}
