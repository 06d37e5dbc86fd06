/// A part's Content-Transfer-Encoding, undone as the part streams. Text parts and image
/// parts both need it; the one type keeps their decoding identical.
enum TransferDecoding {
    case identity, base64(Base64Decoder), quotedPrintable(QuotedPrintableDecoder)

    /// 7bit, 8bit, binary, absent or unknown encodings pass bytes through.
    init(_ contentTransferEncoding: String) {
        switch contentTransferEncoding {
        case "base64": self = .base64(Base64Decoder())
        case "quoted-printable": self = .quotedPrintable(QuotedPrintableDecoder())
        default: self = .identity
        }
    }

    func decode(_ bytes: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .identity: emit(bytes)
        case .base64(let d): d.decode(bytes, emit)
        case .quotedPrintable(let d): d.decode(bytes, emit)
        }
    }

    /// Flushes what a decoder still holds at the end of the part.
    func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .identity: break
        case .base64(let d): d.finish(emit)
        case .quotedPrintable(let d): d.finish(emit)
        }
    }
}
