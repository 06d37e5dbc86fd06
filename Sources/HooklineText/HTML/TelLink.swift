/// The target of a tel:, callto: or sms: link.
enum TelLink {
    /// A dial string as a phone dials it: RFC 3966 calls "-", ".", "(" and ")" visual
    /// separators with no meaning, so "tel:+1.8009890287" is "+18009890287" and must not
    /// read as the amount "1.8009890287". The scheme and any ";ext=" parameter stay.
    static func dialString(_ target: String) -> String {
        guard let colon = target.firstIndex(of: ":") else { return target }
        let scheme = target[...colon]
        let rest = target[target.index(after: colon)...]
        let number = rest.prefix { $0 != ";" && $0 != "?" }
        let params = rest.dropFirst(number.count)
        let kept = number.filter { !"-.() \t".contains($0) }
        return scheme + kept + params
    }
}
