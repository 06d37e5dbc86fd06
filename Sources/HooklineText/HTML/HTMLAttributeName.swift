import HooklineCore

/// The attributes the HTML extractor reads, recognised on the tag's bytes (ASCII case
/// folded) so an attribute it ignores (src, alt, long URLs) is never copied out.
enum HTMLAttributeName {
    case style, href, color, background, hidden, className, id

    init?(_ name: ArraySlice<UInt8>) {
        guard name.count <= 7 else { return nil }
        switch String(decoding: name.map(ASCII.lower), as: UTF8.self) {
        case "style": self = .style
        case "href": self = .href
        case "color", "text": self = .color
        case "bgcolor": self = .background
        case "hidden": self = .hidden
        case "class": self = .className
        case "id": self = .id
        default: return nil
        }
    }
}
