/// The names and keywords the PDF readers compare tokens with, as bytes made once.
///
/// Written inline (`token == Array("obj".utf8)`, or as the cases of a `switch`), each
/// comparison built and freed an array of its own: about 2,500 allocations a pass over the
/// profile sample, from a handful of PDFs.
enum PDFKeywords {
    static let flateDecode = Array("FlateDecode".utf8), fl = Array("Fl".utf8)
    static let image = Array("Image".utf8)
    static let dctDecode = Array("DCTDecode".utf8), dct = Array("DCT".utf8)
    static let obj = Array("obj".utf8), endobj = Array("endobj".utf8)
    static let r = Array("R".utf8), stream = Array("stream".utf8)
    static let font = Array("Font".utf8), toUnicode = Array("ToUnicode".utf8)
    static let sMask = Array("SMask".utf8), mask = Array("Mask".utf8)
    static let iccBased = Array("ICCBased".utf8), `true` = Array("true".utf8)

    // Content-stream operators.
    static let tj = Array("Tj".utf8), tJ = Array("TJ".utf8)
    static let quote: [UInt8] = [0x27], doubleQuote: [UInt8] = [0x22]
    static let td = Array("Td".utf8), tD = Array("TD".utf8), tm = Array("Tm".utf8)
    static let tStar = Array("T*".utf8), et = Array("ET".utf8), bt = Array("BT".utf8)
    static let tf = Array("Tf".utf8)
    static let beginCodespaceRange = Array("begincodespacerange".utf8)
    static let endCodespaceRange = Array("endcodespacerange".utf8)
    static let beginBFChar = Array("beginbfchar".utf8), beginBFRange = Array("beginbfrange".utf8)
    static let endBFChar = Array("endbfchar".utf8), endBFRange = Array("endbfrange".utf8)
}
