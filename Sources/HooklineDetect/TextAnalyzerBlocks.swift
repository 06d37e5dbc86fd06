import Foundation

/// The memory one ``TextAnalyzer`` works in: its ``TextAnalyzerState``, and the normaliser's
/// output and origins for one slice, in one block kept between messages.
///
/// A message used to allocate the two slice buffers (~22 KB, ~1,400 instructions of `malloc`
/// each: too large for glibc's per-thread cache) and the class object holding the state. The
/// daemon scans one message per connection thread at a time, so a handful of blocks serve
/// every message: an analyzer takes one at `init` and gives it back at `deinit`. At most
/// ``maxKept`` wait here; a block given back beyond that is freed, so memory stays bounded
/// by the number of messages scanned at once, as it was.
///
/// Only the buffers are reused: the state is built new for each message and destroyed with
/// it, and the slice buffers are written before they are read, so nothing of one message
/// reaches the next.
final class TextAnalyzerBlocks: @unchecked Sendable {  // the list is only touched under `lock`
    static let shared = TextAnalyzerBlocks()

    /// Blocks kept for later messages; more are freed when given back.
    static let maxKept = 8

    /// Normalised bytes one slice can produce (``TextNormalizer/maxOutput(forInput:)``).
    static let sliceCapacity = TextNormalizer.maxOutput(forInput: TextAnalyzer.sliceBytes)
    /// Where the origins start: after the state, aligned for `Int32`.
    static let originsOffset = roundUp(MemoryLayout<TextAnalyzerState>.size, 16)
    /// Where the output bytes start: after the origins.
    static let outOffset = originsOffset + sliceCapacity * MemoryLayout<Int32>.stride
    static let byteCount = outOffset + sliceCapacity
    static let alignment = max(16, MemoryLayout<TextAnalyzerState>.alignment)

    private let lock = NSLock()
    private var kept: [UnsafeMutableRawPointer] = []

    init() {
        kept.reserveCapacity(Self.maxKept)
    }

    /// Blocks waiting to be reused (for tests).
    var keptCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept.count
    }

    /// A block of ``byteCount`` bytes, uninitialised: a kept one when there is one.
    func take() -> UnsafeMutableRawPointer {
        lock.lock()
        let block = kept.popLast()
        lock.unlock()
        return block ?? .allocate(byteCount: Self.byteCount, alignment: Self.alignment)
    }

    /// Takes back a block from ``take()`` whose state was already destroyed.
    func give(_ block: UnsafeMutableRawPointer) {
        lock.lock()
        if kept.count < Self.maxKept {
            kept.append(block)
            lock.unlock()
        } else {
            lock.unlock()
            block.deallocate()
        }
    }

    private static func roundUp(_ n: Int, _ to: Int) -> Int { (n + to - 1) / to * to }
}
