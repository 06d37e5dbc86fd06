internal import CVectorscan
import Foundation

/// What a finished message's ``PatternStream`` allocated and the next message's would
/// allocate again: the Vectorscan stream (reset, as if just opened), the batch and window
/// stagings, the recent-text ring's block and the small index arrays, all empty.
///
/// Each message opened and closed a stream (~1.7 k instructions with its `malloc`/`free`),
/// allocated a 16 KB batch and a window staging past glibc's per-thread cache, and grew its
/// ring from 4 KB by doubling, copying as it went (~2.5 k): ~6 k a message, for memory whose
/// contents are never read before they are written (the ring's offsets below `total` only).
/// Nothing that says what a message matched is kept: the state is built new for each one and
/// only adopts these.
struct PatternStreamBuffers {
    /// Reset by `hs_reset_stream` (``PatternStreamState/close()``) or here: as opened.
    var stream: OpaquePointer?
    var batch: UnsafeMutableRawPointer?
    /// ``PatternStream/maxSegments`` of them.
    var segments: UnsafeMutablePointer<ViewSegment>?
    var window: UnsafeMutableRawPointer?
    var windowCapacity = 0
    var recent: ByteRing
    var pending: [Int] = []
    var ends: [Int] = []
    var starts: [Int] = []

    /// The largest ring block and window staging kept: a message with more text than this
    /// grew them, and the next one starts from nothing, so kept memory stays bounded.
    static let maxRingBytes = 32 * 1024
    static let maxWindowBytes = 16 * 1024
    /// The longest index arrays kept (their capacity, in elements).
    static let maxIndices = 1024

    /// Frees everything (a pool that is full, or drained).
    func free() {
        if let stream { hs_close_stream(stream, nil, nil, nil) }
        batch?.deallocate()
        segments?.deallocate()
        window?.deallocate()
    }
}

/// The ``PatternStreamBuffers`` of finished messages, kept by their ``PatternDatabase`` (a
/// stream belongs to the database it was opened on; a reloaded engine's new database starts
/// with an empty pool, and the old pool goes with the old database, freeing what it kept).
typealias PatternStreamPool = KeptPool<PatternStreamBuffers>
