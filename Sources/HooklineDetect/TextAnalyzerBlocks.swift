import HooklineCore

/// The memory one ``TextAnalyzer`` works in: its ``TextAnalyzerState``, then the normaliser's
/// origins and output for one slice and the slice's ``SliceStops``, in one block of ``pool``.
///
/// A message used to allocate the two slice buffers (~22 KB, ~1,400 instructions of `malloc`
/// each) and the class object holding the state; now an analyzer takes a kept block at
/// `init` and gives it back at `deinit`. Only the memory is reused: the state is built new
/// for each message and destroyed with it, and the slice buffers are written before they
/// are read.
enum TextAnalyzerBlocks {
    /// Normalised bytes one slice can produce (``TextNormalizer/maxOutput(forInput:)``).
    static let sliceCapacity = TextNormalizer.maxOutput(forInput: TextAnalyzer.sliceBytes)
    /// Where the origins start: after the state, aligned for `Int32`.
    static let originsOffset = (MemoryLayout<TextAnalyzerState>.size + 15) / 16 * 16
    /// Where the output bytes start: after the origins.
    static let outOffset = originsOffset + sliceCapacity * MemoryLayout<Int32>.stride
    /// Where the maps of ``SliceStops`` start: after the output bytes, aligned for `UInt64`.
    static let stopsOffset = (outOffset + sliceCapacity + 7) / 8 * 8
    static let byteCount = stopsOffset + SliceStops.maps * SliceStops.words * MemoryLayout<UInt64>.stride

    /// One block per message scanned at once; eight kept (~190 KB at most).
    static let pool = BlockPool(
        byteCount: byteCount, alignment: max(16, MemoryLayout<TextAnalyzerState>.alignment), maxKept: 8)
}
