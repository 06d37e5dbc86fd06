// The code CalendarTextExtractor replaced (d1d283b), kept as the reference its
// per-run reading is held to (CalendarReferenceTests).
import HooklineCore
@testable import HooklineText

/// Streaming text/calendar → the human-readable property values (DESCRIPTION,
/// SUMMARY, LOCATION, COMMENT), where calendar-invite lures put their phone
/// number. Lines are unfolded and iCalendar escapes decoded on the fly; each value
/// ends with a newline so values do not fuse.
final class ReferenceCalendarTextExtractor {
    private enum State { case name, value, skipValue, lineBreak }
    private static let wanted: Set<String> = ["DESCRIPTION", "SUMMARY", "LOCATION", "COMMENT"]
    private static let maxNameBytes = 256

    private let writer: ViewWriter
    private var state = State.name
    private var resumeState = State.name  // where a folded line continues
    private var nameBuf: [UInt8] = []
    private var nameQuoted = false
    private var escaped = false
    private var sawCR = false
    private let out = OutputBlock(capacity: 4096)

    init(writer: ViewWriter) { self.writer = writer }

    private func emit(_ b: UnsafeRawBufferPointer) { writer.write(.calendar, b) }

    func feed(_ input: UnsafeRawBufferPointer) {
        for b in input {
            switch state {
            case .lineBreak:
                if b == ASCII.space || b == ASCII.tab {
                    state = resumeState  // folded: the line continues, minus this blank
                    continue
                }
                endLine()
                state = .name
                fallthrough
            case .name:
                if b == ASCII.lf { resumeState = .name; state = .lineBreak; continue }
                if b == ASCII.cr { continue }
                if b == ASCII.quote { nameQuoted.toggle() }
                if b == ASCII.colon && !nameQuoted {
                    state = isWanted() ? .value : .skipValue
                    escaped = false
                    continue
                }
                if nameBuf.count < ReferenceCalendarTextExtractor.maxNameBytes { nameBuf.append(b) }
            case .skipValue:
                if b == ASCII.lf { resumeState = .skipValue; state = .lineBreak }
            case .value:
                if b == ASCII.lf { resumeState = .value; state = .lineBreak; continue }
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
                    put(b)
                }
            }
        }
        out.flush(emit)
    }

    func finish() {
        if state == .lineBreak { endLine() } else if state == .value { put(ASCII.lf) }
        state = .name
        out.flush(emit)
    }

    @inline(__always) private func put(_ b: UInt8) {
        if out.room == 0 { out.flush(emit) }
        out.append(b)
    }

    private func endLine() {
        if resumeState == .value { put(ASCII.lf) }
        nameBuf.removeAll(keepingCapacity: true)
        nameQuoted = false
        resumeState = .name
    }

    private func isWanted() -> Bool {
        // The property name ends at the first ';' (parameters follow).
        let end = nameBuf.firstIndex(of: ASCII.semicolon) ?? nameBuf.count
        let name = String(decoding: nameBuf[..<end].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        return ReferenceCalendarTextExtractor.wanted.contains(name.trimmingCharacters())
    }
}
