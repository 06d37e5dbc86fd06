import HooklineCore

/// One pattern to compile (STUB — owned by the detect work).
public struct PatternSpec: Sendable, Equatable {
    public var id: UInt32
    public var expression: String
    public var caseless: Bool
    public init(id: UInt32, expression: String, caseless: Bool = true) {
        self.id = id; self.expression = expression; self.caseless = caseless
    }
}

public struct PatternCompileError: Error, Sendable {
    /// Index into the specs array of the pattern that failed, or nil if global.
    public var index: Int?
    public var message: String
}

/// A compiled Vectorscan database (STUB).
public final class PatternDatabase: @unchecked Sendable {
    public enum Mode: Sendable { case stream, block }
    public let mode: Mode
    public init(_ specs: [PatternSpec], mode: Mode) throws(PatternCompileError) { self.mode = mode }
    /// Block mode: the ids that match anywhere in `text`.
    public func matches(in text: String) -> Set<UInt32> { [] }
}
