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
            guard let region = region(of: address) else { continue }
            if !out.contains(region) { out.append(region) }
            if out.count == 4 { break }
        }
        return out
    }

    /// `countryCode(address).map { renamed[$0] ?? $0.uppercased() }`: for an ASCII address
    /// read from a table of the 676 letter pairs built at load (a non-vanity pair's region, or
    /// nil), so no two-letter String is made, hashed against ``vanity`` and ``renamed`` and
    /// uppercased for every address (~1.1 k instructions each, three or four a message).
    /// `RegionHintsBytesTests` holds it to the String form.
    static func region(of address: String) -> String? {
        guard let letters = codeLetters(address) else {
            return countryCodeOfString(address).map { renamed[$0] ?? $0.uppercased() }
        }
        guard let (a, b) = letters else { return nil }
        return regionOfPair[Int(a &- UInt8(ascii: "a")) &* 26 &+ Int(b &- UInt8(ascii: "a"))]
    }

    /// Per pair of lowercase letters (first * 26 + second): nil for a vanity code, else the
    /// region (``renamed``, or the pair uppercased).
    static let regionOfPair: [String?] = (0..<676).map { k in
        let tld = String(decoding: [UInt8(ascii: "a") + UInt8(k / 26), UInt8(ascii: "a") + UInt8(k % 26)], as: UTF8.self)
        return vanity.contains(tld) ? nil : renamed[tld] ?? tld.uppercased()
    }

    /// The two-letter, non-vanity top-level domain of an address or host name, lowercased.
    static func countryCode(_ address: String) -> String? {
        guard let letters = codeLetters(address) else { return countryCodeOfString(address) }
        guard let (a, b) = letters else { return nil }
        let tld = String(unsafeUninitializedCapacity: 2) { out in
            out[0] = a
            out[1] = b
            return 2
        }
        return vanity.contains(tld) ? nil : tld
    }

    /// The two lowered letters of an ASCII address's top-level domain, `.some(nil)` when it
    /// has no two-letter one, nil when the address is not ASCII or not contiguous (the
    /// String form answers then). Read on the bytes in place: the last "@", the trim, the last
    /// "." and two letters are the same there (a two-letter TLD holds no CR LF grapheme); the
    /// String form below (the reference, and the way for anything else) built a lowercased
    /// copy of every domain, ~20 k instructions a message. The ASCII test is the same pass's
    /// first loop (a generic `allSatisfy` over the `UTF8View` was ~400 instructions).
    private static func codeLetters(_ address: String) -> (UInt8, UInt8)?? {
        let found: (UInt8, UInt8)??? = address.utf8.withContiguousStorageIfAvailable { u in
            for c in u where c >= 0x80 { return nil }
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
            guard dot > start, end - dot == 2 else { return .some(nil) }
            let a = ASCII.lower(u[dot])
            let b = ASCII.lower(u[dot + 1])
            let letter = UInt8(ascii: "a")...UInt8(ascii: "z")
            guard letter.contains(a), letter.contains(b) else { return .some(nil) }
            return .some((a, b))
        }
        return found ?? nil
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
