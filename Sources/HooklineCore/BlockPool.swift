import Foundation

/// Raw blocks of one size kept between messages, for the buffers every message or part
/// allocates anew: the analyzer's slice buffers (~22 KB), a decoder's 8 KB output block.
///
/// Blocks that size are past glibc's per-thread cache: each `malloc` cost ~1,400 instructions
/// and each `free` merged the chunk back into the heap. The daemon scans one message per
/// connection thread at a time, so a handful of blocks serve every message. At most
/// ``maxKept`` wait here; a block given back beyond that is freed, so memory stays bounded by
/// what is in use at once, as it was. A block comes back uninitialised: its user writes
/// before it reads, and nothing of one message reaches the next.
public final class BlockPool: @unchecked Sendable {  // `kept` is only touched under `lock`
    public let byteCount: Int
    public let alignment: Int
    /// Blocks kept for later use; more are freed when given back.
    public let maxKept: Int

    private let lock = NSLock()
    private var kept: [UnsafeMutableRawPointer] = []

    public init(byteCount: Int, alignment: Int = 16, maxKept: Int) {
        self.byteCount = byteCount
        self.alignment = alignment
        self.maxKept = maxKept
        kept.reserveCapacity(maxKept)
    }

    /// Blocks waiting to be reused (for tests).
    public var keptCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return kept.count
    }

    /// A block of ``byteCount`` bytes, uninitialised: a kept one when there is one.
    public func take() -> UnsafeMutableRawPointer {
        lock.lock()
        let block = kept.popLast()
        lock.unlock()
        return block ?? .allocate(byteCount: byteCount, alignment: alignment)
    }

    /// Takes back a block from ``take()``, whatever it holds (nothing that needs deinitialising).
    public func give(_ block: UnsafeMutableRawPointer) {
        lock.lock()
        if kept.count < maxKept {
            kept.append(block)
            lock.unlock()
        } else {
            lock.unlock()
            block.deallocate()
        }
    }
}
