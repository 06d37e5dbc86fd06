import HooklineCore

/// A part's header block, line by line: bounded lines and fields, folded continuations,
/// and the three fields that decide what the part's body is worth.
extension MIMEParser {
    // MARK: part headers

    /// Consumes part-header bytes from `from`; returns where it stopped.
    func headerBytes(_ buf: UnsafeRawBufferPointer, from i: Int) -> Int {
        let n = buf.count
        let cap = limits.maxLineBytes
        guard let nl = buf.firstIndex(of: ASCII.lf, from: i) else {
            let room = cap - lineBuf.count
            if room > 0 { lineBuf.append(contentsOf: buf.slice(i, i + min(n - i, room))) }  // room may be near Int.max
            if n - i > room { recorder.record(.lineTooLong) }
            return n
        }
        if lineBuf.isEmpty {
            let end = nl + 1
            if end - i > cap {
                recorder.record(.lineTooLong)
                var line = Array(buf.slice(i, i + cap))
                line.append(ASCII.lf)
                line.withUnsafeBytes { headerLineOrBoundary($0) }
            } else {
                headerLineOrBoundary(buf.slice(i, end))
            }
        } else {
            let room = cap - lineBuf.count
            if room > 0 { lineBuf.append(contentsOf: buf.slice(i, min(nl, i + room))) }
            if nl - i > room { recorder.record(.lineTooLong) }
            lineBuf.append(ASCII.lf)
            let line = lineBuf
            lineBuf.removeAll(keepingCapacity: true)
            line.withUnsafeBytes { headerLineOrBoundary($0) }
        }
        return nl + 1
    }

    func headerLineOrBoundary(_ line: UnsafeRawBufferPointer) {
        if !line.isEmpty && line[0] == ASCII.dash, let (idx, closing) = matchBoundary(line) {
            boundaryHit(idx, closing: closing)
        } else {
            headerLine(line)
        }
    }

    func headerLine(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0, line[end - 1] == ASCII.lf || line[end - 1] == ASCII.cr { end -= 1 }
        if end == 0 {
            flushField()
            startEntity(part)
            return
        }
        let first = line[0]
        if first == ASCII.space || first == ASCII.tab {
            let room = limits.maxHeaderBytes - part.field.count
            if room > 0 { part.field.append(contentsOf: line.slice(0, min(end, room))) } else { recorder.record(.headerTooLong) }
            return
        }
        if line.slice(0, end).firstIndex(of: ASCII.colon, from: 0) == nil {
            // Not a header: the part's body started without a blank line.
            recorder.record(.malformedHeader)
            flushField()
            startEntity(part)
            candidateOrContent(line)
            return
        }
        flushField()
        part.field.append(contentsOf: line.slice(0, min(end, limits.maxHeaderBytes)))
    }

    func candidateOrContent(_ line: UnsafeRawBufferPointer) {
        if case .headers = mode { headerLine(line) } else { content(line) }
    }

    func flushField() {
        if part.field.isEmpty { return }
        defer { part.field.removeAll(keepingCapacity: true) }
        part.count += 1
        if part.count > limits.maxHeaders { recorder.record(.tooManyHeaders); return }
        guard let colon = part.field.firstIndex(of: ASCII.colon) else { return }
        let name = part.field.withUnsafeBufferPointer { MIMEParser.partField(UnsafeBufferPointer(rebasing: $0[..<colon])) }
        let valueBytes = part.field[(colon + 1)...]
        var found: Set<Anomaly> = []
        switch name {
        case .contentType: part.contentType = HeaderDecoding.rawString(valueBytes, anomalies: &found)
        case .contentTransferEncoding: part.transferEncoding = HeaderDecoding.rawString(valueBytes, anomalies: &found)
        case .contentDisposition: part.disposition = HeaderDecoding.rawString(valueBytes, anomalies: &found)
        case .subject where partIsMessage:
            part.subject = HeaderDecoding.collapseWhitespace(HeaderDecoding.decode(valueBytes, anomalies: &found))
        default: break
        }
        found.forEach { recorder.record($0) }
    }

    /// The part-header fields read here.
    enum PartField { case contentType, contentTransferEncoding, contentDisposition, subject, other }

    /// Which field a part header's name bytes (before the colon) name: blanks trimmed and
    /// ASCII lowered, compared byte for byte, as the String `switch` on
    /// `ASCII.lowerString(name).trimmingCharacters()` did (no other String equals these
    /// ASCII names: only ASCII does, and a non-ASCII byte matches no byte of theirs).
    static func partField(_ name: UnsafeBufferPointer<UInt8>) -> PartField {
        var a = 0
        var b = name.count
        while a < b && ASCII.isSpace(name[a]) { a += 1 }
        while b > a && ASCII.isSpace(name[b - 1]) { b -= 1 }
        func named(_ literal: StaticString) -> Bool {
            literal.withUTF8Buffer { l in
                guard l.count == b - a else { return false }
                for k in 0..<l.count where ASCII.lower(name[a + k]) != l[k] { return false }
                return true
            }
        }
        if named("content-type") { return .contentType }
        if named("content-transfer-encoding") { return .contentTransferEncoding }
        if named("content-disposition") { return .contentDisposition }
        if named("subject") { return .subject }
        return .other
    }

    /// `partField` through the lowered, trimmed String: the reference.
    static func partFieldOfString(_ name: ArraySlice<UInt8>) -> PartField {
        switch ASCII.lowerString(name).trimmingCharacters() {
        case "content-type": return .contentType
        case "content-transfer-encoding": return .contentTransferEncoding
        case "content-disposition": return .contentDisposition
        case "subject": return .subject
        default: return .other
        }
    }
}
