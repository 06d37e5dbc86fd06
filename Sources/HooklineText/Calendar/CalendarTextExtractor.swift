import HooklineCore

/// Streaming text/calendar → the human-readable property values (DESCRIPTION,
/// SUMMARY, LOCATION, COMMENT), where calendar-invite lures put their phone
/// number. Lines are unfolded and iCalendar escapes decoded on the fly; each value
/// ends with a newline so values do not fuse.
final class CalendarTextExtractor {
    enum State { case name, value, skipValue, lineBreak }
    private static let wanted: Set<String> = ["DESCRIPTION", "SUMMARY", "LOCATION", "COMMENT"]
    private static let maxNameBytes = 256

    /// Where the scan is between chunks, reached through a pointer: as stored properties of
    /// this class, reading and writing them in the byte loop were dynamic exclusivity checks
    /// (~35 a message of the mix).
    private struct Scan {
        var state = State.name
        var resumeState = State.name  // where a folded line continues
        var nameBuf: [UInt8] = []
        var nameQuoted = false
        var escaped = false
    }

    private let writer: ViewWriter
    private let scan: UnsafeMutablePointer<Scan>
    private let out = OutputBlock(capacity: 4096)

    init(writer: ViewWriter) {
        self.writer = writer
        scan = .allocate(capacity: 1)
        scan.initialize(to: Scan())
    }

    deinit {
        scan.deinitialize(count: 1)
        scan.deallocate()
    }

    private func emit(_ b: UnsafeRawBufferPointer) { writer.write(.calendar, b) }

    /// The bytes of a skipped value are passed over with memchr to its line's end, and a
    /// value's plain bytes (no CR, LF or backslash) are copied as one run: the block flushes
    /// at the same bytes as when they were put one by one, so the writer sees the same calls.
    func feed(_ input: UnsafeRawBufferPointer) {
        let p = scan
        var state = p.pointee.state
        var escaped = p.pointee.escaped
        let n = input.count
        var i = 0
        while i < n {
            let b = input[i]
            i += 1
            switch state {
            case .lineBreak:
                if b == ASCII.space || b == ASCII.tab {
                    state = p.pointee.resumeState  // folded: the line continues, minus this blank
                    continue
                }
                endLine()
                state = .name
                fallthrough
            case .name:
                if b == ASCII.lf { p.pointee.resumeState = .name; state = .lineBreak; continue }
                if b == ASCII.cr { continue }
                if b == ASCII.quote { p.pointee.nameQuoted.toggle() }
                if b == ASCII.colon && !p.pointee.nameQuoted {
                    state = isWanted() ? .value : .skipValue
                    escaped = false
                    continue
                }
                // This byte and the name bytes after it that change nothing (no LF, CR, quote or
                // colon), appended as one run up to the bound: appended one by one, each tested
                // the buffer's uniqueness and capacity.
                var j = i
                while j < n {
                    let c = input[j]
                    if c == ASCII.lf || c == ASCII.cr || c == ASCII.quote || c == ASCII.colon { break }
                    j += 1
                }
                let room = CalendarTextExtractor.maxNameBytes - p.pointee.nameBuf.count
                if room > 0 {
                    p.pointee.nameBuf.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[(i - 1)..<min(j, i - 1 + room)]))
                }
                i = j
            case .skipValue:
                if b == ASCII.lf { p.pointee.resumeState = .skipValue; state = .lineBreak; continue }
                guard let nl = input.firstIndex(of: ASCII.lf, from: i) else { i = n; continue }
                i = nl + 1
                p.pointee.resumeState = .skipValue
                state = .lineBreak
            case .value:
                if b == ASCII.lf { p.pointee.resumeState = .value; state = .lineBreak; continue }
                if b == ASCII.cr { continue }
                if escaped {
                    escaped = false
                    switch b {
                    case UInt8(ascii: "n"), UInt8(ascii: "N"): put(ASCII.lf)
                    default: put(b)  // \, \; \\ and anything else: the character itself
                    }
                } else if b == ASCII.backslash {
                    escaped = true
                } else {
                    // This byte and the plain ones after it, as one run.
                    var j = i
                    while j < n {
                        let c = input[j]
                        if c == ASCII.lf || c == ASCII.cr || c == ASCII.backslash { break }
                        j += 1
                    }
                    out.append(input.slice(i - 1, j), emit)
                    i = j
                }
            }
        }
        p.pointee.state = state
        p.pointee.escaped = escaped
        out.flush(emit)
    }

    func finish() {
        let p = scan
        if p.pointee.state == .lineBreak { endLine() } else if p.pointee.state == .value { put(ASCII.lf) }
        p.pointee.state = .name
        out.flush(emit)
    }

    @inline(__always) private func put(_ b: UInt8) {
        if out.room == 0 { out.flush(emit) }
        out.append(b)
    }

    private func endLine() {
        let p = scan
        if p.pointee.resumeState == .value { put(ASCII.lf) }
        p.pointee.nameBuf.removeAll(keepingCapacity: true)
        p.pointee.nameQuoted = false
        p.pointee.resumeState = .name
    }

    private func isWanted() -> Bool {
        scan.pointee.nameBuf.withUnsafeBytes { Self.isWanted(name: $0) }
    }

    /// Whether a property name (parameters after ';' included) is one whose value is read:
    /// ``isWantedByString(name:)`` on its bytes. A name that is ASCII once trimmed is compared
    /// byte by byte, upper-cased; one with any other byte takes the String way (a String made,
    /// trimmed and hashed for every property of the part cost ~4.8 k instructions a message).
    static func isWanted(name: UnsafeRawBufferPointer) -> Bool {
        var end = name.firstIndex(of: ASCII.semicolon, from: 0) ?? name.count
        var start = 0
        while start < end, ASCII.isSpace(name[start]) { start += 1 }
        while end > start, ASCII.isSpace(name[end - 1]) { end -= 1 }
        var upper: (UInt64, UInt64) = (0, 0)  // at most 16 bytes: the longest wanted is 11
        let count = end - start
        guard count <= 16 else {
            for k in start..<end where name[k] >= 0x80 { return isWantedByString(name: name) }
            return false
        }
        for k in 0..<count {
            var c = name[start + k]
            if c >= 0x80 { return isWantedByString(name: name) }
            if c >= 0x61 && c <= 0x7A { c -= 0x20 }
            if k < 8 { upper.0 |= UInt64(c) << (8 * k) } else { upper.1 |= UInt64(c) << (8 * (k - 8)) }
        }
        return count == 11 && upper == Self.description || count == 7 && upper == Self.summary
            || count == 8 && upper == Self.location || count == 7 && upper == Self.comment
    }

    private static let description = packed("DESCRIPTION")
    private static let summary = packed("SUMMARY")
    private static let location = packed("LOCATION")
    private static let comment = packed("COMMENT")
    private static func packed(_ s: String) -> (UInt64, UInt64) {
        var v: (UInt64, UInt64) = (0, 0)
        for (k, c) in s.utf8.enumerated() {
            if k < 8 { v.0 |= UInt64(c) << (8 * k) } else { v.1 |= UInt64(c) << (8 * (k - 8)) }
        }
        return v
    }

    /// The name as a String: upper-cased (ASCII letters), trimmed, looked up. The reference
    /// ``isWanted(name:)`` is held to, and its way for names with bytes outside ASCII.
    static func isWantedByString(name: UnsafeRawBufferPointer) -> Bool {
        let end = name.firstIndex(of: ASCII.semicolon, from: 0) ?? name.count
        let s = String(decoding: name[..<end].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        return CalendarTextExtractor.wanted.contains(s.trimmingCharacters())
    }
}
