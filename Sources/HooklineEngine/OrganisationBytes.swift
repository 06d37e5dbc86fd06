/// ``MessageFeatures/organisationDomain(_:)`` and ``MessageFeatures/organisationLabel(_:)``
/// on a domain's bytes. Every message asks them of every recipient, To and Cc address and
/// the sender (~0.1 M instructions per message as `String` splits, arrays and a join). For
/// ASCII without a carriage return (where a `Character` is one byte: "\r\n" is one
/// `Character` of two) the labels, their lengths and their equality are the bytes'; any
/// other domain takes the `String` forms, unchanged.
extension MessageFeatures {
    /// "firstharborbank.com" of mail.firstharborbank.com; "bank.co.uk" of alerts.bank.co.uk.
    static func organisationDomain(_ domain: String) -> String {
        let fast = domain.utf8.withContiguousStorageIfAvailable { b -> String? in
            guard let labels = OrganisationBytes(b) else { return nil }
            guard let chosen = labels.organisation else { return domain }
            // The last label equal to the chosen one (one of the last three), then every
            // label after it joined by single dots, as `labels[i...].joined(separator: ".")`.
            var start = chosen.lowerBound
            for k in 0..<labels.count {
                let r = labels.label(k)
                if r.lowerBound > start && b[r].elementsEqual(b[chosen]) { start = r.lowerBound }
            }
            // No empty label from `start` on (no doubled or trailing dot; a label never starts
            // with one): the join is those bytes as they stand, and the domain itself when they
            // are all of it. Copied byte by byte into an array and then into a String, the
            // answer cost ~1.3 k instructions a call, several calls a message.
            if b.last != UInt8(ascii: "."), !Self.hasDoubledDot(b, from: start) {
                return start == 0 ? domain : String(decoding: UnsafeBufferPointer(rebasing: b[start...]), as: UTF8.self)
            }
            var out: [UInt8] = []
            out.reserveCapacity(b.count - start)
            var dot = false
            for c in b[start...] {
                if c == UInt8(ascii: ".") {
                    dot = !out.isEmpty
                } else {
                    if dot { out.append(UInt8(ascii: ".")) }
                    dot = false
                    out.append(c)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        if let known = fast ?? nil { return known }
        return organisationDomainOfString(domain)
    }

    /// Whether two dots follow each other in `b` from `start` on.
    private static func hasDoubledDot(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var k = start
        while k + 1 < b.count {
            if b[k] == UInt8(ascii: ".") && b[k + 1] == UInt8(ascii: ".") { return true }
            k += 1
        }
        return false
    }

    /// "firstharborbank" of mail.firstharborbank.com; "bank" of bank.co.uk.
    static func organisationLabel(_ domain: String) -> String {
        let fast = domain.utf8.withContiguousStorageIfAvailable { b -> String? in
            guard let labels = OrganisationBytes(b) else { return nil }
            return labels.organisation.map { String(decoding: b[$0], as: UTF8.self) } ?? ""
        }
        if let known = fast ?? nil { return known }
        return organisationLabelOfString(domain)
    }
}

/// The last three non-empty dot-separated labels of an ASCII domain, and which of them names
/// the organisation.
struct OrganisationBytes {
    /// Last label first: `label(0)` to `label(count - 1)`. Three ranges in place, not an array
    /// grown label by label (one or two allocations at each of ~5 calls a message).
    private var lastThree: (Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0)
    private(set) var count = 0

    func label(_ k: Int) -> Range<Int> { k == 0 ? lastThree.0 : k == 1 ? lastThree.1 : lastThree.2 }

    private mutating func add(_ r: Range<Int>) {
        switch count {
        case 0: lastThree.0 = r
        case 1: lastThree.1 = r
        default: lastThree.2 = r
        }
        count += 1
    }
    /// The organisation's label: the second last, or the third last under a two-level public
    /// suffix (co.uk); the only label of a one-label domain; nil for a domain without labels.
    var organisation: Range<Int>?

    /// Nil when `b` holds a byte above 0x7F or a carriage return.
    init?(_ b: UnsafeBufferPointer<UInt8>) {
        for c in b where c >= 0x80 || c == 0x0D { return nil }
        var end = b.count
        var i = b.count
        while i > 0 && count < 3 {
            i -= 1
            if b[i] == UInt8(ascii: ".") {
                if i + 1 < end { add((i + 1)..<end) }
                end = i
            } else if i == 0 {
                add(0..<end)
            }
        }
        switch count {
        case 0: organisation = nil
        case 1: organisation = lastThree.0
        default:
            let last = lastThree.0, second = lastThree.1
            if count == 3 && last.count == 2
                && MessageFeatures.secondLevelLabels.contains(where: { $0.utf8.elementsEqual(b[second]) })
            {
                organisation = lastThree.2
            } else {
                organisation = second
            }
        }
    }
}
