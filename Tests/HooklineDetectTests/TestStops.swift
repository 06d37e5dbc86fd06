@testable import HooklineDetect

/// Marks of ``SliceStops`` for a test's slices (at most ``TextAnalyzerBlocks/sliceCapacity``
/// bytes), in memory of their own.
final class TestStops {
    private let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * SliceStops.words)
    var stops: SliceStops

    init() {
        memory.initialize(repeating: 0, count: 2 * SliceStops.words)
        stops = SliceStops(phone: memory, spelled: memory + SliceStops.words)
    }

    deinit { memory.deallocate() }
}
