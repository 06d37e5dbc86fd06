import Foundation

/// What a finished message's ``TextAnalyzerState`` allocated and the next message's would
/// allocate again: the original and normalised rings' blocks (4 KB and 2 KB, past glibc's
/// per-thread cache) and the phone scanner's run buffers and candidate scratch
/// (``PhoneScanner/Buffers``: nine arrays, three of them grown to 96 entries per message).
///
/// Only memory whose contents are never read before they are written: the rings come back
/// emptied (``ByteRing/emptied(keepingAtMost:)``), and the state that says what a message
/// found is built new for each one and only adopts these.
struct TextAnalyzerBuffers {
    var original: ByteRing
    var recent: ByteRing
    var phone: PhoneScanner.Buffers

    /// The rings' capacities: they never hold more, so what is kept stays bounded.
    static let originalBytes = 4096
    static let recentBytes = 2048

    /// As many as messages are scanned at once; more are freed when given back.
    static let pool = TextAnalyzerBuffersPool()
}

/// The ``TextAnalyzerBuffers`` of finished messages (plain Swift memory: released when not kept).
typealias TextAnalyzerBuffersPool = KeptPool<TextAnalyzerBuffers>
