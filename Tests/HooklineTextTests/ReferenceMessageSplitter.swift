import HooklineCore
@testable import HooklineText

/// The splitter as main 9b1ad2b had it (its state in class properties): the reference
/// `MessageSplitterReferenceTests` holds `MessageSplitter` to, call for call.
/// Splits a raw RFC 5322 message (as read from an .eml file) into the header
/// fields and body chunks a milter would receive, so `hookline scan` drives the
/// detector exactly as the MTA does. Folds are kept as "\r\n" plus the blank, the
/// way Sendmail passes them; the body is handed through uncopied. A line that is
/// not a header ends the header block, as in Postfix: the message is data, and
/// its body is still scanned.
final class ReferenceMessageSplitter {
    private enum State { case start, headers, body }

    private let limits: Limits
    private let onHeader: (String, UnsafeRawBufferPointer) -> Void
    private let onEndOfHeaders: () -> Void
    private let onBody: (UnsafeRawBufferPointer) -> Void
    private var state = State.start
    private var line: [UInt8] = []
    private var field: [UInt8] = []
    private var finished = false

    init(
        limits: Limits,
        onHeader: @escaping (String, UnsafeRawBufferPointer) -> Void,
        onEndOfHeaders: @escaping () -> Void,
        onBody: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        self.limits = limits
        self.onHeader = onHeader
        self.onEndOfHeaders = onEndOfHeaders
        self.onBody = onBody
    }

    /// One byte over the header limit, so a too-long field is still seen as too long
    /// downstream; saturating, because the limit is a config value (max_header_bytes)
    /// and may be as large as Int.max.
    private var fieldLimit: Int { limits.maxHeaderBytes < Int.max ? limits.maxHeaderBytes + 1 : Int.max }

    func feed(_ chunk: UnsafeRawBufferPointer) {
        if finished { return }
        var i = 0
        let n = chunk.count
        while i < n && state != .body {
            guard let nl = chunk.firstIndex(of: ASCII.lf, from: i) else {
                appendBounded(&line, chunk.slice(i, n), limit: limits.maxLineBytes)
                return
            }
            if line.isEmpty {
                handleLine(chunk.slice(i, nl + 1))
            } else {
                appendBounded(&line, chunk.slice(i, nl + 1), limit: limits.maxLineBytes)
                let l = line
                line.removeAll(keepingCapacity: true)
                l.withUnsafeBytes { handleLine($0) }
            }
            i = nl + 1
        }
        if state == .body && i < n { onBody(chunk.slice(i, n)) }
    }

    func finish() {
        if finished { return }
        if state != .body {
            if !line.isEmpty {
                let l = line
                line.removeAll()
                l.withUnsafeBytes { handleLine($0) }
            }
            if state != .body {
                flushField()
                state = .body
                onEndOfHeaders()
            }
        }
        finished = true
    }

    private func appendBounded(_ buf: inout [UInt8], _ bytes: UnsafeRawBufferPointer, limit: Int) {
        let room = limit - buf.count
        if room <= 0 { return }
        buf.append(contentsOf: bytes.count <= room ? bytes : bytes.slice(0, room))
    }

    /// One physical line, with its line ending if it had one.
    private func handleLine(_ raw: UnsafeRawBufferPointer) {
        var end = raw.count
        while end > 0, raw[end - 1] == ASCII.lf || raw[end - 1] == ASCII.cr { end -= 1 }
        let content = raw.slice(0, end)
        if state == .start {
            state = .headers
            // An mbox "From " separator is not a header.
            if content.starts(with: "From ".utf8) { return }
        }
        if content.isEmpty {
            flushField()
            state = .body
            onEndOfHeaders()
            return
        }
        let first = content[0]
        if (first == ASCII.space || first == ASCII.tab) && !field.isEmpty {
            if field.count < fieldLimit {
                field.append(ASCII.cr)
                field.append(ASCII.lf)
                appendBounded(&field, content, limit: fieldLimit)
            }
            return
        }
        if ReferenceMessageSplitter.isFieldStart(content) {
            flushField()
            appendBounded(&field, content, limit: fieldLimit)
            return
        }
        // Garbage: the header block is over and this line is the first of the body.
        flushField()
        state = .body
        onEndOfHeaders()
        onBody(raw)
    }

    /// "Name:" with a printable name (blanks before the colon are tolerated, as obsolete syntax allows).
    private static func isFieldStart(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let colon = line.firstIndex(of: ASCII.colon, from: 0), colon > 0 else { return false }
        var nameEnd = colon
        while nameEnd > 0, line[nameEnd - 1] == ASCII.space || line[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
        if nameEnd == 0 { return false }
        for k in 0..<nameEnd where line[k] <= 0x20 || line[k] >= 0x7F { return false }
        return true
    }

    private func flushField() {
        if field.isEmpty { return }
        defer { field.removeAll(keepingCapacity: true) }
        guard let colon = field.firstIndex(of: ASCII.colon) else { return }
        var nameEnd = colon
        while nameEnd > 0, field[nameEnd - 1] == ASCII.space || field[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
        let name = String(decoding: field[..<nameEnd], as: UTF8.self)
        var valueStart = colon + 1
        if valueStart < field.count, field[valueStart] == ASCII.space || field[valueStart] == ASCII.tab { valueStart += 1 }
        field.withUnsafeBytes { buf in onHeader(name, buf.slice(valueStart, buf.count)) }
    }
}
