/// ``OwnHeaderFields/isOurs(_:verdictHeader:)`` with the verdict header folded once, when
/// the config is loaded, instead of at every header of every message.
///
/// The milter and the scan ask it of every header (the milter twice); the static test made
/// two mutable String copies and went through `withUTF8` of both names each time, ~380
/// instructions a header. Here an ASCII name is one pass for "is it ASCII" and a byte
/// comparison against the prefix and the folded verdict header, both already lower case.
/// A name (or verdict header) outside ASCII takes the static test, which stays the
/// reference: String comparison is canonical equivalence there (a Greek question mark
/// equals ";"), which no byte comparison reproduces.
public struct OwnHeaderNames: Sendable {
    /// As configured; what a name outside ASCII is compared with.
    public let verdictHeader: String
    /// ``verdictHeader`` with ASCII letters folded, or nil when it is not all ASCII (every
    /// name then takes the reference test).
    private let folded: [UInt8]?

    public init(verdictHeader: String) {
        self.verdictHeader = verdictHeader
        folded = ASCII.isASCII(verdictHeader) ? verdictHeader.utf8.map(ASCII.lower) : nil
    }

    /// True for any `X-Hookline-*` field and for the verdict header, as
    /// ``OwnHeaderFields/isOurs(_:verdictHeader:)`` answers.
    public func isOurs(_ name: String) -> Bool {
        if let folded,
            let answer = name.utf8.withContiguousStorageIfAvailable({ n in
                folded.withUnsafeBufferPointer { v in Self.asciiIsOurs(n, folded: v) }
            }),
            let answer
        {
            return answer
        }
        return OwnHeaderFields.isOurs(name, verdictHeader: verdictHeader)
    }

    /// ``isOurs(_:)`` of a name given as bytes; nil when they are not all ASCII (or the
    /// verdict header is not: the caller then asks with a String).
    public func isOurs(asciiBytes name: UnsafeRawBufferPointer) -> Bool? {
        guard let folded else { return nil }
        return folded.withUnsafeBufferPointer { v in
            Self.asciiIsOurs(name.assumingMemoryBound(to: UInt8.self), folded: v)
        }
    }

    /// Nil when `n` is not all ASCII; `v` is the folded verdict header.
    @inline(__always)
    private static func asciiIsOurs(_ n: UnsafeBufferPointer<UInt8>, folded v: UnsafeBufferPointer<UInt8>) -> Bool? {
        var any: UInt8 = 0
        for b in n { any |= b }
        guard any < 0x80 else { return nil }
        let prefixed = OwnHeaderFields.prefixBytes.withUTF8Buffer { p in
            guard n.count >= p.count else { return false }
            for i in 0..<p.count where ASCII.lower(n[i]) != p[i] { return false }
            return true
        }
        if prefixed { return true }
        guard n.count == v.count else { return false }
        for i in 0..<n.count where ASCII.lower(n[i]) != v[i] { return false }
        return true
    }
}
