internal import CVectorscan

/// A Vectorscan call that failed, named, so the log says which call and why.
public struct VectorscanError: Error, Sendable, CustomStringConvertible {
    public var function: String
    public var code: Int32
    public var description: String { "\(function) failed: \(Self.name(code)) (\(code))" }

    static func name(_ code: Int32) -> String {
        switch code {
        case HS_INVALID: return "HS_INVALID"
        case HS_NOMEM: return "HS_NOMEM"
        case HS_SCAN_TERMINATED: return "HS_SCAN_TERMINATED"
        case HS_COMPILER_ERROR: return "HS_COMPILER_ERROR"
        case HS_DB_VERSION_ERROR: return "HS_DB_VERSION_ERROR"
        case HS_DB_PLATFORM_ERROR: return "HS_DB_PLATFORM_ERROR"
        case HS_DB_MODE_ERROR: return "HS_DB_MODE_ERROR"
        case HS_BAD_ALIGN: return "HS_BAD_ALIGN"
        case HS_BAD_ALLOC: return "HS_BAD_ALLOC"
        case HS_SCRATCH_IN_USE: return "HS_SCRATCH_IN_USE"
        case HS_ARCH_ERROR: return "HS_ARCH_ERROR"
        case HS_INSUFFICIENT_SPACE: return "HS_INSUFFICIENT_SPACE"
        case HS_UNKNOWN_ERROR: return "HS_UNKNOWN_ERROR"
        default: return "unknown hs_error_t"
        }
    }
}

/// Every hs_* call goes through here, so no error code is ever dropped on the floor.
@inline(__always)
func hsCall(_ function: StaticString, _ code: hs_error_t) throws(VectorscanError) {
    guard code == HS_SUCCESS else { throw VectorscanError(function: "\(function)", code: code) }
}

/// Where matches go: the callback is a C function pointer, so the Swift side travels in `context`.
final class MatchSink {
    /// Return false to stop scanning (only used by block scans that have seen enough).
    var onMatch: (UInt32, Int, Int) -> Bool

    init(onMatch: @escaping (UInt32, Int, Int) -> Bool) { self.onMatch = onMatch }

    static let callback: match_event_handler = { id, from, to, _, context in
        guard let context else { return 0 }
        let sink = Unmanaged<MatchSink>.fromOpaque(context).takeUnretainedValue()
        return sink.onMatch(id, Int(clamping: from), Int(clamping: to)) ? 0 : 1
    }
}
