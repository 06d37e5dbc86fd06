// Target "decoders": the text layer's pieces one at a time, so a bug deep inside one
// is not hidden behind MIME structure. Input: [selector][pick][chunk seed][chunk scale][data];
// `pick` chooses the charset / header name / part kind where a target needs one.
//   0 base64          1 quoted-printable     2 charset (name from a list)
//   3 charset (name from the input's first line)   4 UTF8Repairer
//   5 HTML extractor  6 calendar extractor (both fed valid UTF-8 cut between characters,
//     as the charset layer hands it to them)   7 TextPartDecoder (kind/encoding/charset picked)
//   8 RFC 2047 encoded words + unfolding     9 address lists   10 Authentication-Results
//   11 MIME header values (Content-Type parameters)  12 HTML entities, CSS, colours, %-decoding
//   13 HeaderFeatures.add with a picked header name   14 PDF text extractor (raw bytes)
//   15 Inflater (zlib/deflate, budget picked)
// Decoders that promise UTF-8 out (charset, repairer) are checked for it.
import HooklineCore
@testable import HooklineText

let charsets = [
    "utf-8", "us-ascii", "iso-8859-1", "windows-1252", "iso-8859-15", "koi8-r", "shift_jis",
    "iso-2022-jp", "euc-jp", "euc-kr", "gb2312", "gbk", "gb18030", "big5", "utf-16", "utf-16le",
    "utf-16be", "utf-32", "utf-7", "windows-1251", "cp850", "x-unknown", "bogus-charset", "utf-8*en",
]
let encodings = ["7bit", "base64", "quoted-printable", "8bit", "binary", "x-uuencode"]
let headerNames = [
    "From", "Sender", "Reply-To", "To", "Cc", "Subject", "Return-Path", "List-Id",
    "X-Original-To", "Delivered-To", "Authentication-Results", "DKIM-Signature",
    "Message-ID", "Resent-From", "List-Unsubscribe", "Content-Type",
]

func checkedEmit(_ what: String) -> (UnsafeRawBufferPointer) -> Void {
    { out in
        if !ContractSink.isValidUTF8(out) { fatalError("\(what) emitted invalid UTF-8") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let selector = input.byte()
    let pick = Int(input.byte())
    var chunking = Chunking(seed: input.byte(), scale: input.byte())
    let rest = input.rest
    let bytes = Array(rest)
    var anomalies: Set<Anomaly> = []

    switch selector % 16 {
    case 0:
        let d = Base64Decoder()
        var n = 0
        chunking.feed(rest) { d.decode($0) { n &+= $0.count } }
        d.finish { n &+= $0.count }
        if n > rest.count { fatalError("base64 grew its input") }
    case 1:
        let d = QuotedPrintableDecoder()
        var n = 0
        chunking.feed(rest) { d.decode($0) { n &+= $0.count } }
        d.finish { n &+= $0.count }
        if n > rest.count { fatalError("quoted-printable grew its input") }
    case 2, 3:
        var name = charsets[pick % charsets.count]
        var body = rest
        if selector % 16 == 3 {
            let nl = rest.firstIndex(of: 0x0A) ?? rest.count
            name = String(decoding: rest[..<nl], as: UTF8.self)
            body = UnsafeRawBufferPointer(rebasing: rest[min(rest.count, nl + 1)...])
        }
        let d = CharsetDecoder(charset: name)
        let emit = checkedEmit("CharsetDecoder(\(name))")
        chunking.feed(body) { d.decode($0, emit) }
        d.finish(emit)
        _ = d.sawInvalid || d.droppedNUL
    case 4:
        let d = UTF8Repairer()
        let emit = checkedEmit("UTF8Repairer")
        chunking.feed(rest) { d.decode($0, emit) }
        d.finish(emit)
    case 5:
        let sink = ContractSink()
        let writer = ViewWriter(sink: sink)
        let html = HTMLTextExtractor(writer: writer, anomalies: AnomalyRecorder(sink: sink))
        validUTF8(rest).withUnsafeBytes { text in chunking.feedUTF8(text) { html.feed($0) } }
        html.finish()
        writer.close()
    case 6:
        let sink = ContractSink()
        let writer = ViewWriter(sink: sink)
        let cal = CalendarTextExtractor(writer: writer)
        validUTF8(rest).withUnsafeBytes { text in chunking.feedUTF8(text) { cal.feed($0) } }
        cal.finish()
        writer.close()
    case 7:
        let sink = ContractSink()
        let writer = ViewWriter(sink: sink)
        let kind: TextPartDecoder.Kind = [.plain, .html, .calendar, .pdf][pick % 4]
        let part = TextPartDecoder(
            kind: kind, transferEncoding: encodings[(pick / 4) % encodings.count],
            charset: charsets[(pick / 24 + Int(selector / 16)) % charsets.count],
            budget: selector >= 128 ? 1 + pick * 37 : 1 << 20,
            writer: writer, anomalies: AnomalyRecorder(sink: sink))
        chunking.feed(rest) { part.feed($0) }
        part.finish()
        writer.close()
    case 8:
        let unfolded = HeaderDecoding.unfold(bytes)
        let s = HeaderDecoding.decode(unfolded, anomalies: &anomalies)
        _ = HeaderDecoding.collapseWhitespace(s)
        _ = HeaderDecoding.rawString(bytes[...], anomalies: &anomalies)
    case 9:
        for box in AddressParser.parse(bytes, anomalies: &anomalies) { _ = box.domain }
    case 10:
        _ = AuthenticationResultsParser.parse(String(decoding: bytes, as: UTF8.self))
    case 11:
        let v = MIMEHeaderValue.parse(String(decoding: bytes, as: UTF8.self), anomalies: &anomalies)
        _ = v
    case 12:
        let s = String(decoding: bytes, as: UTF8.self)
        _ = HTMLEntities.decodeAll(bytes)
        _ = HTMLEntities.decode(bytes[...])
        let style = HTMLStyle.parse(css: s)
        _ = style
        if let c = HTMLStyle.parseColor(s) { _ = HTMLStyle.indistinguishable(c, 0xFFFFFF) }
        _ = HTMLStyle.isZero(s)
        _ = HTMLStyle.isZero(bytes[...])
        _ = PercentDecoding.decode(s)
        _ = PercentDecoding.decodeBytes(bytes)
    case 14:
        let sink = ContractSink()
        let writer = ViewWriter(sink: sink)
        let pdf = PDFTextExtractor(
            writer: writer, anomalies: AnomalyRecorder(sink: sink),
            inflateBudget: pick == 0 ? 4 << 20 : pick * 97)
        chunking.feed(rest) { pdf.feed($0) }
        pdf.finish()
        writer.close()
    case 15:
        let budget = pick == 0 ? 1 << 20 : pick * 61
        let inflater = Inflater(budget: budget)
        var n = 0
        chunking.feed(rest) { inflater.feed($0) { n &+= $0.count } }
        if n > budget { fatalError("Inflater emitted \(n) bytes over its budget \(budget)") }
    default:
        var f = HeaderFeatures()
        let name = headerNames[pick % headerNames.count]
        f.add(name: name, value: rest, limits: .default)
        f.add(name: name, value: rest, limits: .default)
        _ = f.anomalies.count
    }
    return 0
}
