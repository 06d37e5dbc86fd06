@testable import HooklineDetect

/// Marks of ``SliceStops`` for a test's slices (at most ``TextAnalyzerBlocks/sliceCapacity``
/// bytes), in memory of their own.
final class TestStops {
    private let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: SliceStops.maps * SliceStops.words)
    var stops: SliceStops

    init() {
        memory.initialize(repeating: 0, count: SliceStops.maps * SliceStops.words)
        stops = SliceStops(memory: memory)
    }

    deinit { memory.deallocate() }
}
