import HooklineCore

/// Splits a raw RFC 5322 message (as read from an .eml file) into the header
/// fields and body chunks a milter would receive, so `hookline scan` drives the
/// detector exactly as the MTA does. Folds are kept as "\r\n" plus the blank, the
/// way Sendmail passes them; the body is handed through uncopied. A line that is
/// not a header ends the header block, as in Postfix: the message is data, and
/// its body is still scanned.
public final class MessageSplitter {
    private enum State { case start, headers, body }

    private let out: Callbacks
    /// The splitter's state in one struct, changed by its own mutating methods: as class
    /// properties each line paid several dynamic exclusivity checks (~76 instructions
    /// each) on `state`, `line` and `field`. The callbacks never reach back into the
    /// splitter, so one access spans a whole chunk.
    private var split: Split

    public convenience init(
        limits: Limits,
        onHeader: @escaping (String, UnsafeRawBufferPointer) -> Void,
        onEndOfHeaders: @escaping () -> Void,
        onBody: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        self.init(
            limits: limits, onHeaderBytes: { onHeader(String(decoding: $0, as: UTF8.self), $1) },
            onEndOfHeaders: onEndOfHeaders, onBody: onBody)
    }

    /// The field's name handed on as its bytes (what `onHeader` gets as
    /// `String(decoding:as: UTF8.self)`): `scan` reads an ASCII name on its bytes, and making
    /// a String of every name was ~10 k instructions a message.
    public init(
        limits: Limits,
        onHeaderBytes: @escaping (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void,
        onEndOfHeaders: @escaping () -> Void,
        onBody: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        self.out = Callbacks(onHeader: onHeaderBytes, onEndOfHeaders: onEndOfHeaders, onBody: onBody)
        // One byte over the header limit, so a too-long field is still seen as too long
        // downstream; saturating, because the limit is a config value (max_header_bytes)
        // and may be as large as Int.max.
        let fieldLimit = limits.maxHeaderBytes < Int.max ? limits.maxHeaderBytes + 1 : Int.max
        self.split = Split(lineLimit: limits.maxLineBytes, fieldLimit: fieldLimit)
    }

    public func feed(_ chunk: UnsafeRawBufferPointer) { split.feed(chunk, out) }

    public func finish() { split.finish(out) }

    private struct Callbacks {
        let onHeader: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void
        let onEndOfHeaders: () -> Void
        let onBody: (UnsafeRawBufferPointer) -> Void
    }

    private struct Split {
        let lineLimit: Int
        let fieldLimit: Int
        var state = State.start
        var line: [UInt8] = []
        var field: [UInt8] = []
        /// The current field's first line (cut at `fieldLimit`), and the continuation lines
        /// that follow it after exactly CR LF (``joined(_:_:limit:)``), while they lie in the
        /// bytes being handled: handed on from there, uncopied, unless another continuation
        /// line or the end of those bytes comes first (``keepPending()``). Never kept past a call; while
        /// it is set, `field` is empty. Most fields are one line: copying each into `field`
        /// was ~8 k instructions a message.
        var pending: UnsafeRawBufferPointer?
        var finished = false

        init(lineLimit: Int, fieldLimit: Int) {
            self.lineLimit = lineLimit
            self.fieldLimit = fieldLimit
        }

        mutating func feed(_ chunk: UnsafeRawBufferPointer, _ out: Callbacks) {
            if finished { return }
            var i = 0
            let n = chunk.count
            while i < n && state != .body {
                guard let nl = chunk.firstIndex(of: ASCII.lf, from: i) else {
                    keepPending()
                    Split.appendBounded(&line, chunk.slice(i, n), limit: lineLimit)
                    return
                }
                if line.isEmpty {
                    handleLine(chunk.slice(i, nl + 1), out)
                } else {
                    Split.appendBounded(&line, chunk.slice(i, nl + 1), limit: lineLimit)
                    let l = line
                    line.removeAll(keepingCapacity: true)
                    l.withUnsafeBytes {
                        handleLine($0, out)
                        keepPending()
                    }
                }
                i = nl + 1
            }
            keepPending()
            if state == .body && i < n { out.onBody(chunk.slice(i, n)) }
        }

        /// The pending field and its continuation line as one span, when they are one in the
        /// bytes already: the field ended by exactly CR LF, the continuation right after it,
        /// and the whole within `limit` (so nothing would be cut). What `field` would then
        /// hold is those very bytes. Nil otherwise (a bare LF, CR CR LF, past the limit).
        static func joined(
            _ p: UnsafeRawBufferPointer, _ content: UnsafeRawBufferPointer, limit: Int
        ) -> UnsafeRawBufferPointer? {
            guard let start = p.baseAddress, let next = content.baseAddress,
                start + p.count + 2 == next, next.load(fromByteOffset: -2, as: UInt8.self) == ASCII.cr,
                next.load(fromByteOffset: -1, as: UInt8.self) == ASCII.lf,
                p.count + 2 + content.count <= limit
            else { return nil }
            return UnsafeRawBufferPointer(start: start, count: p.count + 2 + content.count)
        }

        /// Copies the pending first line into `field` before the bytes it lies in go away.
        private mutating func keepPending() {
            if let p = pending {
                field.append(contentsOf: p)
                pending = nil
            }
        }

        mutating func finish(_ out: Callbacks) {
            if finished { return }
            if state != .body {
                if !line.isEmpty {
                    let l = line
                    line.removeAll()
                    l.withUnsafeBytes {
                        handleLine($0, out)
                        keepPending()
                    }
                }
                if state != .body {
                    flushField(out)
                    state = .body
                    out.onEndOfHeaders()
                }
            }
            finished = true
        }

        private static func appendBounded(_ buf: inout [UInt8], _ bytes: UnsafeRawBufferPointer, limit: Int) {
            let room = limit - buf.count
            if room <= 0 { return }
            buf.append(contentsOf: bytes.count <= room ? bytes : bytes.slice(0, room))
        }

        /// One physical line, with its line ending if it had one.
        private mutating func handleLine(_ raw: UnsafeRawBufferPointer, _ out: Callbacks) {
            var end = raw.count
            while end > 0, raw[end - 1] == ASCII.lf || raw[end - 1] == ASCII.cr { end -= 1 }
            let content = raw.slice(0, end)
            if state == .start {
                state = .headers
                // An mbox "From " separator is not a header.
                if content.starts(with: "From ".utf8) { return }
            }
            if content.isEmpty {
                flushField(out)
                state = .body
                out.onEndOfHeaders()
                return
            }
            let first = content[0]
            if (first == ASCII.space || first == ASCII.tab) && (pending != nil || !field.isEmpty) {
                if let p = pending, let joined = Split.joined(p, content, limit: fieldLimit) {
                    pending = joined
                    return
                }
                keepPending()
                if field.count < fieldLimit {
                    field.append(ASCII.cr)
                    field.append(ASCII.lf)
                    Split.appendBounded(&field, content, limit: fieldLimit)
                }
                return
            }
            if MessageSplitter.isFieldStart(content) {
                flushField(out)
                // What `appendBounded` would copy into the empty `field`.
                if fieldLimit > 0 { pending = content.count <= fieldLimit ? content : content.slice(0, fieldLimit) }
                return
            }
            // Garbage: the header block is over and this line is the first of the body.
            flushField(out)
            state = .body
            out.onEndOfHeaders()
            out.onBody(raw)
        }

        private mutating func flushField(_ out: Callbacks) {
            if let p = pending {
                pending = nil
                Split.emit(p, out)
                return
            }
            if field.isEmpty { return }
            field.withUnsafeBytes { Split.emit($0, out) }
            field.removeAll(keepingCapacity: true)
        }

        /// One whole field, "Name: value", handed on as name and value.
        private static func emit(_ buf: UnsafeRawBufferPointer, _ out: Callbacks) {
            guard let colon = buf.firstIndex(of: ASCII.colon, from: 0) else { return }
            var nameEnd = colon
            while nameEnd > 0, buf[nameEnd - 1] == ASCII.space || buf[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
            let name = buf.slice(0, nameEnd)
            var valueStart = colon + 1
            if valueStart < buf.count, buf[valueStart] == ASCII.space || buf[valueStart] == ASCII.tab { valueStart += 1 }
            out.onHeader(name, buf.slice(valueStart, buf.count))
        }
    }

    /// "Name:" with a printable name (blanks before the colon are tolerated, as obsolete syntax allows).
    static func isFieldStart(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let colon = line.firstIndex(of: ASCII.colon, from: 0), colon > 0 else { return false }
        var nameEnd = colon
        while nameEnd > 0, line[nameEnd - 1] == ASCII.space || line[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
        if nameEnd == 0 { return false }
        // Eight bytes at a time: a byte below 0x21 borrows into its high bit when 0x21 is
        // taken from it, one above 0x7E carries into it when 1 is added, and one above 0x7F
        // has it already; the lowest such byte always shows (a borrow or carry only moves
        // upward), so "none shows" is exact. The tests compare it with the byte loop.
        var k = 0
        if let base = line.baseAddress {
            while nameEnd &- k >= 8 {
                let w = base.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                if ((w &- 0x2121_2121_2121_2121) | (w &+ 0x0101_0101_0101_0101) | w) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                k &+= 8
            }
        }
        while k < nameEnd {
            if line[k] <= 0x20 || line[k] >= 0x7F { return false }
            k &+= 1
        }
        return true
    }

    /// `isFieldStart` a byte at a time: the reference.
    static func isFieldStartBytewise(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let colon = line.firstIndex(of: ASCII.colon, from: 0), colon > 0 else { return false }
        var nameEnd = colon
        while nameEnd > 0, line[nameEnd - 1] == ASCII.space || line[nameEnd - 1] == ASCII.tab { nameEnd -= 1 }
        if nameEnd == 0 { return false }
        for k in 0..<nameEnd where line[k] <= 0x20 || line[k] >= 0x7F { return false }
        return true
    }
}
