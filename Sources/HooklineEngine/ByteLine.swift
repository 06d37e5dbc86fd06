import HooklineCore

/// A line written as bytes, piece by piece, then made a `String` once: the verdict header
/// value and the log line of every message.
///
/// A struct with mutating methods, not nested functions appending to a captured array: the
/// captured array was boxed and each append through it a dynamic exclusivity check (begin
/// and end access, ~70 instructions; ~13 a message).
package struct ByteLine {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// A native String's bytes are appended from its storage in one copy: appending its
    /// `utf8` view measured and copied it twice through the view (~250 instructions a piece,
    /// a dozen pieces a message).
    @inline(__always) package mutating func put(_ s: String) {
        let copied: Void? = s.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: s.utf8) }
    }
    @inline(__always) package mutating func put(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    @inline(__always) package mutating func put(_ b: UInt8) { bytes.append(b) }

    /// `VerdictJSON.number(d)` as its bytes, without the String it joins from three pieces
    /// (~1.4 k instructions a call; the header value, the log line and a quarantine reason
    /// each print the score).
    package mutating func putNumber(_ d: Double) { VerdictJSON.appendNumber(d, to: &bytes) }

    /// `String(n)` as its bytes.
    package mutating func putDecimal(_ n: Int) { JSONBytes.append(n, to: &bytes) }

    /// The bytes as a `String` (pieces that are whole Strings join into valid UTF-8).
    package var string: String { String(decoding: bytes, as: UTF8.self) }
}
