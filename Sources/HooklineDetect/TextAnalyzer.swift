import HooklineCore

public enum PhoneType: String, Sendable, Codable {
    case tollFree = "toll-free", premium, mobile, fixed, fixedOrMobile = "fixed-or-mobile", voip, sharedCost = "shared-cost", other
}

public struct PhoneFinding: Sendable, Equatable {
    public var e164: String
    public var type: PhoneType
    public var region: String
    public var views: Set<TextView>
    /// The number as it appeared in the message (before normalisation), for explanations.
    public var evidence: String
    /// Offset in the message's normalised text stream (all views, in order) of its first occurrence.
    public var offset: Int
    /// Offsets of its first few occurrences (the first is `offset`): a number printed once in a
    /// footer and again next to "call us" must count as next to "call us".
    public var offsets: [Int]

    /// Occurrences remembered per number; proximity checks look at each.
    public static let maxOffsets = 4

    public init(e164: String, type: PhoneType, region: String, views: Set<TextView>, evidence: String, offset: Int) {
        self.e164 = e164
        self.type = type
        self.region = region
        self.views = views
        self.evidence = evidence
        self.offset = offset
        self.offsets = [offset]
    }
}

public struct PatternMatch: Sendable, Equatable {
    public var id: UInt32
    public var view: TextView
    public var start: Int
    public var end: Int
    /// Where the evidence's bytes are (``EvidenceChunk``; nil: no evidence, ""): as the
    /// `String` it was, the same size, but the string is built only when read.
    var evidenceChunk: EvidenceChunk?
    var evidenceOffset: Int32 = 0
    var evidenceLength: Int32 = 0

    init(id: UInt32, view: TextView, start: Int, end: Int, chunk: EvidenceChunk?, offset: Int32, length: Int32) {
        self.id = id
        self.view = view
        self.start = start
        self.end = end
        evidenceChunk = chunk
        evidenceOffset = offset
        evidenceLength = length
    }

    init(id: UInt32, view: TextView, start: Int, end: Int, evidence: String) {
        self.init(id: id, view: view, start: start, end: end, chunk: nil, offset: 0, length: 0)
        self.evidence = evidence
    }

    /// The matched text as normalised (short), built from its bytes at each read.
    public var evidence: String {
        get { evidenceChunk?.string(evidenceOffset, evidenceLength) ?? "" }
        set {
            evidenceChunk = newValue.isEmpty ? nil : EvidenceChunk(holding: newValue)
            evidenceOffset = 0
            evidenceLength = Int32(clamping: newValue.utf8.count)
        }
    }

    public static func == (a: PatternMatch, b: PatternMatch) -> Bool {
        a.id == b.id && a.view == b.view && a.start == b.start && a.end == b.end && a.evidence == b.evidence
    }
}

public struct TextFindings: Sendable {
    public var phones: [PhoneFinding] = []
    public var matches: [PatternMatch] = []
    public var anomalies: Set<Anomaly> = []
    public var textBytes: Int = 0
    public init() {}
}

/// One message's detector: normalises the text the MIME layer streams in, and feeds the
/// result to the phone scanner and the pattern stream.
///
/// Input is processed in slices of ``sliceBytes`` so the per-message buffers stay small
/// however large the chunks the caller hands over. Views are joined in the pattern stream
/// with a blank line, so a phrase never spans two views by accident. Not thread-safe: one
/// analyzer per message, driven by one thread at a time.
///
/// The work is ``TextAnalyzerState``'s, reached through a pointer into a block of
/// ``TextAnalyzerBlocks`` (with the slice buffers): as a stored property of this class, every
/// call here (~100 a message, most of them a few bytes of whitespace between tags) was a run-
/// time exclusivity check, ~130 instructions; the accesses inside it are checked by the
/// compiler. Nothing else holds the pointer, and one thread drives an analyzer at a time.
public final class TextAnalyzer: TextSink {
    static let sliceBytes = 1024
    static let viewSeparator: [UInt8] = [0x0A, 0x0A]

    /// The start of this analyzer's block (``TextAnalyzerBlocks``), initialised here.
    private let state: UnsafeMutablePointer<TextAnalyzerState>
    private let patterns: PatternStream?
    private let out: UnsafeMutablePointer<UInt8>
    private let origins: UnsafeMutablePointer<Int32>
    /// What the state is built from, kept for ``reset()``.
    private let regions: [String]
    private let reference: ReferencePaths

    /// Normalised bytes per view, so the scan can tell an almost empty body (a lure in a
    /// picture) from a long one before deciding to read images.
    public var bytesByView: [TextView: Int] { state.pointee.bytesByView }

    /// `regions` are the countries tried, in order, for numbers written without "+".
    /// A block-mode database is ignored here (it serves `PatternDatabase.matches(in:)`).
    public convenience init(patterns: PatternDatabase?, limits: Limits, regions: [String] = ["US"]) {
        self.init(patterns: patterns, limits: limits, regions: regions, reference: [])
    }

    /// `reference`: fast paths left out, for the tests that compare them with the code they replaced.
    init(patterns: PatternDatabase?, limits: Limits, regions: [String], reference: ReferencePaths) {
        let block = TextAnalyzerBlocks.pool.take()
        state = block.bindMemory(to: TextAnalyzerState.self, capacity: 1)
        let marks = (block + TextAnalyzerBlocks.stopsOffset).bindMemory(
            to: UInt64.self, capacity: SliceStops.maps * SliceStops.words)
        let stops = SliceStops(memory: marks)
        self.regions = regions
        self.reference = reference
        state.initialize(
            to: TextAnalyzerState(
                limits: limits, regions: regions, stops: stops, reference: reference,
                kept: TextAnalyzerBuffers.pool.take()))
        let capacity = TextAnalyzerBlocks.sliceCapacity
        origins = (block + TextAnalyzerBlocks.originsOffset).bindMemory(to: Int32.self, capacity: capacity)
        out = (block + TextAnalyzerBlocks.outOffset).bindMemory(to: UInt8.self, capacity: capacity)
        if let patterns, patterns.mode == .stream, patterns.count > 0 {
            self.patterns = PatternStream(database: patterns, limits: limits)
        } else {
            self.patterns = nil
        }
    }

    /// Builds at engine load what the first messages would otherwise build: libphonenumber's
    /// metadata and the regular expressions of the regions numbers are read in
    /// (``PhoneValidator/warmed``), and the normaliser's fold tables expanded from their
    /// runs (~66 k entries). Once per process; later calls return at once.
    public static func prepare() {
        _ = PhoneValidator.warmed
        _ = (FoldTable.low.count, FoldTable.mid.count, FoldTable.high.count, FoldTable.math.count)
    }

    /// Makes this analyzer what `init` made, for another message (``TextAnalyzerPool``): the
    /// state and the pattern stream are set as `init` sets them, and only the memory a new
    /// analyzer would take from the pools (block, rings, phone buffers, Vectorscan stream)
    /// stays, without the pools' locks, the class objects and their allocations in between.
    func reset() {
        state.pointee.reset(regions: regions, reference: reference)
        patterns?.reset()
    }

    deinit {
        TextAnalyzerBuffers.pool.give(state.pointee.takeBuffers())
        state.deinitialize(count: 1)
        TextAnalyzerBlocks.pool.give(UnsafeMutableRawPointer(state))
    }

    public func begin(_ view: TextView) {
        state.pointee.begin(view, patterns: patterns, out: out, origins: origins)
    }

    public func text(_ utf8: UnsafeRawBufferPointer) {
        state.pointee.text(utf8, patterns: patterns, out: out, origins: origins)
    }

    public func end() {
        state.pointee.end(patterns: patterns, out: out, origins: origins)
    }

    /// Pattern matches reported so far, before `finish`: what the scan asks when deciding
    /// whether to read images. A phrase that ends the last view is reported only once more
    /// text follows (its closing word boundary needs the next byte); see `settle`.
    public var matchesSoFar: [PatternMatch] {
        patterns?.flush()
        return patterns?.matches ?? []
    }

    /// Scans the separator the last view still owes now rather than before the next view,
    /// so a phrase that ends the text so far is confirmed by its word boundary. The stream
    /// is the same as if another view followed; only call it when one may.
    public func settle() {
        state.pointee.settle(patterns: patterns, out: out, origins: origins)
    }

    public func anomaly(_ anomaly: Anomaly) {
        state.pointee.anomalies.insert(anomaly)
    }

    /// Countries the message's addresses point at: `recipient` for the mailbox and its MX
    /// (chosen by the receiving side, so weighed more), `sender` for From and Reply-To.
    /// Call before the first text; national numbers are read with them.
    public func setAddressRegionHints(recipient: [String], sender: [String]) {
        state.pointee.setAddressRegionHints(recipient: recipient, sender: sender)
    }

    public func finish() -> TextFindings {
        state.pointee.finish(patterns: patterns, out: out, origins: origins)
    }
}
