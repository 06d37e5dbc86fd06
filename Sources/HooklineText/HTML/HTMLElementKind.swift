/// What an element's name says about the text around it: a line break (blocks), a space
/// (cells, controls, images) or nothing, and whether it has no end tag.
///
/// Looked up for every start and end tag, so by a `switch` on the name's key
/// (``HTMLTextExtractor/key(_:)``) rather than by hashing it into three sets; the sets stay
/// as the definition, and `HTMLElementKindTests` checks that the switch agrees with them.
struct HTMLElementKind: OptionSet {
    let rawValue: UInt8
    static let newline = HTMLElementKind(rawValue: 1)
    static let space = HTMLElementKind(rawValue: 2)
    static let void = HTMLElementKind(rawValue: 4)

    static let voidNames = [
        "br", "img", "hr", "meta", "link", "input", "area", "base",
        "col", "embed", "param", "source", "track", "wbr", "basefont", "frame", "keygen",
    ]
    static let newlineNames = [
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5",
        "h6", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "hr", "pre", "section", "article", "header",
        "footer", "title", "center", "address", "form", "tbody", "thead", "tfoot", "caption", "nav", "aside",
        "main", "figure", "figcaption", "fieldset", "legend", "body", "html", "option", "textarea",
    ]
    static let spaceNames = ["td", "th", "img", "button", "input", "select", "label"]

    /// The kind of the element whose name has `key`; the constants are the keys of the
    /// names above (the eight bytes of a short name, little-endian; longer names hashed).
    static func of(_ key: UInt64) -> HTMLElementKind {
        switch key {
        case 0x7262, 0x7268:  // br hr
            return [.newline, .void]
        case 0x676D69, 0x7475706E69:  // img input
            return [.space, .void]
        case 0x6174656D, 0x6B6E696C, 0x61657261, 0x65736162, 0x6C6F63, 0x6465626D65, 0x6D61726170, 0x656372756F73,
            0x6B63617274, 0x726277, 0x746E6F6665736162, 0x656D617266, 0x6E656779656B:
            // meta link area base col embed param source track wbr basefont frame keygen
            return .void
        case 0x70, 0x766964, 0x7274, 0x696C, 0x3168, 0x3268, 0x3368, 0x3468, 0x3568, 0x3668, 0x656C626174, 0x6C75,
            0x6C6F, 0x6C64, 0x7464, 0x6464, 0x8A8D_A23D_92B7_F953, 0x657270, 0x6E6F6974636573, 0x656C6369747261,
            0x726564616568, 0x7265746F6F66, 0x656C746974, 0x7265746E6563, 0x73736572646461, 0x6D726F66, 0x79646F6274,
            0x6461656874, 0x746F6F6674, 0x6E6F6974706163, 0x76616E, 0x6564697361, 0x6E69616D, 0x657275676966,
            0x743F_B08C_70D1_2FC9, 0x746573646C656966, 0x646E6567656C, 0x79646F62, 0x6C6D7468, 0x6E6F6974706F,
            0x6165726174786574:
            // p div tr li h1-h6 table ul ol dl dt dd blockquote pre section article header footer title
            // center address form tbody thead tfoot caption nav aside main figure figcaption fieldset
            // legend body html option textarea
            return .newline
        case 0x6474, 0x6874, 0x6E6F74747562, 0x7463656C6573, 0x6C6562616C:  // td th button select label
            return .space
        default:
            return []
        }
    }
}
