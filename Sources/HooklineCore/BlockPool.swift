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
    /// `slots[0..<count.pointee]`: the kept blocks, in memory allocated once. Reached through
    /// pointers, not stored `var`s of this class: each of those reads and writes was a dynamic
    /// exclusivity check (~70 instructions; ~5 a `take` or `give`, ~300 instructions with the
    /// array's uniqueness tests, for the ~5 blocks a message takes and gives back).
    private let slots: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let count: UnsafeMutablePointer<Int>

    public init(byteCount: Int, alignment: Int = 16, maxKept: Int) {
        self.byteCount = byteCount
        self.alignment = alignment
        self.maxKept = max(0, maxKept)
        slots = .allocate(capacity: max(1, maxKept))
        slots.initialize(repeating: nil, count: max(1, maxKept))
        count = .allocate(capacity: 1)
        count.initialize(to: 0)
    }

    deinit {
        for i in 0..<count.pointee { slots[i]?.deallocate() }
        slots.deallocate()
        count.deallocate()
    }

    /// Blocks waiting to be reused (for tests).
    public var keptCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return count.pointee
    }

    /// A block of ``byteCount`` bytes, uninitialised: a kept one when there is one.
    public func take() -> UnsafeMutableRawPointer {
        lock.lock()
        var block: UnsafeMutableRawPointer?
        if count.pointee > 0 {
            count.pointee -= 1
            block = slots[count.pointee]
            slots[count.pointee] = nil
        }
        lock.unlock()
        return block ?? .allocate(byteCount: byteCount, alignment: alignment)
    }

    /// Takes back a block from ``take()``, whatever it holds (nothing that needs deinitialising).
    public func give(_ block: UnsafeMutableRawPointer) {
        lock.lock()
        if count.pointee < maxKept {
            slots[count.pointee] = block
            count.pointee += 1
            lock.unlock()
        } else {
            lock.unlock()
            block.deallocate()
        }
    }
}
