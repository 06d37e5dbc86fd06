import HooklineCore

/// The attributes the HTML extractor reads, recognised on the tag's bytes (ASCII case
/// folded) so an attribute it ignores (src, alt, long URLs) is never copied out.
enum HTMLAttributeName {
    case style, href, color, background, hidden, className, id

    /// The name's bytes, ASCII-lowercased, packed big-endian into one word and compared
    /// with the packed names: no array or string per attribute of every tag. A name with
    /// a NUL byte (which packing would lose) or more than seven bytes is none of them.
    init?<C: Collection>(_ name: C) where C.Element == UInt8 {
        guard name.count <= 7 else { return nil }
        var packed: UInt64 = 0
        for b in name {
            if b == 0 { return nil }
            packed = packed << 8 | UInt64(ASCII.lower(b))
        }
        switch packed {
        case 0x73_7479_6c65: self = .style  // "style"
        case 0x6872_6566: self = .href  // "href"
        case 0x63_6f6c_6f72, 0x7465_7874: self = .color  // "color", "text"
        case 0x62_6763_6f6c_6f72: self = .background  // "bgcolor"
        case 0x6869_6464_656e: self = .hidden  // "hidden"
        case 0x63_6c61_7373: self = .className  // "class"
        case 0x6964: self = .id  // "id"
        default: return nil
        }
    }
}
