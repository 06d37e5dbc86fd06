import Foundation
import HooklineCore

/// Which countries a message's addresses point at, for national phone numbers ("01 86 76
/// 12 34") that none of the configured regions accepts: a sender at hotmail.fr writing to
/// a .fr mailbox means France.
enum RegionHints {
    /// Country-code TLDs sold as generic names; they say nothing about a country.
    static let vanity: Set<String> = [
        "io", "co", "me", "tv", "ai", "ly", "fm", "to", "cc", "ws", "gg", "sh",
        "ac", "am", "im", "is", "la", "nu", "so", "st", "vc", "xyz", "app", "dev",
    ]
    /// TLDs whose country code differs from the ISO region libphonenumber expects.
    static let renamed: [String: String] = ["uk": "GB"]

    /// Addresses ("a@b.fr") or bare host names ("mx.example.de", an authserv-id), at most
    /// four regions, first seen first.
    static func fromAddresses(_ addresses: [String]) -> [String] {
        var out: [String] = []
        for address in addresses {
            guard let tld = countryCode(address) else { continue }
            let region = renamed[tld] ?? tld.uppercased()
            if !out.contains(region) { out.append(region) }
            if out.count == 4 { break }
        }
        return out
    }

    /// The two-letter, non-vanity top-level domain of an address or host name, lowercased.
    /// An ASCII one is read on its bytes in place: the last "@", the trim, the last "." and
    /// two letters are the same there (a two-letter TLD holds no CR LF grapheme); the String
    /// form below (the reference, and the way for anything else) built a lowercased copy of
    /// every domain, ~20 k instructions a message.
    static func countryCode(_ address: String) -> String? {
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else { return countryCodeOfString(address) }
        var a = 0, b = 0
        let found: Bool? = address.utf8.withContiguousStorageIfAvailable { u in
            var start = 0
            var i = u.count
            while i > 0 {
                i -= 1
                if u[i] == UInt8(ascii: "@") { start = i + 1; break }
            }
            let strip: (UInt8) -> Bool = { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ">") || $0 == 0x20 }
            var end = u.count
            while start < end && strip(u[start]) { start += 1 }
            while end > start && strip(u[end - 1]) { end -= 1 }
            var dot = end
            while dot > start && u[dot - 1] != UInt8(ascii: ".") { dot -= 1 }
            guard dot > start, end - dot == 2 else { return false }
            a = Int(ASCII.lower(u[dot])); b = Int(ASCII.lower(u[dot + 1]))
            return true
        }
        guard let found else { return countryCodeOfString(address) }
        let letter = Int(UInt8(ascii: "a"))...Int(UInt8(ascii: "z"))
        guard found, letter.contains(a), letter.contains(b) else { return nil }
        let tld = String(decoding: [UInt8(a), UInt8(b)], as: UTF8.self)
        return vanity.contains(tld) ? nil : tld
    }

    static func countryCodeOfString(_ address: String) -> String? {
        let at = ASCII.lastIndex(of: "@", in: address).map { address.index(after: $0) } ?? address.startIndex
        let domain = trimmedDomain(address[at...])
        guard let dot = ASCII.lastIndex(of: ".", in: domain) else { return nil }
        let tld = String(domain[domain.index(after: dot)...])
        guard tld.count == 2, tld.allSatisfy({ $0 >= "a" && $0 <= "z" }), !vanity.contains(tld) else { return nil }
        return tld
    }

    /// Lowercased, without the dots, '>' and spaces around it. An ASCII domain (nearly
    /// all) is done on its bytes: Foundation's CharacterSet trimming made this function
    /// 5 M instructions of the profile sample for a handful of addresses a message.
    private static func trimmedDomain(_ s: Substring) -> String {
        guard s.utf8.allSatisfy({ $0 < 0x80 }) else {
            return s.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".> "))
        }
        let bytes = s.utf8.map(ASCII.lower)
        let strip: (UInt8) -> Bool = { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ">") || $0 == 0x20 }
        guard let first = bytes.firstIndex(where: { !strip($0) }), let last = bytes.lastIndex(where: { !strip($0) }) else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
